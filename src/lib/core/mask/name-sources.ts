/**
 * Where a resume states a person's name: the header (also "Résumé of …", "CV – …", name and email on one
 * line, "SURNAME, Given"), "Name:" fields (table-names.ts: the name column of a table), the closing declaration
 * or signature, references sections,
 * supervisor/referee labels, honorific mentions ("Dr. Anil Kumar") and email local parts.
 * Purpose: collect the names that names.ts then masks wherever they stand as names.
 * Non-goals: matching occurrences (names.ts); general named-entity recognition (companies, places).
 * Shape legend: each finder returns names as written in the text (words separated by spaces, commas or
 * runs of spaces); `titledMentions` returns spans, since a name after an honorific is masked in place.
 */
import nonNameWords from '../../../../models/non-name-words.json';
import skillsTaxonomy from '../../../../models/skills-taxonomy.json';
import { findDegrees } from '../resume/education';
import { headingKind } from '../resume/sections';
import { textRegExp } from '../text/text-regexp';
import { foldText } from './fold';
import { isKnownName } from './person-names';
import { isVocabulary } from './vocabulary';

const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);
// A header line that names a skill ("Active Directory") is not a person.
const SKILL_NAMES = new Set<string>(skillsTaxonomy.skills.flatMap((s) => [s.name, ...s.aliases]).map((n) => n.toLowerCase()));
/** Whether a phrase (any case) is a skill of the taxonomy, one word or several ("Power BI"). */
export const isSkillName = (phrase: string) => SKILL_NAMES.has(phrase.toLowerCase());
const HEADER_LINES_SCANNED = 6;
const MAX_LATER_NAME_LINE = 80;
export const MAX_NAME_LENGTH = 60;
// "'t" is a word of its own in Dutch names ("van 't Hof").
const NAME_WORD = String.raw`(?:['’][tT]|\p{L}[\p{L}\p{M}'’.-]*)`;
const NAME_LINE_RE = new RegExp(String.raw`^${NAME_WORD}(?:[ \t]+${NAME_WORD}){0,5}$`, 'u');
/** Lower-case particles inside family names ("van der Berg", "bin Abdullah", "de la Cruz"). */
export const PARTICLES = new Set([
  ...['van', 'der', 'den', 'de', 'del', 'della', 'dei', 'degli', 'dalla', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'delos', 'delas'],
  ...['bin', 'binti', 'bint', 'ibn', 'al', 'el', 'abu', 'von', 'vom', 'zu', 'zum', 'zur', 'af', 'av', 'y', 'e', 'ter', 'ten', 'op', "'t", '’t'],
  // Filipino "dela Cruz"; Dutch "in 't Veld" ("in" is a particle only before "'t" in patterns, see PARTICLE_ALT).
  ...['dela', 'in'],
  // Catalan "i" between two family names ("Puig i Soler").
  'i'
]);
/** The particles as a regex alternation, longest first ("delos" before "del" before "de"); "in" only as "in 't". */
const PARTICLE_ALT = [...[...PARTICLES].filter((p) => p !== 'in'), "in[ \\t]+['’]t"].sort((a, b) => b.length - a.length).join('|');
export const HONORIFIC = String.raw`(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Shri|Smt|Sri|Kum|Herr|Frau|Mme|Mlle|Sra|Srta|Rev|Capt|Eng|Ing|Engr|Atty|Hon|Mag|Bpk|Alhaji|Alhaja|Hajia|Sheikh|Ibu|Bapak|Pastor|Imam|Rabbi)`;
// Honorifics before a name in other cultures and professions: Nigerian "Alhaji", Indonesian "Bpk."/"Ibu", Filipino
// "Atty.", Austrian/German "Mag." and "Dipl.-Ing.", "Hon.", clergy "Pastor", "Imam", "Rabbi"; written with their dot where the word is also an
// ordinary one ("Hon", "Mag"). Chains of titles ("Prof. Dr.", "Assoc. Prof.", "Dr. (Mrs.)") count as one.
// Clergy titles are also job titles ("Outreach Pastor Aug 2014 to …"): a month and a number after one is a date.
const MONTH_DATE = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?[ \t]+\d`;
const MORE_TITLES = String.raw`(?:Atty|Hon|Mag|Bpk|Dipl\.-Ing|Dipl\.-Kfm|Assoc|Asst)\.|(?:Alhaji|Alhaja|Hajia|Sheikh|Ibu|Bapak)(?=[ \t]+\p{Lu})|(?:Pastor|Imam|Rabbi)(?=[ \t]+(?!${MONTH_DATE})\p{Lu})`;
// Case-sensitive honorifics before a name; all-caps and rarer ones need their dot ("MS Office", "DR site" are not titles).
// German, French and Spanish forms of address ("Herr", "Mme", "Sra."); "Eng."/"Ing." only as a title, not inside
// a degree ("B.Eng.", "Dipl.-Ing.").
const ONE_TITLE = String.raw`(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Shri|Smt|Sri|Kum|Herr|Frau|Mme|Mlle|Sra|Srta)\.?|(?:MR|MRS|MISS|DR|PROF|SHRI|SMT|Er|Col|Capt|Adv|Rev)\.|(?<![.-])(?:Eng|Ing|Engr)\.|${MORE_TITLES})`;
const TITLE_WORD = String.raw`${ONE_TITLE}(?:[ \t]+(?:${ONE_TITLE}|\((?:Mrs|Mr|Ms|Miss|Dr)\.?\)))*`;
export const HONORIFIC_RE = new RegExp(String.raw`^(?:(?:${HONORIFIC}|Dipl\.-Ing|Assoc|Asst)\.?\s+|\((?:Mrs|Mr|Ms|Miss|Dr)\.?\)\s+)+`, 'i');
// "Résumé of", "Curriculum Vitae –", "CV:" before the name on the first lines.
// The title may carry one qualifier before it ("Personal Resume of", "Updated CV –") and be in another language
// (DE Lebenslauf, ES currículum / hoja de vida, PT currículo, PL życiorys, NL levensloop).
// TR özgeçmiş, CZ/SK životopis, ID riwayat hidup, GR βιογραφικό too.
const DOC_TITLE_WORDS = String.raw`r[eé]sum[eé]|curriculum\s+vit(?:ae|æ)|curr[ií]cul(?:um|o)(?:\s+vitae)?|c\.?\s?v\.?|bio-?\s?data|profile|lebenslauf|hoja\s+de\s+vida|życiorys|levensloop|özgeçmiş|životopis|riwayat\s+hidup|βιογραφικό`;
export const DOC_TITLE_RE = new RegExp(String.raw`^(?:\p{L}+\s+)?(?:${DOC_TITLE_WORDS})(?:\s*\(\d{4}\))?\s*(?:of|for|de|von|do|da)?\s*[:\-–—|]?\s+(?=\S)`, 'iu');
/** A line that is only a document title ("CURRICULUM VITAE", "Lebenslauf"): never the name. */
export const DOC_TITLE_LINE_RE = new RegExp(String.raw`^(?:\p{L}+\s+)?(?:${DOC_TITLE_WORDS})\s*[:\-–—]?$`, 'iu');
// Degrees and credentials written after a name: "Jane Doe, PhD", "Jane Doe MBA".
// Several may follow one another ("Jane Doe, MBA, PMP", "Jane Doe MBBS, MD").
export const CREDENTIAL_RE = /(?:[\s,]+(?:ph\.?\s?d|mba|md|mbbs|msc|m\.?sc|bsc|b\.?sc|cpa|cma|pmp|cfa|pe|p\.?\s?eng|rn|bsn|acca|fcca|aca|fca|cissp|esq|jr|sr|ii|iii|\(hons\))\.?)+$/i;

export function words(name: string): string[] {
  return name
    .split(/[\s,]+/)
    .map((w) => (/^['’]t$/i.test(w) ? w : w.replace(/^[.'’(\[-]+|[.'’)\]-]+$/g, '')))
    .filter((w) => w.length > 0);
}

/** Whether a name word starts with a capital, after a lower-case particle prefix ("al-Rashid", "d'Arcy"). */
export const isCapitalised = (w: string) => /^(?:\p{Ll}{1,3}['’-])?\p{Lu}/u.test(w);

const COMMON_WORDS = new Set<string>(nonNameWords.commonWords);
// One-word skills ("Jenkins", "Kafka", "Ruby").
/** Short ALL-CAPS aliases ("MEI", "ASE") name a skill only as written: "Mei" in prose is a person. */
const isAcronymAlias = (n: string) => n.length <= 4 && n === n.toUpperCase() && /\p{Lu}/u.test(n);
const ALL_SKILL_NAMES = skillsTaxonomy.skills.flatMap((s) => [s.name, ...s.aliases]).filter((n) => /^[\p{L}]+$/u.test(n));
export const SKILL_WORDS = new Set<string>(ALL_SKILL_NAMES.filter((n) => !isAcronymAlias(n)).map((n) => n.toLowerCase()));
/** Skill acronyms that are also name-shaped words: a name part equal to one is masked unless written in capitals. */
export const ACRONYM_SKILL_WORDS = new Set<string>(ALL_SKILL_NAMES.filter(isAcronymAlias).map((n) => n.toLowerCase()));

/** A lower-case word that is also a skill, an everyday word or a heading word: a name only where it stands as one. */
export const isAmbiguousWord = (w: string) => COMMON_WORDS.has(w) || SKILL_WORDS.has(w) || HEADER_WORDS.has(w);

/** Whether `head` is all of `line` but for a document title, honorific, credentials or a separator after it. */
function lineIsName(line: string, head: string): boolean {
  const cleaned = line.replace(DOC_TITLE_RE, '').replace(HONORIFIC_RE, '').trim();
  const m = new RegExp(`^${words(head).map(escapeRe).join(String.raw`[\s,.]+`)}\\.?`, 'u').exec(cleaned);
  if (!m) return false;
  const rest = cleaned.slice(m[0].length);
  // Nothing after it, a column gap, a separator, contact data, credentials or ", Job Title".
  return rest.trim() === '' || /^(?:\s{3,}|\t|\s*[|•·–—-]\s|\s\(|,?\s+\S*@|,?\s+\+?\(?\d[\d ().-]{6,}|,?\s*(?:ph\.?\s?d|mba|md|msc|cpa|pmp|cfa)\b)/i.test(rest) || isJobTitle(rest.replace(/^\s*,\s*/, ''));
}

/** "Build and Release Engineer", "Senior Backend Developer": capitalised words ending in a job or heading word. */
function isJobTitle(s: string): boolean {
  const ws = s.trim().split(/\s+/);
  if (ws.length === 0 || ws.length > 6) return false;
  return ws.every((w) => /^\p{Lu}/u.test(w) || /^(?:and|of|&)$/.test(w)) && HEADER_WORDS.has(ws[ws.length - 1].toLowerCase());
}

/** Whether a word is a family-name particle. */
export const isParticle = (w: string) => PARTICLES.has(w.toLowerCase());

/**
 * Shape test: 1–4 name words (particles aside), letters only, not a heading, job title or degree line.
 * `labelled`: the text says this is a name (a "Name:" field, a signature, a referee): one heading word is
 * then allowed among other words ("Mark Page"), since a header line of such words is usually a job title.
 */
export function looksLikeName(candidate: string, labelled = false): boolean {
  const ws = words(candidate);
  const core = ws.filter((w) => !isParticle(w));
  if (core.length === 0 || core.length > 4 || candidate.length > MAX_NAME_LENGTH) return false;
  if (!NAME_LINE_RE.test(candidate.trim().replace(/,\s+/, ' '))) return false;
  // "C- Exprience", "Legal.- Exprience": a dash used as a separator; "H. S. C.": only initials.
  if (/-\s|\s-|\.-/.test(candidate) || core.every((w) => w.replace(/\./g, '').length <= 1)) return false;
  // "H.S.C. Pune", "B.E RTMNU": an education line, not a person.
  if (findDegrees(candidate).length > 0) return false;
  const headerWords = ws.filter((w) => HEADER_WORDS.has(w.toLowerCase())).length;
  return headerWords === 0 || (labelled && headerWords === 1 && core.length >= 2);
}

/** Whether `word` (any case) appears in lower case as an ordinary word of the text, outside emails and links. */
export function occursLowercase(text: string, word: string): boolean {
  const lower = word.toLowerCase();
  if (lower === word) return false; // nothing to compare against: the name itself is written in lower case
  // A word of letters only is a whole run of letters wherever it occurs: look it up among the text's runs.
  if (/^\p{L}+$/u.test(lower)) return lowercaseRuns(text).has(lower);
  return textRegExp(text, String.raw`(?<![\p{L}\p{N}@./_-])${escapeRe(lower)}(?![\p{L}\p{N}@_/-]|\.[\p{L}])`, 'u').test(text);
}

// The lower-case letter runs of the last text asked about, outside emails and links (the name finders ask about
// hundreds of words of one text in a row: one pass instead of a regex scan per word).
const LETTER_RUN_RE = /(?<![\p{L}\p{N}@./_-])\p{L}+(?![\p{L}\p{N}@_/-]|\.[\p{L}])/gu;
let runsOf: { text: string; runs: Set<string> } | undefined;
function lowercaseRuns(text: string): Set<string> {
  if (runsOf?.text !== text) {
    const runs = new Set<string>();
    for (const m of text.matchAll(LETTER_RUN_RE)) if (m[0] === m[0].toLowerCase()) runs.add(m[0]);
    runsOf = { text, runs };
  }
  return runsOf.runs;
}

/** A candidate whose every word is also an ordinary lower-case word of the text ("PERFORMANCE TUNING") is not a name. */
export function isCommonPhrase(text: string, candidate: string): boolean {
  const ws = words(candidate).filter((w) => w.replace(/\./g, '').length >= 2 && !isParticle(w));
  return ws.length > 0 && ws.every((w) => occursLowercase(text, w));
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A plausible person name that is neither a common phrase of this text nor a skill. */
function plausible(text: string, name: string, minWords = 2): boolean {
  const core = words(name).filter((w) => !isParticle(w));
  return core.length >= minWords && core.every(isCapitalised) && looksLikeName(name, true) && !isCommonPhrase(text, name) && !SKILL_NAMES.has(name.toLowerCase());
}

/** Text before the first token that is contact data (an email, a number, a link) or a separator. */
function beforeContact(segment: string): string {
  // A bracket after a space ends the name too: "Jane Doe (she/her)", "Jane Doe (Head of Data, Acme)"; so does a
  // colon before contact data ("JANE DOE: jane@…").
  // Pronouns or notes in square brackets ("Jane Doe [she/her]") and mail/phone symbols end it as well.
  // A pictograph between spaces separates too ("Jane Doe 🔹 Backend Developer").
  const cut = segment.search(/\s(?=\S*@|\S*(?:https?:|www\.)|\+?\(?\d[\d ().-]{6,})|\s[|‖┃│•·◦∙⋅▪▫◆◇●○■□♦⦁–—✉☎-]\s|\s\p{Extended_Pictographic}\uFE0F?\s|\t|\s\/\s|\s[([]|:\s/u);
  return cut < 0 ? segment : segment.slice(0, cut);
}

const LEADING_PARTICLES_RE = new RegExp(String.raw`^(?:(?:${PARTICLE_ALT})\s+)+`, 'i');
const REVERSED_RE = new RegExp(
  String.raw`^((?:(?:${PARTICLE_ALT})\s+){0,2}[\p{Lu}][\p{L}\p{M}'’-]*(?:\s[\p{L}\p{M}'’-]+){0,2}),\s+([\p{Lu}][\p{L}\p{M}'’.-]+(?:\s[\p{Lu}][\p{L}\p{M}'’.-]+){0,2})$`,
  'u'
);

/** A nickname between name words: "Robert \"Bob\" Smith", "Robert (Bob) Smith", "Robert “Bob” Smith". */
export const NICKNAME = String.raw`(?:"[\p{L}]{2,20}"|“[\p{L}]{2,20}”|'[\p{L}]{2,20}'|‘[\p{L}]{2,20}’|\((?:["“]?)[\p{L}]{2,20}(?:["”]?)\))`;
const NICKNAME_RE = new RegExp(String.raw`(?<=\p{L})[ \t]+${NICKNAME}(?=[ \t]+(?:\p{Ll}{1,3}['’-])?\p{Lu})`, 'u');

/**
 * The name-shaped start of a line: text before the first separator or contact token, where flattened PDF
 * text may spread "Christopher    Townes    Summary" over runs of spaces (parts are joined while they still
 * look like a name). "SURNAME, Given" is kept whole.
 */
function leadingName(line: string, firstLine = false): string {
  let segment = beforeContact(line.replace(DOC_TITLE_RE, '').replace(HONORIFIC_RE, '').replace(NICKNAME_RE, '')).trim().replace(CREDENTIAL_RE, '');
  // "SURNAME, Given" (a capitalised family name, or any on the first line: "Pune, Maharashtra" is a place elsewhere).
  // The family name may open with a particle ("van den Heuvel, Maike"); its first capitalised word decides.
  const reversed = REVERSED_RE.exec(segment);
  const family = reversed?.[1].replace(LEADING_PARTICLES_RE, '');
  if (reversed && family && (firstLine || family === family.toUpperCase()) && looksLikeName(`${reversed[2]} ${reversed[1]}`)) return segment;
  segment = segment.split(',')[0].trim();
  const parts = segment.split(/\s{3,}/);
  let name = parts[0];
  for (const part of parts.slice(1)) {
    if (!looksLikeName(`${name} ${part}`)) break;
    name = `${name} ${part}`;
  }
  return name;
}

// A letter-spaced line ("J O H N   S M I T H"): single letters one space apart, words two or more apart.
// A hyphen inside a word is spaced like its letters ("B A K K E R - J A N S E N").
const LETTER_SPACED_RE = /^\p{L}\p{M}*(?: [\p{L}-]\p{M}*){2,}(?:[ \t]{2,}\p{L}\p{M}*(?: [\p{L}-]\p{M}*)+)+(?=$|\s*[|•·]|\s{3,})/u;

/** A letter-spaced start of a line written as words ("J O H N   S M I T H | …" → "JOHN SMITH | …"). */
export function unspaceLetters(line: string): string {
  const m = LETTER_SPACED_RE.exec(line);
  if (!m) return line;
  return m[0].split(/[ \t]{2,}/).map((w) => w.replace(/ /g, '')).join(' ') + line.slice(m[0].length);
}

// Contact data on a line: an email or a phone-like run of digits.
const CONTACT_RE = /\S@\S|\+?\(?\d[\d ().-]{7,}\d/;

// Markdown or plain-text decoration around a header line ("# Jane Doe", "**Jane Doe**", "=== Jane Doe ===") and
// underline rows ("========").
// A table row's leading border ("| Jane Doe | …", "┃ JANE DOE ┃ …") is decoration too.
export const MARKUP_RE = /^(?:#{1,6}\s+|\*\*|__|=+\s+|[|┃│]\s+)|(?:\*\*|__|\s+=+)$|^[=*_~#-]{3,}$/g;

const EMAIL_THEN_NAME_RE = /^\S+@\S+\s+\(([^()@\d]{3,60})\)\s*$/;

// A cover note's greeting or sign-off line: "Good morning,", "Hello team!", "Dear hiring manager".
const GREETING_RE = /^(?:good\s+(?:morning|afternoon|evening|day)|hello|hi|hey|dear|greetings|to\s+whom)\b|[,!]$/i;

/** The candidate's name from the first lines: the first short all-letters line that is not a title or heading. */
export function detectHeaderName(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((l) => unspaceLetters(l.trim().replace(MARKUP_RE, '')))
    .filter((l) => l.length > 0)
    .slice(0, HEADER_LINES_SCANNED);
  for (let i = 0; i < lines.length; i++) {
    // "JANE DOE | Data Analyst" or "Jane Doe - Pune": the name is the segment before the first separator.
    // A cover note's greeting ("Good morning,", "Hello team!") opens the text where a name would.
    // The line under a closing ("Kind regards,\nTalent Desk") is a signature: signatureNames weighs it.
    if (DOC_TITLE_LINE_RE.test(lines[i]) || GREETING_RE.test(lines[i]) || (i > 0 && /,$/.test(lines[i - 1]))) continue;
    // "jane@mail.com (Jane Doe)": the name in brackets after the address.
    const bracketed = EMAIL_THEN_NAME_RE.exec(lines[i]);
    if (bracketed && looksLikeName(bracketed[1]) && words(bracketed[1]).length >= 2) return bracketed[1];
    const head = leadingName(lines[i], i === 0);
    // "Surname: Doe": the label of a name field is not the name (fieldMentions reads the value).
    if (!looksLikeName(head) || SKILL_NAMES.has(head.toLowerCase()) || FIELD_LABEL_RE.test(head)) continue;
    // Words that are also ordinary words of the text ("PERFORMANCE TUNING") are a heading, unless the line
    // stands where a name does: alone on the first line with contact data on it or on the next two lines.
    const namePosition = i === 0 && lineIsName(lines[0], head) && lines.slice(0, 3).some((l) => CONTACT_RE.test(l));
    if (!namePosition && isCommonPhrase(text, head)) continue;
    // A name starts with a capital (or is written all in lower case): "leading teams across …" is prose.
    const core = words(head).filter((w) => !isParticle(w));
    if (!isCapitalised(core[0]) && head !== head.toLowerCase()) continue;
    // Words that are all skills or common words ("Kafka Connect, Spark …") are a name only alone on their line.
    if (core.every((w) => isAmbiguousWord(w.toLowerCase())) && !lineIsName(lines[i], head)) continue;
    // Past the first line, only a short, list-free line of capitalised words ("Jane Doe") can be the name.
    const later = lines[i];
    if (i > 0 && (later.length > MAX_LATER_NAME_LINE || (later.match(/,/g) ?? []).length > 1 || !words(head).every((w) => isCapitalised(w) || isParticle(w)))) continue;
    if (words(head).length >= 2 || i === 0) return head;
  }
  return undefined;
}

// "Name: …" at a line start or after a separator ("Referee: Name: …"), never "Father's Name" or "Project Name".
// Split name fields of forms and data files: "First name:", "first_name:" (YAML / JSON keys), "Surname:", "Vorname:", "Apellidos:", "Prénom :", "Nazwisko:".
export const PART_FIELD = String.raw`(?:first|last|given|family|middle|sur)[\s_-]?name(?:s|\(s\))?|forenames?|vorname|nachname|familienname|apellidos?|pr[ée]noms?|cognome|sobrenome|apelidos?|voornaam|achternaam|imię|nazwisko`;
// Labels that are the whole name field in other wordings and languages: "Name of the candidate", "Name in full",
// "Name/Surname", "Applicant", TR "Ad Soyad", PL "Imię i nazwisko", ID "Nama lengkap", VN "Họ và tên", CZ "Jméno a
// příjmení", and a preferred or legal name written beside the name ("(preferred name: JJ)").
export const WHOLE_NAME_FIELD = String.raw`(?:full\s+|candidate(?:'s)?\s+|applicant(?:'s)?\s+|preferred\s+|legal\s+)?(?:name|nom|nombre|nome|naam)(?:\s+of\s+(?:the\s+)?(?:candidate|applicant)|\s+in\s+full|\s*\/\s*surname)?|candidate|applicant|known\s+as|ad\s+soyad[ıi]?|imię\s+i\s+nazwisko|nama(?:\s+lengkap)?|họ\s+(?:và\s+)?tên|jméno\s+a\s+příjmení`;
// The value follows a colon or dash, or a table cell ("| Name | Jane Doe |", "Full Name<TAB>Jane Doe"), or is a JSON
// key's value ('"name": "Jane Doe"', JSON Resume's "basics"); it is read
// ahead, not consumed, so a second field on the same line is found too ("Surname: DOE    First name(s): Jane").
const FIELD_LABEL_RE = new RegExp(String.raw`^(?:${WHOLE_NAME_FIELD}|${PART_FIELD})$`, 'iu');
/** "Surname", "Vorname", "Name": the label of a name field, never a name. */
export const isNameFieldLabel = (w: string) => FIELD_LABEL_RE.test(w);
const NAME_FIELD_RE = new RegExp(
  String.raw`(?:^|(?<=[|┃│•;:,({]|\s\s|\s\/\s))[ \t•*|┃│-]{0,10}(?:"(?:${WHOLE_NAME_FIELD}|${PART_FIELD})"[ \t]*:|(?:${WHOLE_NAME_FIELD}|${PART_FIELD})(?:\s{0,5}[:\-–|┃│]|[ ]{0,3}\t))\s{0,5}(?=([^\n]{2,60}))`,
  'gimu'
);

// Column labels beside a name column in a table's header row.
export const COLUMN_LABEL_RE = /^(?:organi[sz]ation|company|employer|institution|department|affiliation|phone|telephone|tel|mobile|e-?mail|contact|contact details|position|title|job title|role|designation|relationship|relation|address|location|city|country|dates?|years?|period)$/i;
/** Values of "Name:" fields, with their offsets (a one-word "Surname: Head" is masked in place, like a titled name). */
export function fieldMentions(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  for (const m of text.matchAll(NAME_FIELD_RE)) {
    const raw = m[1].split(/\s[|┃│•–—-]\s|\s[|┃│]$|\t|,|\s{3,}/)[0];
    // A JSON or YAML value is quoted ('"name": "Jane Doe",').
    const value = raw.replace(/^\(|\)$/g, '').trim().replace(/^"([^"]*)"$/, '$1').replace(HONORIFIC_RE, '');
    // "Name<TAB>Organisation<TAB>Phone": the header row of a table, not a name field.
    if (COLUMN_LABEL_RE.test(value)) continue;
    // One capitalised word under a name label is a name part even when it is also a heading word ("Surname: Head").
    const oneWord = /^\p{Lu}[\p{L}\p{M}'’-]+$/u.test(value) && !/^[|┃│\s]*(?:full\s+|candidate|applicant)?\s*(?:name|nom|nombre|nome|naam)\b/i.test(m[0].trim());
    // A known name under a name label stands even when the text also writes it in lower case (a furigana line).
    // The same name written in lower case elsewhere (a furigana line: "mwangi achieng") is no sign of ordinary words.
    const echo = new RegExp(words(value).map(escapeRe).join(String.raw`\s+`), 'giu');
    if (!(looksLikeName(value, true) || oneWord) || (isCommonPhrase(text.replace(echo, ' '), value) && !words(value).some(isKnownName))) continue;
    const start = m.index + m[0].length + raw.indexOf(value);
    out.push({ start, end: start + value.length, name: value });
  }
  return out;
}


// Closings in English and the languages resumes are often written in; a one-word closing needs its comma ("Best,"
// is a closing, "Best practices" is not).
const CLOSING_RE =
  /^(?:(?:best|kind|warm|with)?\s*regards|yours\s+(?:sincerely|faithfully|truly)|(?:faithfully|truly|sincerely)(?:\s+yours)?|thanking\s+you|thank\s+you|signature|signed|\((?:signature|signed)\)|respectfully|(?:cheers|best|warmly|many\s+thanks|best\s+wishes|warm\s+wishes)(?=\s*,)|mit\s+freundlichen\s+grü(?:ß|ss)en|viele\s+grü(?:ß|ss)e|unterschrift|cordialement|bien\s+à\s+vous|atentamente|(?:un\s+)?saludos?(?:\s+cordiales)?|cordiali\s+saluti|distinti\s+saluti|met\s+vriendelijke\s+groet(?:en)?|assinatura|atenciosamente|z\s+poważaniem|s\s+pozdravem|saygılarımla|hormat\s+saya|trân\s+trọng|με\s+εκτίμηση|applicant['’]s\s+signature)(?=[\s,.:;!-]|$)[\s,.:;-]*(.*)$/i;
// "I undertake / confirm / certify that the above details are …" is a declaration in other words.
// "correct to my knowledge and belief", "I hereby certify that the above …" are declarations too.
const DECLARATION_RE = /\b(?:hereby\s+declare|do\s+hereby|declare\s+that|best\s+of\s+my\s+knowledge|(?:true|correct|accurate|complete)\s+to\s+my\s+knowledge|I\s+(?:hereby\s+)?(?:undertake|confirm|certify|affirm|attest)\s+that\s+the\s+(?:above|information|details|particulars|foregoing))\b|^\s*declaration\s*:?\s*$/i;
// "I, Jane Doe, hereby declare …", and any "I, Jane Doe, <verb> …" (the name set off by commas after "I").
const DECLARANT_RE = new RegExp(String.raw`\bI(?:,?\s+((?:(?:\p{Lu}[\p{L}\p{M}'’.-]*|${PARTICLE_ALT})\s+){0,3}\p{Lu}[\p{L}\p{M}'’-]*),?\s+(?:do\s+)?(?:hereby|solemnly|herewith|confirm|declare|certify|affirm)\b|,\s+((?:(?:\p{Lu}[\p{L}\p{M}'’.-]*|${PARTICLE_ALT})\s+){0,3}\p{Lu}[\p{L}\p{M}'’-]*),\s+\p{Ll})`, 'u');
const PLACE_DATE_RE = /^(?:place|date|station|city|location|ort|datum|lieu|fecha|lugar|data)\b\s*[,:\-–]?[^\n]*$/i;
// "The undersigned, Jane Doe, confirms …", "I, the undersigned Jane Doe, certify …".
const UNDERSIGNED_RE = new RegExp(String.raw`\bundersigned,?\s+((?:(?:\p{Lu}[\p{L}\p{M}'’.-]*|${PARTICLE_ALT})\s+){0,3}\p{Lu}[\p{L}\p{M}'’-]*),`, 'u');
const SIGNATURE_LINES = 6;
// A signature field among other fields of a line: "Date: 4.04.2024		Signed: Jane Doe".
const SIGNED_FIELD_RE = /(?:^|\t|\s{3,})(?:signed|signature|sign)\s*:\s*(\S[^\t\n]*)$/i;
// A team or desk signs off, not a person: "Kind regards, Talent Desk", "Best, The Recruiting Team".
const TEAM_WORD_RE = /^(?:the|team|desk|office|department|dept|recruitment|recruiting|talent|hr|support|staff|committee|board|unit|services|acquisition|hiring|people|panel|admissions|careers)$/i;
export const isTeamName = (name: string) => words(name).some((w) => TEAM_WORD_RE.test(w));

/** Whether a phrase is a closing of a letter in one of the languages CLOSING_RE knows ("S pozdravem", "Atentamente"). */
export const isClosingPhrase = (phrase: string) => CLOSING_RE.test(phrase.trim());

/** Names in the closing: after "Regards," or a declaration, among the next few lines (place and date aside). */
export function signatureNames(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const closing = CLOSING_RE.exec(line);
    const undersigned = UNDERSIGNED_RE.exec(line);
    if (undersigned && plausible(text, undersigned[1])) out.push(undersigned[1]);
    // "Date: 4.04.2024		Signed: Jane Doe": a signature field after place or date on the same line.
    const field = SIGNED_FIELD_RE.exec(line);
    if (field && !closing) {
      const name = leadingName(field[1].trim());
      if (plausible(text, name) && !isTeamName(name)) out.push(name);
    }
    if (!closing && !DECLARATION_RE.test(line) && !DECLARANT_RE.test(line)) continue;
    const candidates = closing?.[1] ? [closing[1]] : [];
    for (let j = i + 1, seen = 0; j < lines.length && seen < SIGNATURE_LINES; j++) {
      const next = lines[j].trim();
      if (!next) continue;
      seen++;
      // "Place: Pune    (JANE DOE)": the name may share the line with place or date, after a run of spaces.
      for (const seg of next.split(/\s{3,}|\t/)) if (!PLACE_DATE_RE.test(seg.trim())) candidates.push(seg);
    }
    // "I, Ramesh Iyengar, hereby declare …": the name inside the declaration sentence.
    const inline = DECLARANT_RE.exec(line);
    if (inline) candidates.push(inline[1] ?? inline[2]);
    for (const c of candidates.filter((x) => !CLOSING_RE.test(x.trim()))) {
      // "(JANE DOE)", "[ Jane Doe ]", "— Jane Doe": brackets and a leading dash around a signature.
      const name = leadingName(c.trim().replace(/^(?:[-–—~•*]+\s*)?[([{]?\s*|\s*[)\]}]$/g, '').replace(/^(?:name|signature|signed)(?:\s*(?:&|and|\/)\s*(?:name|signature))?\s*[:\-–]\s*/i, ''));
      if (plausible(text, name) && !isTeamName(name) && !TEAM_SIGN_RE.test(name)) out.push(name);
    }
  }
  return out;
}

// "Kind regards,\nTalent Desk": a team, desk or office signs; it is not a person.
const TEAM_SIGN_RE = /(?<![\p{L}])(?:desk|team|office|department|dept\.?|services|support|recruitment|recruiting|talent|hr|crew|unit|squad|committee|panel)$/iu;

/** A case-insensitive spelling of a lower-case phrase for regexes that must stay case-sensitive elsewhere. */
const ci = (phrase: string) => phrase.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`).replace(/ /g, String.raw`\s+`);
const CAP_WORD = String.raw`(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*\.?`;
// Particles between name words, from the one PARTICLES list; the lookahead keeps "de" from matching the start
// of "del" ("Lucía del Río").
const NAME_PARTICLE = String.raw`(?:${PARTICLE_ALT})(?![\p{L}\p{M}])`;
const NAME_WORDS = String.raw`(${CAP_WORD}(?:[ \t]+(?:${CAP_WORD}|${NAME_PARTICLE})){1,4})`;
// Labels followed by a colon or dash ("Supervisor: …"), and phrases that introduce a name on their own ("reporting to …").
const COLON_LABELS = [
  ...['referee', 'referees', 'reference', 'references', 'supervisor', 'manager', 'line manager', 'reporting manager', 'guide', 'project guide', 'mentor'],
  ...['contact person', 'team lead', 'team leader', 'advisor', 'adviser', 'thesis advisor', 'thesis adviser', 'thesis supervisor', 'guardian'],
  // German, French, Spanish and Portuguese supervisor labels.
  ...['vorgesetzter', 'vorgesetzte', 'betreuer', 'betreuerin', 'responsable', 'jefe', 'jefa', 'tutor', 'tutora', 'orientador', 'orientadora'],
  // Relatives and contacts in personal details ("Spouse: …", "Next of kin: …", "Father's/Husband's Name: …").
  ...['spouse', 'father', 'mother', 'husband', 'wife', 'next of kin', 'emergency contact', "father's name", "mother's name", "husband's name", "spouse's name"],
  ...["mother's maiden name", "father's/husband's name", "guardian's name", 'direct manager', 'reporting line', 'dissertation supervisor', 'line manager'],
  ...["father's full name", "mother's full name", "husband's full name", "wife's full name", "spouse's full name", "guardian's full name"],
  // Emergency contacts and sign-off people: "ICE: …", "Approver: …", "Escalation contact: …".
  ...['ice', 'in case of emergency', 'approver', 'escalation contact', 'point of contact']
];
const PHRASE_LABELS = [
  ...['reporting to', 'reported to', 'reports to', 'reported directly to', 'reporting directly to', 'under the guidance of', 'under the supervision of'],
  ...['guided by', 'supervised by', 'mentored by', 'advised by', 'managed by', 'worked under'],
  // The author of the document: "Prepared by Jane Doe, last updated …".
  ...['prepared by', 'compiled by', 'written by', 'submitted by', 'updated by'],
  // Relatives and the people a resume credits: "Married to …", "approved by …", "A reference from …".
  ...['married to', 'approved by', 'led by', 'nominated by', 'recommended by', 'endorsed by', 'reference from', 'coached by', 'trained by'],
  // Relatives in Indian personal details: "S/o Ramesh Kumar" (son of), "D/o", "W/o".
  ...['s/o', 'd/o', 'w/o', 'son of', 'daughter of', 'wife of'],
  // The signer of the document: "Digitally signed by …", "Certified correct: …".
  ...['signed by', 'certified correct', 'certified true', 'certified by', 'attested by', 'verified by'],
  // People a resume works beside or answers to in its bullets and reference lines: "Paired with …", "Hired by …",
  // "Appraisals signed off by …", "You may contact … (former line manager)".
  ...['paired with', 'hired by', 'signed off by', 'you may contact', 'please contact']
];
// A label may carry a number ("Referee 1:"), "'s name" ("Guardian's name:") or "name" ("Referee name: …;"), a note in brackets before a colon
// ("Mother (for visa purposes):", never "Manager (Delivery) - Acme") and name two people ("Mentored by Jane Doe and Ravi Kumar",
// a chain of managers "Reporting line: Jane Doe → Ravi Kumar").
const LABEL_RE = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:${COLON_LABELS.map(ci).join('|')})(?:['’]s[ \t]+(?:full[ \t]+)?${ci('name')}|[ \t]+${ci('name')})?(?:[ \t]+\d{1,2})?(?:[ \t]*[:\-–—]|[ \t]*\([^)\n]{0,40}\)[ \t]*:)|(?:${PHRASE_LABELS.map(ci).join('|')})[ \t]*[:\-–—]?)[ \t]*(?:${TITLE_WORD}[ \t]+)?${NAME_WORDS}(?:[ \t]*(?:,|and|&|→|->|⟶|»)[ \t]+(?:${TITLE_WORD}[ \t]+)?${NAME_WORDS})?`,
  'gu'
);
// A person named beside a role: "Jane Doe (CTO)", "Head of Operations (Jane Doe)", "under Jane Doe's guidance".
const ROLE_WORD = String.raw`(?:CEO|CTO|CFO|COO|CIO|CISO|VP|SVP|EVP|Head|Director|Manager|Lead|Chief|Founder|Co-founder|Professor|Supervisor|Principal|Dean|Partner)`;
const ROLE_WORD_RE = new RegExp(String.raw`^${ROLE_WORD}$`, 'i');
// The role may be qualified first ("Jane Doe (Delivery Manager)", "(Chief Information Officer)", "(Reader in Computing)").
const NAME_THEN_ROLE_RE = new RegExp(String.raw`(?<![\p{L}])(?:${TITLE_WORD}[ \t]+)?${NAME_WORDS}[ \t]+\((?:\p{Lu}[\p{L}&-]*[ \t]+){0,2}(?:${ROLE_WORD}|Reader|Lecturer|Officer|Architect|Coordinator|Administrator)\b[^)\n]{0,40}\)`, 'gu');
const ROLE_THEN_NAME_RE = new RegExp(String.raw`(?<![\p{L}])${ROLE_WORD}\b[^()\n]{0,40}\((?:${TITLE_WORD}[ \t]+)?${NAME_WORDS}\)`, 'gu');
const GUIDANCE_RE = new RegExp(String.raw`\b(?:under|with)[ \t]+(?:the[ \t]+)?(?:${TITLE_WORD}[ \t]+)?${NAME_WORDS}['’]s?[ \t]+(?:guidance|supervision|mentorship|mentoring|leadership|direction)\b`, 'gu');
const REFERENCE_LINES = 24;
// Also TR "Referanslar", ID "Referensi", and "References / Contacts".
/** A heading the section list does not know ("PERSONAL PARTICULARS"): capitals, every word resume language, none a name. */
function isOtherHeading(line: string): boolean {
  const ws = words(line);
  return ws.length > 0 && ws.length <= 4 && line === line.toUpperCase() && /\p{Lu}/u.test(line) && !/\d/.test(line) && ws.every((w) => isVocabulary(foldText(w)) && !isKnownName(w));
}

// A qualifier may follow ("Referencias personales", "Reference persons"), and a bilingual heading may put another
// language first ("Canolwyr / Referees"); "Recommenders" and its cognates (ES recomendaciones, PL rekomendacje) too.
const REFERENCES_HEADING_RE = /^(?:\p{L}+\s*[\/&]\s*)?(?:[\p{L}]+\s+){0,2}(?:refere(?:nces|es|nce)|referenzen|r[ée]f[ée]rences|referencias|refer[êe]ncias|referenze|referenties|referencje|referanslar|referensi|recommend(?:ers|ations)|recomendac\p{L}+|rekomendac\p{L}+)(?:\s+\p{L}+){0,2}(?:\s*[\/&]\s*\p{L}+)?$/iu;

// Headings that say what a references section is for: "People who can vouch for my work", "Testimonials" (not
// "Endorsement": teaching and driving licences have endorsements, which are qualifications).
const VOUCH_HEADING_RE = /^(?:\p{L}+\s+){0,3}(?:who\s+(?:can|will|may|could)\s+(?:vouch|speak|confirm|attest)\b(?:\s+\p{L}+){0,4}|testimonials?)$/iu;

/** Referees, supervisors and guides: names under a references heading or after a label ("Reporting to: …"). */
export function referenceNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LABEL_RE)) {
    for (const found of [m[1], m[2]]) {
      const name = found ? leadingName(found) : '';
      // The second of two after a comma is a person, not the first one's role ("Escalation contact: Jane Doe, VP
      // Platform"); after "and" it is a person even in skill words ("Mentored by Jane Doe and Travis Haskell").
      const afterComma = found === m[2] && /,[ \t]*$/.test(m[0].slice(0, m[0].lastIndexOf(found)));
      if (afterComma && words(name).some((w) => ROLE_WORD_RE.test(w) || HEADER_WORDS.has(w.toLowerCase()))) continue;
      if (name && plausible(text, name)) out.push(name);
    }
  }
  // Without a label the wording is weaker evidence: "Product Design (Head of UX)" is a team, so no word may be a
  // skill or heading word.
  for (const m of [...text.matchAll(NAME_THEN_ROLE_RE), ...text.matchAll(ROLE_THEN_NAME_RE), ...text.matchAll(GUIDANCE_RE)]) {
    const name = leadingName(m[1]);
    if (plausible(text, name) && noSkillOrHeading(name)) out.push(name);
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // "References", and qualified ones: "Professional References", "Character Referees".
    // "Referees (contacted with permission)", and the heading in other languages ("Referenzen", "Références").
    const heading = lines[i].trim().replace(/:$/, '').replace(/\s*\([^)]*\)$/, '');
    if (headingKind(heading) !== 'references' && !REFERENCES_HEADING_RE.test(heading) && !VOUCH_HEADING_RE.test(heading)) continue;
    for (let j = i + 1; j < Math.min(lines.length, i + 1 + REFERENCE_LINES); j++) {
      const line = lines[j].trim().replace(/^(?:[•*\-–]|\d+[.)]|\d+\s*[|┃│])\s*/, '');
      const kind = headingKind(line.replace(/:$/, ''));
      if ((kind && kind !== 'references') || isOtherHeading(line)) break;
      // "Acme University: Jane Doe (Reader) — …": the referee's organisation first, then a colon and the name.
      const org = /^[^:\n]{2,60}:[ \t]+(\S.*)$/u.exec(line);
      const after = org ? leadingName(org[1]) : '';
      const name = after && plausible(text, after) ? after : leadingName(line);
      if (plausible(text, name)) out.push(name);
    }
  }
  return out;
}

// "My name is Jane Doe", "I am Jane Doe, a …", "Hello! I'm Jane Doe." (two or more capitalised words, then a stop).
const INTRO_WORD = String.raw`(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*`;
const SELF_INTRO_RE = new RegExp(String.raw`(?:\b[Mm]y\s+name\s+is|\bI\s+am|\bI['’]m)\s+(${INTRO_WORD}(?:[ \t]+(?:${INTRO_WORD}|${NAME_PARTICLE})){1,4}?)(?=\s*(?:[,.;!]|\band\b|\bfrom\b|$))`, 'gmu');
// "…, I (Jane Doe) bring eight years …": the writer's name in brackets after "I".
const I_BRACKETED_RE = new RegExp(String.raw`\bI\s+\((${INTRO_WORD}(?:[ \t]+(?:${INTRO_WORD}|${NAME_PARTICLE})){1,4})\)`, 'gu');

// A summary written in the third person: "Jane Doe is a …", "Jane Doe brings eight years …" at a line start.
const THIRD_PERSON_RE = new RegExp(String.raw`^(${INTRO_WORD}(?:[ \t]+(?:${INTRO_WORD}|${NAME_PARTICLE})){1,4}?)[ \t]+(?:is\s+an?|has\s+(?:led|built|worked|delivered|managed|over|more)|brings|holds|offers|combines|specialises|specializes)\b`, 'gmu');

/** Names a resume gives in the first person ("My name is Jane Doe and …") or in a third-person summary. */
export function selfIntroNames(text: string): string[] {
  const third = [...text.matchAll(THIRD_PERSON_RE)].map((m) => m[1]).filter(noSkillOrHeading);
  return [...[...text.matchAll(SELF_INTRO_RE), ...text.matchAll(I_BRACKETED_RE)].map((m) => m[1]), ...third].filter((n) => plausible(text, n));
}

/** No word of the name is a skill or a heading word ("Kubernetes Engine is …", "Product Design (Head of UX)"). */
const noSkillOrHeading = (name: string) => words(name).every((w) => !SKILL_WORDS.has(w.toLowerCase()) && !HEADER_WORDS.has(w.toLowerCase()));

// Words that make "Sri Venkateswara College" or "Dr. Reddy's Laboratories" an institution, not a person.
export const INSTITUTION_RE = /^(?:college|university|universit[yà]|universiteit|universitat|universidad|universidade|universite|uniwersytet|univerzita|hogeschool|hochschule|fachhochschule|politecnico|politecnica|instituto|institut|istituto|escuela|escola|ecole|liceo|lycee|colegio|akademie|akademia|institute|institution|school|academy|polytechnic|vidyalaya|vidyapeeth|vidyapith|mahavidyalaya|hospital|clinic|laboratories|labs?|foundation|trust|temple|mandir|memorial|group|industries|limited|ltd|pvt|private|inc|corp|corporation|company|co|engineering|arts|science|sciences|commerce|matriculation|higher|secondary|public|convent|road|marg|nagar|street|gurukul|kalasala|vidyalayam|niketan|vidya|bhavan|samiti|sangh|parishad|kendra|mission|society|centre|center|bank|nursing|pharmacy|medical|dental|management|technology|technical)$/i;
const TITLED_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${TITLE_WORD}|Dear|Madam|Sir)[ \t]+((?:${NAME_PARTICLE}[ \t]+){0,2}${CAP_WORD}(?:[ \t]+(?:${CAP_WORD}|${NAME_PARTICLE})){0,3})`,
  'gu'
);
// "Ms Office", "MS Excel": Microsoft products, not a title before a name.
const MS_PRODUCT_RE = /^(?:Office|Word|Excel|PowerPoint|Power|Access|Project|Outlook|Visio|Dynamics|SQL|Sql|Asp|ASP|Dos|DOS|Exchange|Publisher|Azure|Windows|Paint|Teams|SharePoint|Sharepoint|Navision|CRM|Suite|Dynamic)$/;

const NAMED_AWARD_RE = /^(?:Award|Awards|Prize|Medal|Fellowship|Scholarship|Lecture|Trophy|Cup|Grant|Chair|Professorship)$/;

export interface TitledMention {
  /** The name words after the honorific (start/end offsets of the words only). */
  start: number;
  end: number;
  name: string;
}

/** Names after an honorific or salutation ("Dr. Anil Kumar", "Ms. Raman", "Dear Mr Jenkins"), institutions aside. */
export function titledMentions(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  for (const m of text.matchAll(TITLED_RE)) {
    const title = m[1];
    const ws = m[2].split(/[ \t]+/);
    if (/^ms\.?$/i.test(title) && MS_PRODUCT_RE.test(ws[0])) continue;
    // "Sri Venkateswara College": an institution named after a person or deity.
    const inst = ws.findIndex((w) => INSTITUTION_RE.test(w.replace(/['’]s$/, '').replace(/\.$/, '')));
    if (inst >= 0 && (/^(?:sri|shri|dr|smt)\.?$/i.test(title) || inst > 0)) continue;
    if (/^(?:sri|shri)$/i.test(title) && ws.length === 1 && /^Lanka$/.test(ws[0])) continue;
    // "Sheikh Zayed Book Award", "Dr. Kalam Memorial Lecture": an award or lecture named after a person is no person.
    if (ws.some((w) => NAMED_AWARD_RE.test(w))) continue;
    // Stop at the first word that is a heading or job word ("Dr. Raman Head of Engineering").
    const keep: string[] = [];
    for (const w of ws) {
      if (HEADER_WORDS.has(w.toLowerCase().replace(/\.$/, ''))) break;
      keep.push(w);
    }
    while (keep.length && isParticle(keep[keep.length - 1])) keep.pop();
    if (keep.every(isParticle) || (title === 'Dear' && keep.length === 1 && /^(?:Sir|Madam|Hiring|Recruiter|Team|All)$/i.test(keep[0]))) continue;
    const nameText = keep.join(' ').replace(/\.$/, '');
    const start = m.index + m[0].length - m[2].length;
    out.push({ start, end: start + nameText.length, name: nameText });
  }
  return out;
}

const EMAIL_LOCAL_RE = /([A-Za-z0-9._-]{1,64})\s?@\s?[A-Za-z0-9-]{1,63}\./g;

/** Name parts from email local parts ("jane.doe88@…" → jane, doe); single-token locals are ignored. */
export function emailNameParts(text: string): string[][] {
  const out: string[][] = [];
  if (!text.includes('@')) return out;
  for (const m of text.matchAll(EMAIL_LOCAL_RE)) {
    const parts = m[1]
      .split(/[._-]+/)
      .map((p) => p.replace(/\d+/g, ''))
      .filter((p) => p.length >= 3 && /^[A-Za-z]+$/.test(p));
    // names.ts keeps these only where the parts stand together in the text, so a heading word may be one.
    if (parts.length >= 2 && parts.some((p) => !HEADER_WORDS.has(p.toLowerCase()))) out.push(parts);
  }
  return out;
}

const fold = (w: string) => w.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/**
 * Names that agree with a one-token email local part: two or three capitalised words on the top lines whose
 * letters, folded, spell the local part ("Jenny Street" for jennystreet88@…, jstreet@…, streetjenny@…).
 * The agreement is the evidence, so heading words such as "Street" count here (not a line of heading words only).
 */
export function emailAgreeingNames(text: string): string[] {
  const locals = [...text.matchAll(EMAIL_LOCAL_RE)].map((m) => m[1].replace(/\d+/g, '').toLowerCase()).filter((l) => /^[a-z]{5,}$/.test(l));
  if (locals.length === 0) return [];
  const out: string[] = [];
  // Any line: a signature at the end spells the address as well as a header does.
  for (const line of text.split('\n')) {
    const ws = [...unspaceLetters(line.trim()).matchAll(/(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*/gu)].map((m) => m[0]);
    for (let i = 0; i + 1 < ws.length; i++) {
      for (const n of [2, 3]) {
        const group = ws.slice(i, i + n);
        if (group.length < n) continue;
        const f = group.map(fold);
        const spellings = [f.join(''), f[0][0] + f.slice(1).join(''), [...f.slice(1), f[0]].join('')];
        // A job title spelled as the address ("Java Developer", javadeveloper@…) is not a name.
        const title = group.every((w) => HEADER_WORDS.has(w.toLowerCase()));
        if (!title && f.every((x) => x.length >= 2) && spellings.some((sp) => locals.includes(sp))) out.push(group.join(' '));
      }
    }
  }
  return out;
}
