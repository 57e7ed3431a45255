/**
 * Layout-independent name finding: given and family names of many countries (models/person-names.json) and the
 * vocabulary of resume language (models/background-corpus.json) as evidence that capitalised words are a person,
 * wherever the layout puts them.
 * Purpose: the layout rules of name-sources.ts find a name where a resume usually puts it; a header laid out
 * another way (a right-hand column, a box, "PERSONAL INFORMATION  Jane Doe", a name over two lines, a footer) or
 * a referee named without a label kept the name. Here the words themselves are the evidence:
 * - `gazetteerHeaderNames`: a segment (text between separators) of the first or last lines, page furniture or a
 *   signature ("--", "/s/", "Digitally signed by", "Regards, …") that is wholly a name: 2–4 words, one of them a
 *   known name, or on the first lines every word one that resume language does not use; also a name over two
 *   lines or two column cells;
 * - `gazetteerPairs`: anywhere, a known given name followed by a known family name ("Kwame Mensah");
 * - `gazetteerRuns`: anywhere, 2–4 capitalised words each known or outside resume language, one of them known,
 *   or none known but standing where prose names a person ("my supervisor, …", "…, Regional Director", "hired
 *   by …", "thanks to …", "ICE: …", "… (my manager) can confirm", "…, aunt", the next name of a list), then
 *   initials and one such word there too ("T. Okafor, Head of IT") and a referee entry "OKAFOR, Chinedu — Head of IT";
 * - `fileNameMentions`: a CV file name made of name words ("CV_jane_doe_2024.pdf").
 * Words that are skills, heading or job words, everyday words, places, organisation words, name-field labels, or
 * that this text also uses in lower case are never evidence, so "Jenkins" the tool, "Austin, TX" and "Grant
 * Writer" stay.
 * Non-goals: masking (names.ts masks every occurrence of what is found); Han, Hangul and kana names.
 */
import nonNameWords from '../../../../models/non-name-words.json';
import { foldText } from './fold';
import {
  CREDENTIAL_RE,
  DOC_TITLE_LINE_RE,
  DOC_TITLE_RE,
  HONORIFIC_RE,
  INSTITUTION_RE,
  isAmbiguousWord,
  isNameFieldLabel,
  isParticle,
  looksLikeName,
  MARKUP_RE,
  occursLowercase,
  PARTICLES,
  unspaceLetters
} from './name-sources';
import { FAMILY_NAMES as FAMILY, GIVEN_NAMES as GIVEN } from './person-names';
import { COUNTRIES, REGION_CODES, REGIONS } from './places';
import { isVocabulary } from './vocabulary';
import { spanOverlaps } from '../text/span-index';

const EMPTY: ReadonlySet<string> = new Set();
/**
 * Folded name words the caller already knows are this text's people (found by the layout rules): they count as
 * name words but never as evidence, so whether the candidate's own name is in the gazetteer cannot change what
 * else is masked (a candidate renamed from an unknown to a known name must get the same score). Set for the
 * duration of one exported call.
 */
let NEUTRAL: ReadonlySet<string> = EMPTY;
/**
 * Neutrality holds only where those people's names stand whole (NeutralPlaces): elsewhere their words are read like
 * any other word, as they are for a candidate with another name ("Burger King" in the work history of a candidate
 * named King must be masked or kept exactly as for a candidate named Whitfield). The finders switch NEUTRAL between
 * ALL_NEUTRAL and EMPTY per line or per run (neutralForLine, neutralForRange).
 */
let ALL_NEUTRAL: ReadonlySet<string> = EMPTY;
let PLACES: NeutralPlaces = { spans: [], names: [] };

/** Where the layout rules' names stand: their spans in the text, and the names (folded words) for matching lines. */
export interface NeutralPlaces {
  spans: ReadonlyArray<readonly [number, number]>;
  names: ReadonlyArray<readonly string[]>;
}

function withNeutral<T>(neutral: ReadonlySet<string>, run: () => T, places?: NeutralPlaces): T {
  ALL_NEUTRAL = neutral;
  NEUTRAL = neutral;
  PLACES = places ?? { spans: [], names: [] };
  try {
    return run();
  } finally {
    NEUTRAL = EMPTY;
    ALL_NEUTRAL = EMPTY;
    PLACES = { spans: [], names: [] };
    placeIndexOf = undefined;
  }
}

/**
 * Neutrality for the text range [start, end) of `text`: on where a layout-found name stands inside it, or where its
 * lines hold every word of one (a name the layout split: "Priya  Zorvath Quellin  Sharma").
 */
function neutralForRange(text: string, start: number, end: number): void {
  if (PLACES.spans.length === 0 && PLACES.names.length === 0) return; // no places given: neutral everywhere
  if (placeIndex().overlaps(start, end)) {
    NEUTRAL = ALL_NEUTRAL;
    return;
  }
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  neutralForLine(text.slice(from, nl < 0 ? text.length : nl));
}

/** Neutrality for a (cleaned) line: on when every word of one of the layout-found names is on it. */
function neutralForLine(...lines: string[]): void {
  if (PLACES.spans.length === 0 && PLACES.names.length === 0) return;
  const have = new Set(lines.flatMap((l) => foldText(l).split(/[^\p{L}\p{M}'’-]+/u)).filter(Boolean));
  NEUTRAL = [...have].some((first) => placeIndex().byFirst.get(first)?.some((n) => n.every((w) => have.has(w)))) ? ALL_NEUTRAL : EMPTY;
}

/**
 * PLACES indexed once per finder run (a text of many resumes has thousands of layout-found names, each looked up
 * per line or run): spans sorted by start with the furthest end so far, names by their first word.
 */
let placeIndexOf: { places: NeutralPlaces; overlaps: (start: number, end: number) => boolean; byFirst: Map<string, Array<readonly string[]>> } | undefined;
function placeIndex(): NonNullable<typeof placeIndexOf> {
  if (placeIndexOf?.places === PLACES) return placeIndexOf;
  const overlaps = spanOverlaps(PLACES.spans.map(([start, end]) => ({ start, end })));
  const byFirst = new Map<string, Array<readonly string[]>>();
  for (const n of PLACES.names) {
    if (n.length === 0) continue;
    const list = byFirst.get(n[0]);
    if (list) list.push(n);
    else byFirst.set(n[0], [n]);
  }
  placeIndexOf = { places: PLACES, overlaps, byFirst };
  return placeIndexOf;
}
const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);
const HEADER_CHARS = 1600;
const HEADER_LINES = 20;
// Words that make a run an organisation, a place or a date, not a person.
const NOT_PERSON_RE =
  /^(?:services|solutions|systems|technologies|tech|consulting|consultants|partners|associates|holdings|international|global|enterprises|ventures|capital|media|studio|studios|motors|airlines|energy|pharma|insurance|realty|properties|hotel|hotels|resort|restaurant|store|stores|market|avenue|lane|station|airport|park|square|tower|building|house|city|county|state|district|province|region|church|club|society|association|union|federation|league|museum|library|press|street|road|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
// Text around a name that is not part of it: pronouns in brackets, "My name is".
const PRONOUNS_RE = /\s*[([](?:she|he|they|her|him|them|ze|xe)(?:\s*\/\s*\p{L}+)*[)\]]\s*$/iu;
const OF_PREFIX_RE = /^(?:\p{L}+\s+){1,3}(?:of|for|de|von|di|do|da)\s+(?=\p{Lu})/u;
const INTRO_RE = /^(?:my\s+name\s+is|i\s+am|i['’]m|this\s+is)\s+/i;
// A segment ends at a separator: a run of spaces or a tab, a bar or bullet, a dash between spaces, a colon.
const SEGMENT_SPLIT_RE = /\s{2,}|\t|\s*[|‖┃│║•·●▪◆■◇►▸✦✧★☆]\s*|\s*\p{Extended_Pictographic}\uFE0F?\s*|\s[–—~-]\s|[–—]|:\s*|\s\/\s|;\s*/u;
// Box-drawing borders and decoration around a header line.
const BORDER_RE = /^[\s║│┃|╔╗╚╝═─━┏┓┗┛+*#=~_<>]+|[\s║│┃|╔╗╚╝═─━┏┓┗┛+*#=~_<>]+$/gu;
const NAME_TOKEN_RE = /^(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*$/u;
const INITIAL_RE = /^\p{Lu}\.?$/u;
// Generational suffixes after a name: "Jr.", "III".
const SUFFIX_RE = /,?\s+(?:jr|sr|ii|iii|iv)\.?$/i;

/** A known name word (folded) that is no other kind of word here: not a skill, heading, everyday word or place. */
function isEvidence(text: string, word: string): boolean {
  const f = foldText(word.replace(/['’]s$/, ''));
  return !NEUTRAL.has(f) && (GIVEN.has(f) || FAMILY.has(f)) && !isOtherWord(text, word, f);
}

/** Whether a capitalised word is something other than a name part in this text. */
function isOtherWord(text: string, word: string, folded = foldText(word)): boolean {
  if (NEUTRAL.has(folded)) return false;
  if (/\p{N}/u.test(word) || isAmbiguousWord(folded) || NOT_PERSON_RE.test(folded) || INSTITUTION_RE.test(folded) || isNameFieldLabel(word)) return true;
  if (COUNTRIES.has(folded) || REGIONS.has(folded)) return true;
  // "Rose" in a text that also says "rose to lead": an ordinary word here (a name in capitals counts as written).
  const asTitle = word[0] + word.slice(1).toLowerCase();
  return occursLowercase(text, asTitle);
}

/**
 * How much a segment must show to be read as a name: `known` — at least one word is a known given or family
 * name; `top` (the first lines, page furniture, beside a signature: where a resume puts its owner's name) — that,
 * or every word is one resume language does not use (absent from the background vocabulary of 1,712 masked
 * resumes, so neither "Backend Developer" nor "Data Analyst"); `both-known` — every word is a known name (words
 * side by side that a layout split up); `page` — a running page header or footer, where one word that resume
 * language does not use is enough and "Family, Given" needs no known given name (no place stands there).
 */
type Evidence = 'known' | 'top' | 'both-known' | 'page';


/** The words of a segment when it is wholly a person's name of 2–4 words (or initials and one) with evidence. */
function nameOfSegment(text: string, segment: string, evidence: Evidence): string | null {
  let s = segment.replace(BORDER_RE, '').replace(PRONOUNS_RE, '').replace(DOC_TITLE_RE, '').replace(INTRO_RE, '').replace(HONORIFIC_RE, '');
  // "Work history of Jane Doe", "Portfolio for Jane Doe": on the first lines, a title of any wording before the name.
  if (evidence === 'top' || evidence === 'page') s = s.replace(OF_PREFIX_RE, '');
  s = s.replace(CREDENTIAL_RE, '').replace(SUFFIX_RE, '').replace(/[.,]+$/, '').trim();
  if (s.length === 0 || s.length > 60) return null;
  // "OKAFOR, Chinedu": one comma between the family and the given names.
  const tokens = s.split(/\s+|(?<=\p{L}),\s*/u).filter(Boolean);
  const core: string[] = [];
  let initials = 0;
  for (const t of tokens) {
    if (PARTICLES.has(t) || isParticle(t)) continue;
    if (INITIAL_RE.test(t)) {
      initials++;
      continue;
    }
    if (!NAME_TOKEN_RE.test(t)) return null;
    core.push(t);
  }
  // "R. Ionescu" in a footer: initials and one family name.
  if (core.length > 4 || core.length === 0 || (core.length === 1 && initials === 0)) return null;
  if (!looksLikeName(s.replace(/,/g, ' ')) && !(core.length === 1 && initials > 0)) return null;
  // "Erasmus Mundus Joint Master", "Rhodes Scholarship": a programme or award named after a person is no person.
  if (core.some((w) => isOtherWord(text, w) || isRegionCode(w) || AWARD_RE.test(foldText(w)))) return null;
  // "OKAFOR, Chinedu" is a name; "Austin, TX" and "Pune, Maharashtra" are places: after the comma, a given name.
  const comma = s.indexOf(',');
  if (comma >= 0 && evidence !== 'page' && !s.slice(comma + 1).trim().split(/\s+/).some((w) => GIVEN.has(foldText(w)) && isEvidence(text, w))) return null;
  const known = core.filter((w) => isEvidence(text, w)).length;
  const neutral = (w: string) => NEUTRAL.has(foldText(w));
  if (evidence === 'both-known') return core.every((w) => neutral(w) || isEvidence(text, w)) ? s : null;
  // A running header repeats on every page: one word that resume language does not use is enough there.
  if (evidence === 'page') return known >= 1 || core.some((w) => !neutral(w) && !isVocabulary(foldText(w))) ? s : null;
  if (evidence === 'top') return known >= 1 || core.every((w) => neutral(w) || !isVocabulary(foldText(w))) ? s : null;
  return known >= 1 ? s : null;
}

const isRegionCode = (w: string) => REGION_CODES.us.has(w) || REGION_CODES.ca.has(w) || REGION_CODES.au.has(w);

// HTML tags around a heading ('<h1 align="center">Jane Doe</h1>') separate like a run of spaces.
const cleanLine = (l: string) => unspaceLetters(l.replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>\n]{0,80})?>/gi, '  ').trim().replace(MARKUP_RE, '').replace(BORDER_RE, ''));
// Page furniture repeated on every page: "Page 2 of 3", "CV – J. Doe – 2024".
const FURNITURE_RE = /\b(?:page|p\.|seite|página|pagina)\s*\d+(?:\s*(?:of|\/|von|de|di)\s*\d+)?\b/i;
const FOOTER_LINES = 6;
// A bare page number on a running header: "1/2", "- 3 -", "2".
const PAGE_NUMBER_RE = /(?<![\p{L}\p{N}])(?:\d{1,2}\s*\/\s*\d{1,2}|[-–]\s*\d{1,2}\s*[-–]|\d{1,2})(?![\p{L}\p{N}])/gu;
// A signature marker line: "(signature)", and the "-- " that opens an email signature.
const SIGNATURE_MARK_RE = /^(?:[([]?\s*(?:signature|signed|sign|unterschrift|firma|assinatura|podpis|handtekening)\s*[)\]]?\s*:?|--|—)$/i;
// A signature written on the name's own line: "/s/ Jane Doe" (an electronic signature), "Digitally signed by Jane Doe".
const SIGNED_PREFIX_RE = /^(?:\/s\/\s*|(?:digitally\s+|electronically\s+)?signed\s+by\s*:?\s*)(?=\S)/i;
// A closing word and a comma before the name on one of the last lines ("Atentamente, Jane Doe", "Regards, Jane Doe").
const CLOSING_THEN_NAME_RE = /^\p{L}+\.?,\s+(?=\S)/u;
const CLOSING_LINES = 3;
const TOP_LINES = 3;

/**
 * Where a resume puts its owner's name whatever the layout: the first lines, the last lines (a footer), and any
 * page-furniture line ("Page 2 of 3 – Jane Doe – CV"), with markup, borders and letter-spacing undone.
 */
function headerLines(text: string): Array<{ line: string; top: boolean; page?: boolean }> {
  const all = text.split('\n').map(cleanLine).filter((l) => l.length > 0);
  const head = text.slice(0, HEADER_CHARS).split('\n').map(cleanLine).filter((l) => l.length > 0).slice(0, HEADER_LINES);
  const foot = all.length > HEADER_LINES ? all.slice(Math.max(HEADER_LINES, all.length - FOOTER_LINES)) : [];
  // Page furniture is where a name stands as strongly as on the first lines: a "Page 2 of 3" line, and a line
  // that comes back with only its numbers changed ("CV · JANE DOE   1/2" … "CV · JANE DOE   2/2").
  const shape = (l: string) => l.replace(/\d+/g, '#');
  const shapes = new Map<string, number>();
  // The distinct lines of each shape, indexed once (a filter over all lines per line was quadratic on a long text).
  const variants = new Map<string, Set<string>>();
  for (const l of all) {
    const sh = shape(l);
    if (/\d/.test(l)) shapes.set(sh, (shapes.get(sh) ?? 0) + 1);
    const seen = variants.get(sh);
    if (seen) seen.add(l);
    else variants.set(sh, new Set([l]));
  }
  const repeated = (l: string) => (shapes.get(shape(l)) ?? 0) >= 2 && (variants.get(shape(l))?.size ?? 0) >= 2;
  const furniture = all.filter((l) => FURNITURE_RE.test(l) || repeated(l)).map((l) => l.replace(FURNITURE_RE, ' | ').replace(PAGE_NUMBER_RE, ' | '));
  // The line just above or below a signature marker ("Jane Doe" over "(signature)").
  const signed = all.flatMap((l, i) => (SIGNATURE_MARK_RE.test(l) ? [all[i - 1], all[i + 1]] : [])).filter((l): l is string => !!l);
  signed.push(...all.filter((l) => SIGNED_PREFIX_RE.test(l)).map((l) => l.replace(SIGNED_PREFIX_RE, '')));
  signed.push(...all.slice(-CLOSING_LINES).filter((l) => CLOSING_THEN_NAME_RE.test(l)).map((l) => l.replace(CLOSING_THEN_NAME_RE, '')));
  return [
    ...head.map((line, i) => ({ line, top: i < TOP_LINES })),
    ...foot.map((line) => ({ line, top: false })),
    ...furniture.map((line) => ({ line, top: true, page: true })),
    ...signed.map((line) => ({ line, top: true }))
  ];
}

const single = (x: string) => /^(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]+$/u.test(x);

/**
 * Names standing alone in a segment of the first lines ("PERSONAL INFORMATION    Jane Doe", "║  JANE DOE  ║",
 * "Résumé of Jane Doe", "Backend Developer        JANE DOE"), of the last lines and page furniture, and a given
 * and a family name that the layout put in two columns or on two lines.
 */
export function gazetteerHeaderNames(text: string, neutral: ReadonlySet<string> = EMPTY, places?: NeutralPlaces): string[] {
  return withNeutral(neutral, () => gazetteerHeaderNamesOf(text), places);
}

function gazetteerHeaderNamesOf(text: string): string[] {
  const out: string[] = [];
  const entries = headerLines(text);
  for (let i = 0; i < entries.length; i++) {
    const { line, top, page } = entries[i];
    if (DOC_TITLE_LINE_RE.test(line)) continue;
    neutralForLine(line, entries[i + 1]?.line ?? '');
    const segments = line.split(SEGMENT_SPLIT_RE).map((x) => x?.trim()).filter((x): x is string => !!x);
    for (const seg of segments) {
      const name = nameOfSegment(text, seg, page ? 'page' : top ? 'top' : 'known');
      if (name) out.push(name);
    }
    // Words in columns, not a "Label: value" pair.
    for (let j = 0; j + 1 < segments.length && !line.includes(':'); j++) {
      if (!single(segments[j]) || !single(segments[j + 1])) continue;
      const joined = nameOfSegment(text, `${segments[j]} ${segments[j + 1]}`, top ? 'top' : 'both-known');
      if (joined) out.push(joined);
    }
    const next = entries[i + 1];
    if (next && segments.length === 1 && single(line) && single(next.line)) {
      const joined = nameOfSegment(text, `${line} ${next.line}`, top && next.top ? 'top' : 'both-known');
      if (joined) out.push(joined);
    }
    // A name over two lines of a column beside another ("CONTACT      JANE" over "+1 555 0100      DOE"): the
    // first or last cells of two lines in columns.
    const below = next?.line.split(SEGMENT_SPLIT_RE).map((x) => x?.trim()).filter((x): x is string => !!x);
    if (next && below && segments.length >= 2 && below.length >= 2 && !line.includes(':') && !next.line.includes(':')) {
      for (const [a, b] of [[segments[0], below[0]], [segments[segments.length - 1], below[below.length - 1]]]) {
        if (!single(a) || !single(b)) continue;
        const joined = nameOfSegment(text, `${a} ${b}`, top && next.top ? 'top' : 'both-known');
        if (joined) out.push(joined);
      }
    }
  }
  return out;
}

// A file name with the owner's name in it: "CV_pa_kou_xiong_2025.pdf", "Jane-Doe-Resume.docx".
const FILE_NAME_RE = /(?<![\p{L}\p{N}])([\p{L}\p{N}]+(?:[_-][\p{L}\p{N}]+){1,6})\.(?:pdf|docx?|odt|rtf)\b/giu;
const FILE_EXTENSION_RE = /\.(?:pdf|docx?|odt|rtf)\b/i;
const FILE_WORD_RE = /^(?:cv|resume|résumé|lebenslauf|curriculum|vitae|final|updated|new|latest|copy|v\d+|\d+)$/i;

export interface FileNameMention {
  start: number;
  end: number;
  /** The name words of the file name. */
  parts: string[];
}

/** File names in the text made of a CV word and name words, at least one of them a known name. */
export function fileNameMentions(text: string, neutral: ReadonlySet<string> = EMPTY): FileNameMention[] {
  return withNeutral(neutral, () => fileNameMentionsOf(text));
}

function fileNameMentionsOf(text: string): FileNameMention[] {
  const out: FileNameMention[] = [];
  if (!FILE_EXTENSION_RE.test(text)) return out;
  for (const m of text.matchAll(FILE_NAME_RE)) {
    const pieces = m[1].split(/[_-]/);
    const parts = pieces.filter((p) => !FILE_WORD_RE.test(p) && /^\p{L}{2,}$/u.test(p));
    if (parts.length === 0 || parts.length === pieces.length) continue;
    if (!parts.some((p) => NEUTRAL.has(foldText(p)) || isEvidence(text, p) || !isVocabulary(foldText(p))) || parts.some((p) => isAmbiguousWord(foldText(p)))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, parts });
  }
  return out;
}

const CAP = String.raw`(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*`;
const PARTICLE_WORD = [...PARTICLES].filter((p) => p !== 'in' && !p.includes("'") && !p.includes('’')).join('|');
// A given name, initials or particles, then one or two family names; not inside an email, link or longer word.
const PAIR_RE = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}@./_-])(${CAP})((?:[ \t]+(?:\p{Lu}\.|${PARTICLE_WORD}))*)[ \t]+(${CAP})(?:[ \t]+(${CAP}))?(?![\p{L}\p{M}\p{N}]|[.@_][\p{L}\p{N}])`,
  'gu'
);
const ORG_AFTER_RE =
  /^[ \t]+(?:University|Universiteit|Universität|Universidad|Universidade|Université|Università|Hogeschool|Hochschule|Instituto|Institut|College|Institute|School|Hospital|Foundation|Academy|Street|St\b|Road|Avenue|Ave\b|Hall|Center|Centre|Park|Bridge|Station|Airport|Memorial|Medical|Group|Inc\b|Ltd\b|LLC|Corporation|Company|Bank|&)/;
const INSTITUTION_BEFORE_RE = /(?:University|College|Institute|School|Hospital|Foundation|Academy|Centre|Center|Museum)\s+of\s+(?:the\s+)?$|(?:Saint|St\.?|San|Santa|Fort|Mount|Mt\.?|Port|Lake)\s+$|(?<![\p{L}])(?:PT|CV|UD|Tbk|SMA|SMK|SMP|SD)\.?[ \t]+$/u;
// After the words: a label's colon ("Posisi :"), or an institution, programme or award word a number or a few
// words on ("Don Bosco 2 Senior High School", "Erasmus Mundus Joint Master").
// A method named after people or a place, a lower-case technique word after it: "Monte Carlo simulation",
// "Kaplan Meier estimator", "Box Jenkins method".
const NOT_PERSON_AFTER_RE =
  /^[ \t]*:|^[ \t]*(?:\d+[ \t]+)?(?:\p{Lu}[\p{L}-]*[ \t]+){0,3}(?:School|College|University|Institute|Academy|Hospital|Foundation|Programme|Program|Scholarship|Fellowship|Award|Prize|Master|Masters|Degree)\b|^[ \t]+(?:simulations?|methods?|methodology|models?|algorithms?|theorem|distributions?|estimators?|equations?|integration|sampling|transforms?|filters?|criterion|curves?|principle|test|tests|regression|approximation|inequality|conjecture|hypothesis|scheduling|pricing)\b/u;

/** Known given name + known family name pairs anywhere in the text: referees, supervisors, people in prose. */
export function gazetteerPairs(text: string, neutral: ReadonlySet<string> = EMPTY, places?: NeutralPlaces): string[] {
  return withNeutral(neutral, () => gazetteerPairsOf(text), places);
}

function gazetteerPairsOf(text: string): string[] {
  const out: string[] = [];
  const re = new RegExp(PAIR_RE.source, PAIR_RE.flags);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [whole, given, middle, fam1, fam2] = m;
    neutralForRange(text, m.index, m.index + whole.length);
    const gf = foldText(given);
    if (!isEvidence(text, given) || !GIVEN.has(gf) || !isEvidence(text, fam1) || !FAMILY.has(foldText(fam1))) {
      // "Manager Priya Sharma": try again from the next word.
      re.lastIndex = m.index + given.length;
      continue;
    }
    // A third word goes with the name only if it is a family name too ("Ana Sousa Lima").
    const third = fam2 && FAMILY.has(foldText(fam2)) && isEvidence(text, fam2) ? fam2 : '';
    const end = fam2 && !third ? m.index + whole.lastIndexOf(fam2) - 1 : m.index + whole.length;
    if (!third && fam2) re.lastIndex = end;
    if (ORG_AFTER_RE.test(text.slice(end, end + 24)) || NOT_PERSON_AFTER_RE.test(text.slice(end, end + 60)) || INSTITUTION_BEFORE_RE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    out.push([given, middle.trim(), fam1, third].filter(Boolean).join(' '));
  }
  return out;
}

const TOKEN_RE = /[^ \t]+/g;
// Named awards and posts: "Marie Curie Fellowship", "Nelson Mandela Prize", "Ada Lovelace Chair".
const AWARD_RE = /^(?:fellowship|fellow|scholarship|scholar|award|awards|prize|medal|grant|lecture|chair|professorship|trophy|cup|memorial|institute|programme|master|masters)$/;
// Firms named after people: "Morgan Stanley Real Estate Funds", "Charles River Associates".
const FIRM_RE = /^(?:funds?|estate|securities|investments?|assets?|advisors|advisory|brokers?|brokerage|finance|financial|equity|bancorp|capital|partners|associates|llp|lp|plc|gmbh|ag|bv|nv|sa|spa|srl|pty|corp|inc|ltd|llc|co|company|group|holdings|trust|labs?)$/;
export const isInstitutionWord = (folded: string) => INSTITUTION_RE.test(folded) || NOT_PERSON_RE.test(folded) || AWARD_RE.test(folded) || FIRM_RE.test(folded.replace(/\.$/, ''));
// Where prose puts a person: after an abbreviated title ("Lic.", "Ven.", "Arq."), after "my supervisor," or before
// ", Chief Engineer" / " (Plant Manager" / " · Head of Data": a job word right after the name.
const TITLE_ABBREV_BEFORE_RE = /(?<![\p{L}])\p{Lu}[\p{L}.]{0,7}\.[ \t]+$/u;
const RELATION_BEFORE_RE = /\b(?:supervisor|manager|mentor|boss|colleague|director|guide|advisor|adviser|referee|lead|teacher|professor|reader|examiner|assessor|husband|wife|spouse|partner|father|mother)(?:[ \t]+(?:on|of)[ \t]+record)?[ \t]*[,:–—-][ \t]*$/i;
// Prose that credits a person, then the name, perhaps after abbreviated titles ("doc. dr."): "hired by", "signed
// off by", "thanks to", "paired daily with", "worked in a squad with", and labels of a person ("Approver:",
// "Escalation contact:", "ICE:", an email's "From:"); abbreviated titles and a one-letter title ("U") may come between.
const CREDIT_BEFORE_RE = new RegExp(
  String.raw`(?:\b\p{Ll}{2,}(?:ed|en|wn)(?:[ \t]+(?:off|up|out|over))?[ \t]+by|\b(?:recommendation|nomination|endorsement|referral|references?)[ \t]+(?:of|from)|\b(?:took|takes|taking|inherited)(?:[ \t]+over)?\b[^.,;:\n]{0,40}?\bfrom|\b(?:thanks|thank[ \t]+you|grateful|gratitude|indebted)[ \t]+to|\b(?:worked|working|paired|pairing|partnered|collaborated|collaborating|teamed|co-?authored|co-?wrote|alongside)\b[^.,;:\n]{0,30}?\bwith|\b(?:approver|approvers|signatory|sponsor|escalation[ \t]+contact|point[ \t]+of[ \t]+contact|ice|in[ \t]+case[ \t]+of[ \t]+emergency|consultant|recruiter|from|to|cc)[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*:)[ \t]+(?:(?:\p{L}{1,5}\.|\p{Lu})[ \t]+)*$`,
  'iu'
);
const ROLE_AFTER_RE = /^[ \t]*(?:,|\(|[–—-]|[·•|])[ \t]*(?:former[ \t]+|then[ \t]+)?(?:\p{Lu}[\p{L}-]*[ \t]+){0,3}(\p{Lu}[\p{L}-]*)/u;
// A relative or a role in lower case after the name: ", uncle", " (my manager at the time)", ", our staff engineer",
// " — knew me as my line manager".
export const KIN = 'father|mother|uncle|aunt|brother|sister|husband|wife|spouse|partner|son|daughter|cousin|guardian|grandfather|grandmother|niece|nephew|fianc[ée]e?';
const LOWER_ROLE_AFTER_RE = new RegExp(String.raw`^[ \t]*(?:,|\(|[–—-])[ \t]*(?:(?:${KIN})\b|(?:knew|knows|has[ \t]+known|supervised|managed|mentored|taught|employed)[ \t]+me\b|(?:my|our|his|her|their)[ \t]+(?:former[ \t]+|then[ \t]+|direct[ \t]+|line[ \t]+)?((?:\p{Ll}+[ \t]+){0,2}\p{Ll}+))`, 'u');
// A referee's sentence after the name: "… has agreed to act as my referee", "… can confirm these figures"; an
// objective in the third person: "… can put eight years …", "… wants to grow …", "…'s goal: …".
const REFEREE_VERB_AFTER_RE = /^[ \t]+(?:has|have|had|is|was|will|would|can|could|kindly)[ \t]+(?:\p{Ll}+[ \t]+){0,6}?(?:referee|reference|recommend\p{L}*|vouch|confirm|attest|verify)\b/u;
const OBJECTIVE_AFTER_RE = /^(?:[ \t]+(?:can|will|would)[ \t]+\p{Ll}{2,}|[ \t]+(?:wants|hopes|seeks|aims|intends|plans)[ \t]+to[ \t]+\p{Ll}{2,}|['’]s[ \t]+(?:goal|aim|objective|ambition|mission)\b)/u;
// A second person in a list after the first: "with Jane Doe, Ravi Kumar and two contractors".
const LIST_GAP_RE = /^(?:,[ \t]*|,?[ \t]+(?:and|&)[ \t]+)$/;

// A role as the label of a list item or of a field after a separator: "- Manager Jane Doe (SRE) · skip-level …".
const ROLE_LABEL_BEFORE_RE = /(?:^|\n|[·•|])[ \t]*(?:[-•*][ \t]+)?(?:(?:line|direct|reporting|project|skip-level)[ \t]+)?(?:manager|supervisor|mentor|boss|skip-level)[ \t]+$/i;
// "Under Jane Doe we moved 300 VMs": a sentence that opens with "Under" and a person, then its subject.
const UNDER_BEFORE_RE = /(?:^|\n|[.;!?][ \t])[ \t]*(?:[-•*][ \t]+)?Under[ \t]+$/;
const UNDER_AFTER_RE = /^,?[ \t]+(?:we|I|our|my|the[ \t]+team)\b/;

/** Whether text[start, end) stands where prose names a person (see the patterns above). */
function inPersonSlot(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 60), start);
  if (TITLE_ABBREV_BEFORE_RE.test(before) || RELATION_BEFORE_RE.test(before) || CREDIT_BEFORE_RE.test(before) || ROLE_LABEL_BEFORE_RE.test(before)) return true;
  const after = text.slice(end, end + 60);
  if (UNDER_BEFORE_RE.test(before) && UNDER_AFTER_RE.test(after)) return true;
  const lower = LOWER_ROLE_AFTER_RE.exec(after);
  if (lower && (!lower[1] || lower[1].split(/[ \t]+/).some((w) => HEADER_WORDS.has(w)))) return true;
  // A possessive is part of the last word of a run ("Jane Doe's goal").
  const possessive = /['’]s$/.test(text.slice(start, end)) ? text.slice(end - 2, end + 60) : '';
  if (REFEREE_VERB_AFTER_RE.test(after) || OBJECTIVE_AFTER_RE.test(after) || OBJECTIVE_AFTER_RE.test(possessive)) return true;
  const role = ROLE_AFTER_RE.exec(after);
  // "(India)" after a firm is a place, whatever the job-word list says.
  return !!role && HEADER_WORDS.has(role[1].toLowerCase()) && !COUNTRIES.has(foldText(role[1]));
}
// Runs of capitalised words on one line, with particles and initials between them.
const RUN_RE = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}@./_-])${CAP}(?:[ \t]+(?:\p{Lu}\.|(?:${PARTICLE_WORD})(?=[ \t])|${CAP}))*(?![\p{L}\p{M}\p{N}]|[.@_][\p{L}\p{N}])`,
  'gu'
);

/**
 * People named in prose or lists wherever they stand ("My supervisor, Ama Serwaa, nominated me", "led by Kofi
 * Boateng;", "Married to Tsegaye Bekele"): within a run of capitalised words, 2–4 words each a known name or a word
 * resume language does not use, at least one of them known. A word of resume language ("Shadowed", "Chief",
 * "Engineer"), a skill, a place or an organisation word ends the name; a name that an institution word follows or
 * that follows "University of" is the institution's.
 */
export function gazetteerRuns(text: string, neutral: ReadonlySet<string> = EMPTY, places?: NeutralPlaces): string[] {
  return withNeutral(neutral, () => gazetteerRunsOf(text), places);
}

// Words of grammar that open a sentence capitalised ("Under Jane Doe we …"): the background vocabulary leaves
// them out, so they would read as words resume language does not use.
const FUNCTION_WORD_RE = /^(?:under|with|from|for|by|to|after|before|during|since|until|and|the|we|our|my|this|that|when|while|via)$/;
// Initials before a run ("Y. Peralta"): the run regex starts at a capitalised word.
const INITIALS_BEFORE_RE = /(?<![\p{L}\p{N}])(?:\p{Lu}\.[ \t]?)+$/u;

function gazetteerRunsOf(text: string): string[] {
  const out: string[] = [];
  // Where the last name found ends: a name right after it in a list stands where a person does.
  let lastEnd = -1;
  for (const m of text.matchAll(RUN_RE)) {
    neutralForRange(text, m.index, m.index + m[0].length);
    // "Sir Ganga Ram Hospital", "Marie Curie Fellowship": a run that names an institution or an award is its name.
    if (m[0].split(/[ \t]+/).some((w) => isInstitutionWord(foldText(w.replace(/['’]s$/, ''))))) continue;
    let group: Array<{ t: string; at: number }> = [];
    const flush = (next: string | undefined) => {
      while (group.length && (isParticle(group[group.length - 1].t) || INITIAL_RE.test(group[group.length - 1].t))) group.pop();
      const core = group.filter((g) => !isParticle(g.t) && !INITIAL_RE.test(g.t));
      const start = group[0]?.at ?? 0;
      const nextIsOrg = next !== undefined && isInstitutionWord(foldText(next));
      const end = group.length ? group[group.length - 1].at + group[group.length - 1].t.length : 0;
      // "Y. Peralta, Director of Studies": initials and one word count as a name where a person stands.
      const initialsBefore = core.length === 1 && group[0] === core[0] ? (INITIALS_BEFORE_RE.exec(text.slice(Math.max(0, start - 12), start))?.[0] ?? '') : '';
      const slotStart = start - initialsBefore.length;
      const slot = core.length > 0 && ((lastEnd >= 0 && LIST_GAP_RE.test(text.slice(lastEnd, slotStart))) || inPersonSlot(text, slotStart, end));
      const known = core.some((g) => isEvidence(text, g.t)) || slot;
      // "H.& R. Johnson", "Smith & Nephew": a name joined to another by "&" is a firm's.
      const firmAmpersand = /&[ \t]*$/.test(text.slice(Math.max(0, slotStart - 3), slotStart)) || /^[ \t]*&/.test(text.slice(end, end + 3));
      const notPerson = firmAmpersand || NOT_PERSON_AFTER_RE.test(text.slice(end, end + 60)) || INSTITUTION_BEFORE_RE.test(text.slice(Math.max(0, slotStart - 24), slotStart));
      const size = (core.length >= 2 && core.length <= 4) || (core.length === 1 && initialsBefore.length > 0 && slot);
      if (size && known && !nextIsOrg && !notPerson) {
        out.push(group.map((g) => g.t).join(' ').replace(/['’]s$/, ''));
        lastEnd = end;
      }
      group = [];
    };
    for (const tok of m[0].matchAll(TOKEN_RE)) {
      const t = tok[0];
      const at = m.index + tok.index;
      if (isParticle(t) || INITIAL_RE.test(t)) {
        if (group.length) group.push({ t, at });
        continue;
      }
      const f = foldText(t.replace(/['’]s$/, ''));
      // "SunGard", "PeopleSoft": a capital inside a word is a brand's shape, not a name's (McKay, DeShawn aside).
      // "BNY Mellon", "SAP Ariba": a short acronym before a capitalised word is a firm's or product's shape too
      // (a known family name in capitals is not: "NG Wei Ming").
      const acronym = /^\p{Lu}{2,3}$/u.test(t) && /^[ \t]+\p{Lu}\p{Ll}/u.test(text.slice(at + t.length, at + t.length + 4)) && !isEvidence(text, t);
      const brand = (/\p{Ll}\p{Lu}/u.test(t) && !/^(?:Mc|Mac|De|Di|Da|Le|La|Van|Von|Fitz)\p{Lu}/u.test(t)) || acronym;
      const nameLike = NEUTRAL.has(f) || (!brand && !FUNCTION_WORD_RE.test(f) && (isEvidence(text, t) || (!isOtherWord(text, t, f) && !isVocabulary(f) && !isRegionCode(t))));
      if (nameLike) group.push({ t, at });
      else flush(t);
    }
    flush(undefined);
  }
  // "1. OKAFOR, Chinedu — Head of Infrastructure": a family name in capitals, a comma and given names where a
  // person stands (a referee's entry).
  for (const m of text.matchAll(REVERSED_ENTRY_RE)) {
    neutralForRange(text, m.index, m.index + m[0].length);
    const ws = `${m[1]} ${m[2]}`.split(/[ \t]+/);
    if (!ws.every((w) => NEUTRAL.has(foldText(w)) || isEvidence(text, w) || (!isOtherWord(text, w) && !isVocabulary(foldText(w)) && !isRegionCode(w)))) continue;
    if (inPersonSlot(text, m.index + m[0].indexOf(m[1]), m.index + m[0].length)) out.push(`${m[1]}, ${m[2]}`);
  }
  return out;
}

// At a line start (after a number or bullet), given names in title case, then a dash, dot, bar or bracket: not a
// list of acronyms ("BICS, DVCS, Oracle Analytics Cloud").
const REVERSED_ENTRY_RE = new RegExp(
  String.raw`(?<=^|\n)[ \t]*(?:\d{1,2}[.)][ \t]*|[-•*][ \t]+)?(\p{Lu}[\p{Lu}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{Lu}\p{M}'’-]+)?),[ \t]+(\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*)?)(?=[ \t]*(?:[–—·•|(]|-[ \t]))`,
  'gu'
);
