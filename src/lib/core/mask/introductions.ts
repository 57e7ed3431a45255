/**
 * People a sentence or a header line introduces, wherever the words of the name fall.
 * Purpose: three layouts kept the candidate's name although the words around it say a person stands there:
 * - `introducedNames`: prose that introduces a person ("My name is …", "I, …", "the CV of our candidate …",
 *   "the application of …", "on behalf of …", "prepared for the panel by …"), the name perhaps broken by the
 *   line wrap of the sentence ("… the application of Jane\nDoe, who …");
 * - `contactLineNames`: a name interleaved with the contact fields on one extracted header line (a PDF that read
 *   two columns as one line: "Contact Jane Mobile: +1 555 0100 Doe Email: …", "JANE  ☎ 0 555 0100  DOE");
 * - `closingNames`: a lone name word on the line after a closing ("Thank you for reading.\nJane").
 * The place is the evidence; the words must still read as a name: capitalised, no heading or job word, no place
 * or organisation word, and at least one a known name or a word resume language does not use (so "the
 * application of Machine Learning" and "I am AWS Certified" stay).
 * Non-goals: masking (names.ts); names without such a place (gazetteer.ts).
 */
import nonNameWords from '../../../../models/non-name-words.json';
import { foldText } from './fold';
import { isInstitutionWord, KIN } from './gazetteer';
import { isAmbiguousWord, isClosingPhrase, isNameFieldLabel, isParticle, occursLowercase, SKILL_WORDS, type TitledMention } from './name-sources';
import { isKnownName } from './person-names';
import { COUNTRIES, REGIONS } from './places';
import { isVocabulary } from './vocabulary';

const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);
const WORD = String.raw`(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*`;

// Phrases after which a person's name comes. Each ends where the name begins (spaces or one line break follow).
const INTRO_PHRASE = [
  String.raw`\bmy\s+name\s+is`,
  String.raw`\bI\s+am`,
  String.raw`\bI['’]m`,
  String.raw`\bI,`,
  String.raw`\bthis\s+is`,
  // "Let me introduce myself — Jane Doe, platform engineer", "Allow me to introduce myself: …"
  String.raw`\bintroduce\s+myself\s*[—–:-]`,
  // "the CV of our candidate …", "résumé of …", "the application of …", "the profile of applicant …"
  String.raw`\b(?:cv|c\.v\.|resume|résumé|curriculum\s+vitae|profile|application|candidacy|candidature|nomination)\s+(?:of|for)(?:\s+(?:our|my|the|a|your))?(?:\s+(?:candidate|applicant|client|consultant|nominee))?`,
  String.raw`\bon\s+behalf\s+of`,
  // "prepared for the review panel by …", "submitted by …", "put together by …"
  String.raw`\b(?:prepared|submitted|written|compiled|presented|forwarded|sent|put\s+together|shared|nominated|referred|introduced|recommended)\b[^.;:\n]{0,40}?\bby`
].join('|');
const PHRASE_RE = new RegExp(String.raw`(?:${INTRO_PHRASE})[ \t]*\n?[ \t]*`, 'giu');
// The name after the phrase: capitalised words and particles, over at most one line break (case-sensitive).
const NAME_AT_RE = new RegExp(String.raw`${WORD}(?:[ \t]*\n?[ \t]*(?:${WORD}|(?:de|da|van|von|der|den|bin|binti|al|el|le|la)(?=[ \t])))*`, 'uy');

/** A word that can be part of a person's name here: capitalised, no heading, job, place or organisation word. */
export function nameWord(w: string): boolean {
  const f = foldText(w.replace(/['’]s$/, ''));
  if (isParticle(w)) return true;
  if (!WORD_RE.test(w) || /\p{N}/u.test(w)) return false;
  // "SunGard", "PeopleSoft": a capital inside a word is a brand's shape (McKay, DeShawn aside).
  if (/\p{Ll}\p{Lu}/u.test(w) && !/^(?:Mc|Mac|De|Di|Da|Le|La|Van|Von|Fitz)\p{Lu}/u.test(w)) return false;
  return !HEADER_WORDS.has(f) && !COUNTRIES.has(f) && !REGIONS.has(f) && !isInstitutionWord(f) && !isNameFieldLabel(w);
}
const WORD_RE = new RegExp(`^${WORD}$`, 'u');

/** Evidence that the words are a person: a known name, or a word resume language does not use (and this text never writes in lower case). */
export function evidence(text: string, ws: string[]): boolean {
  return ws.some((w) => {
    if (isParticle(w)) return false;
    const f = foldText(w.replace(/['’]s$/, ''));
    if (isAmbiguousWord(f) || occursLowercase(text, w[0] + w.slice(1).toLowerCase())) return false;
    return isKnownName(w) || !isVocabulary(f);
  });
}

/** Names that prose introduces ("the application of Jane Doe", "I, Jane\nDoe, have …"). */
export function introducedNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PHRASE_RE)) {
    NAME_AT_RE.lastIndex = m.index + m[0].length;
    const nm = NAME_AT_RE.exec(text);
    if (!nm) continue;
    const ws: Array<{ w: string; end: number }> = [];
    let breaks = 0;
    for (const x of nm[0].matchAll(/\S+|\n/g)) {
      // At most one line break inside the name; a second one ends it.
      if (x[0] === '\n') {
        if (++breaks > 1) break;
        continue;
      }
      if (!nameWord(x[0])) break;
      ws.push({ w: x[0], end: nm.index + x.index + x[0].length });
    }
    while (ws.length && isParticle(ws[ws.length - 1].w)) ws.pop();
    const core = ws.map((x) => x.w).filter((w) => !isParticle(w));
    // Two to four words: one capitalised word after "I am" is too often a skill or a title.
    if (core.length < 2 || core.length > 4 || !evidence(text, core)) continue;
    // What follows the name ends it: a stop, a bracket, a lower-case word or the end of a line.
    const endAt = ws[ws.length - 1].end;
    if (!/^(?:[ \t]*(?:[,.;:!?)(]|$|\n)|[ \t]+\p{Ll})/u.test(text.slice(endAt, endAt + 3))) continue;
    out.push(ws.map((x) => x.w).join(' '));
  }
  return out;
}

// Contact items of a header line and their labels: an email, a link, a phone number, "Mobile:", "E-mail:", "☎".
const CONTACT_ITEM_RE = /\S+@\S+|(?:https?:\/\/|www\.)\S+|\+?\(?\d[\d ().\/-]{6,}\d|(?<![\p{L}])(?:contact(?:\s+details)?|mobile|mob|phone|tel|telephone|cell|e-?mail|email|whatsapp|linkedin|github|address)\b\s*[:.—–-]?|[☎✆📞📱📧✉]\uFE0F?/giu;
const HEAD_LINES = 3;
// A word of a job title: a heading or job word, or resume language that is no known name ("Reliability").
const isHeadlineWord = (w: string) => HEADER_WORDS.has(foldText(w)) || (isVocabulary(foldText(w)) && !isKnownName(w));

/** The first n non-empty lines with their offsets. */
function firstLines(text: string, n: number): Array<{ line: string; start: number }> {
  const out: Array<{ line: string; start: number }> = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ line, start: offset });
    if (out.length >= n) break;
    offset += line.length + 1;
  }
  return out;
}

/**
 * Name words interleaved with contact fields on one of the first lines: with the contact items taken out, what is
 * left is two or three capitalised words (a trailing job title aside) that read as a name, at least one with
 * evidence, or whose letters spell the line's email address.
 */
export function contactLineNames(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  for (const { line, start } of firstLines(text, HEAD_LINES)) {
    const items = [...line.matchAll(CONTACT_ITEM_RE)];
    // A line holding a phone or an email.
    if (!items.some((i) => i[0].includes('@') || (i[0].match(/\d/g) ?? []).length >= 7)) continue;
    // The words between the contact items, piece by piece.
    const pieces: Array<Array<{ w: string; at: number }>> = [];
    const bounds = [...items.map((i) => [i.index, i.index + i[0].length]), [line.length, line.length]];
    let last = 0;
    for (const [from, to] of bounds) {
      const piece = line.slice(last, from);
      const ws = [...piece.matchAll(/[^\s|•·,;/~]+/gu)].map((x) => ({ w: x[0], at: start + last + x.index }));
      if (ws.length) pieces.push(ws);
      last = to;
    }
    if (pieces.length < 2) continue;
    // A trailing job title ("… Doe Senior DevOps Engineer") is the headline, not the name.
    const words = pieces.flatMap((p) => {
      const ws = [...p];
      while (ws.length > 1 && isHeadlineWord(ws[ws.length - 1].w)) ws.pop();
      return ws;
    });
    if (words.length < 2 || words.length > 3 || !words.every((x) => nameWord(x.w) && !isParticle(x.w))) continue;
    // Every word in its own piece: a name split by the contact fields, not a name standing whole (the layout rules' case).
    if (pieces.filter((p) => p.some((x) => words.includes(x))).length < 2) continue;
    const locals = [...line.matchAll(/([A-Za-z][A-Za-z0-9._-]*)@/g)].map((x) => x[1].replace(/[^A-Za-z]/g, '').toLowerCase());
    const spelled = locals.some((l) => l === words.map((x) => foldText(x.w)).join('') || l === [...words].reverse().map((x) => foldText(x.w)).join(''));
    const ws = words.map((x) => x.w);
    // Skill words are names only when the email spells them ("YOGA … CERNER … yogacerner@").
    if (!spelled && (!evidence(text, ws) || ws.some((w) => SKILL_WORDS.has(foldText(w))))) continue;
    const name = ws.join(' ');
    for (const x of words) out.push({ start: x.at, end: x.at + x.w.length, name });
  }
  return out;
}

// "Thank you for reading.", "Thanks for your time.", "Regards," "Sincerely," on a line of their own.
// "Looking forward to hearing from you," closes a letter in any length.
const CLOSING_LINE_RE = /^(?:thank\s+you|thanks|many\s+thanks|regards|kind\s+regards|best\s+regards|best|sincerely|yours\s+(?:sincerely|faithfully|truly)|cheers|warm\s+regards|respectfully|looking\s+forward|I\s+look\s+forward)\b[^\n]{0,40}[.,!]?$/i;
// A closing in any language has the same shape: one to four words and a comma, alone on a line ("Warmly,",
// "Med vänliga hälsningar,", "Atenciosamente,", "Με εκτίμηση,"); only a name may follow it on the last lines.
const ANY_CLOSING_RE = /^\p{L}+(?:[ \t]+\p{L}+){0,3},$/u;
// A closing phrase and a comma, then one to three name words, all on one line.
const CLOSING_THEN_SIGN_RE = /^(\p{L}+(?:[ \t]+\p{L}+){0,4}),[ \t]+((?:\p{Lu}[\p{L}\p{M}'’-]*)(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*){0,2})\.?$/u;
// Words of an English or Romance closing in any wording ("With thanks", "Best wishes and thanks", "Com os melhores
// cumprimentos"); closings in other languages are told by their letters outside ASCII ("Cu stimă", "Trân trọng").
const CLOSING_WORD_RE = /\b(?:regards|wishes|thanks|thank|gratitude|yours|sincerely|truly|faithfully|cordially|respectfully|warmly|cheers|best|greetings|cumprimentos|saludos|saluti|salutations|groeten|grüße|grüsse|pozdrawiam)\b/i;
// A signature word, capitalised or in capitals ("Jane", "JANE").
const SIGN_WORD_RE = /^(?:\p{Ll}{1,3}['’-])?\p{Lu}(?:[\p{Ll}\p{M}'’-]{2,}|[\p{Lu}\p{M}'’-]{2,})$/u;

/** A lone name word on the line after a closing line near the end of the text ("Thank you for reading.\nJane"). */
export function closingNames(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  const lines = text.split('\n');
  let offset = text.length;
  const starts: number[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    offset -= lines[i].length + (i < lines.length - 1 ? 1 : 0);
    starts[i] = offset;
  }
  const nonEmpty = lines.map((l, i) => [l.trim(), i] as const).filter(([l]) => l);
  for (let k = Math.max(0, nonEmpty.length - 4); k + 1 < nonEmpty.length; k++) {
    if (!CLOSING_LINE_RE.test(nonEmpty[k][0]) && !ANY_CLOSING_RE.test(nonEmpty[k][0])) continue;
    const [next, i] = nonEmpty[k + 1];
    // The signature: one to three name words ("Jane", "Jane Doe"), each masked in place.
    const ws = next.replace(/[.,]$/, '').split(/[ \t]+/);
    // After a closing, an everyday word that is also a name ("Daisy", "Hope") signs the letter; a skill does not.
    const signs = (w: string) => SIGN_WORD_RE.test(w) && nameWord(w) && !SKILL_WORDS.has(foldText(w));
    if (ws.length > 3 || !ws.every(signs) || !(evidence(text, ws) || ws.every((w) => !isVocabulary(foldText(w)) || isKnownName(w)))) continue;
    let from = starts[i] + lines[i].indexOf(ws[0]);
    for (const w of ws) {
      const at = text.indexOf(w, from);
      out.push({ start: at, end: at + w.length, name: w });
      from = at + w.length;
    }
  }
  // "Yours truly, Jane", "Cu stimă, Jane Doe": a closing and the signature on one of the last lines.
  for (const [line, i] of nonEmpty.slice(-3)) {
    const m = CLOSING_THEN_SIGN_RE.exec(line);
    if (!m || !(CLOSING_LINE_RE.test(m[1]) || CLOSING_WORD_RE.test(m[1]) || isClosingPhrase(m[1]) || /[^\p{ASCII}]/u.test(m[1]))) continue;
    const ws = m[2].split(/[ \t]+/);
    const signs = (w: string) => SIGN_WORD_RE.test(w) && nameWord(w) && !SKILL_WORDS.has(foldText(w));
    if (!ws.every(signs) || !(evidence(text, ws) || ws.every((w) => !isVocabulary(foldText(w)) || isKnownName(w)))) continue;
    let from = starts[i] + lines[i].indexOf(m[2]);
    for (const w of ws) {
      const at = text.indexOf(w, from);
      out.push({ start: at, end: at + w.length, name: w });
      from = at + w.length;
    }
  }
  // "— Jane Doe, 19 October 2025": a signature line of its own among the last lines, a date after it.
  for (const [line, i] of nonEmpty.slice(-3)) {
    const m = SIGNED_LINE_RE.exec(line);
    if (!m) continue;
    const ws = m[1].split(/[ \t]+/);
    if (ws.length < 2 || ws.length > 4 || !ws.every(nameWord) || !evidence(text, ws)) continue;
    const at = starts[i] + lines[i].indexOf(m[1]);
    out.push({ start: at, end: at + m[1].length, name: m[1] });
  }
  return out;
}
const DATE = String.raw`\d{1,2}\.?\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}`;
// The place where it was signed may come before the date ("— Jane Doe, St. Albans, May 2024"); so may a month alone.
const SIGN_PLACE = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,2}`;
const SIGN_DATE = String.raw`${DATE}|\p{L}+\.?\s+\d{4}`;
const SIGNED_LINE_RE = new RegExp(String.raw`^[—–]\s*(${WORD}(?:[ \t]+(?:${WORD}|de|da|van|von|der|den|bin|al|el|le|la)){1,4})\s*(?:,\s*(?:${SIGN_PLACE},\s*)?(?:${SIGN_DATE}))?$`, 'u');

// Where a referee, supervisor or relative stands: after a role label and a dash or colon ("Project sponsor — …",
// "Day-to-day lead: …"), after an emergency call, after "reported to the CTO,"; before a relative or a description
// of the person ("… (wife)", "… (the head of my department)", "…, Director of Platform").
const PERSON_NOUN = 'head|colleague|co-?worker|teammate|manager|director|lead|supervisor|mentor|boss|professor|lecturer|teacher|tutor|referee|friend|founder|owner|sponsor|chair|dean|principal|cto|ceo|cfo|coo|cio|vp';
const SLOT_BEFORE_RE = new RegExp(
  String.raw`(?:\b(?:sponsor|owner|lead|manager|supervisor|mentor|approver|reviewer|coordinator|champion|chair|contact|head)[ \t]*[:–—][ \t]*|\b(?:in[ \t]+case[ \t]+of[ \t]+emergency|emergency)[ \t]+(?:call|contact|ring|phone|notify)[ \t:]+|\bnext[ \t]+of[ \t]+kin[ \t]*[:–—-][ \t]*|\breported[ \t]+(?:directly[ \t]+)?to[ \t]+(?:the[ \t]+)?(?:CTO|CEO|CFO|COO|CIO|VP[^,\n]{0,30}|head[^,\n]{0,30}|director[^,\n]{0,30}),[ \t]*)(?:\p{Lu}\p{Ll}{0,3}\.[ \t]+)?`,
  'giu'
);
const RUN_AT_RE = new RegExp(String.raw`${WORD}(?:[ \t]+(?:${WORD}|(?:de|da|van|von|der|den|bin|binti|al|el|le|la)(?=[ \t])))*`, 'uy');
const RUN_RE = new RegExp(String.raw`(?<![\p{L}\p{M}\p{N}@./_-])${WORD}(?:[ \t]+(?:${WORD}|(?:de|da|van|von|der|den|bin|binti|al|el|le|la)(?=[ \t])))*`, 'gu');
const KIN_AFTER_RE = new RegExp(String.raw`^[ \t]*(?:\(|,[ \t]*)(?:my[ \t]+)?(?:${KIN})\b`, 'iu');
const DESCRIBED_AFTER_RE = new RegExp(String.raw`^[ \t]*(?:\([ \t]*(?:my|a|an|the|our)[ \t]+[^)\n]{0,40}?\b(${PERSON_NOUN}|client)\b[^)\n]{0,30}\)|,[ \t]+(?:the|my|our)[ \t]+(?:[\p{Ll}-]+[ \t]+){0,3}(?:${PERSON_NOUN})\b|,[ \t]+who[ \t]+(?:was|is|has[ \t]+been)[ \t]+(?:my|our)[ \t]+[\p{L}-]+|,[ \t]+(?:\p{Lu}[\p{L}-]*[ \t]+){0,2}(?:Director|Head|Manager|Lead|Chief|Professor|Supervisor|Dean|Principal)\b[ \t]+(?:of|for)\b)`, 'u');

/** The name words of a run, up to the first word that cannot be part of a name. */
function nameWordsOf(run: string): string[] {
  const ws: string[] = [];
  for (const w of run.split(/[ \t]+/)) {
    if (!nameWord(w)) break;
    ws.push(w);
  }
  while (ws.length && isParticle(ws[ws.length - 1])) ws.pop();
  return ws;
}

/** Referees, supervisors and relatives named where such a person stands (see the patterns above). */
export function slotNames(text: string): string[] {
  const out: string[] = [];
  const core = (ws: string[]) => ws.filter((w) => !isParticle(w));
  for (const m of text.matchAll(SLOT_BEFORE_RE)) {
    RUN_AT_RE.lastIndex = m.index + m[0].length;
    const r = RUN_AT_RE.exec(text);
    if (!r) continue;
    const ws = nameWordsOf(r[0]);
    // What follows the name ends it: a stop or bracket, a lower-case word, the end of the line.
    const end = r.index + ws.join(' ').length;
    if (core(ws).length >= 2 && core(ws).length <= 4 && ws.join(' ') === r[0].slice(0, end - r.index) && /^(?:[ \t]*(?:[,.;:!?)(—–-]|$)|[ \t]+\p{Ll})/mu.test(text.slice(end, end + 3))) out.push(ws.join(' '));
  }
  for (const r of text.matchAll(RUN_RE)) {
    const after = text.slice(r.index + r[0].length, r.index + r[0].length + 90);
    const kin = KIN_AFTER_RE.test(after);
    const described = kin ? null : DESCRIBED_AFTER_RE.exec(after);
    if (!kin && !described) continue;
    // The name is the end of the run: "Pan Somsak Rattanakorn", "Bay Orkhan Huseynov" keep their honorific.
    const words = r[0].split(/[ \t]+/);
    let from = words.length;
    while (from > 0 && nameWord(words[from - 1])) from--;
    const ws = words.slice(from);
    while (ws.length && isParticle(ws[0])) ws.shift();
    const c = core(ws);
    if (c.length < 2 || c.length > 4) continue;
    // A relative's slot is evidence enough; a described person needs a word that reads as a name, a client a known name.
    if (!kin && (described?.[1] === 'client' ? !c.some(isKnownName) : !(evidence(text, c) || c.some(isKnownName)))) continue;
    out.push(ws.join(' '));
  }
  return out;
}

// A nickname the resume gives beside the name: "Jane Doe [goes by JJ]", "(aka Bubba)", "(known as Kiki)", "(call me Sam)".
const NICKNAME_NOTE_RE = new RegExp(String.raw`[([][ \t]*(?:goes[ \t]+by|a\.?k\.?a\.?|also[ \t]+known[ \t]+as|known[ \t]+as|call[ \t]+me|prefers|nickname[ \t]*:?)[ \t]+["“'‘]?(${WORD})["”'’]?[ \t]*[)\]]`, 'giu');

/** The nickname in a note beside the name, masked in place: the note says a person is called so. */
export function nicknameMentions(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  for (const m of text.matchAll(NICKNAME_NOTE_RE)) {
    const w = m[1];
    if (!nameWord(w) || SKILL_WORDS.has(foldText(w))) continue;
    const start = m.index + m[0].lastIndexOf(w);
    out.push({ start, end: start + w.length, name: w });
  }
  return out;
}

// A header word that PDF extraction broke with spaces inside ("On ur   Ka ya", "E wa   K amińska"): fragments one
// space apart, words two or more spaces apart.
const BROKEN_WORD_RE = /^\p{Lu}[\p{L}\p{M}]{0,6}(?: [\p{L}\p{M}]{1,7}){1,3}$/u;

/** On the first two lines, a name whose words extraction broke into fragments: every word, joined, a known name. */
export function brokenHeaderNames(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  for (const { line, start } of firstLines(text, 2)) {
    const segs = [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ s: m[0], at: start + m.index }));
    if (segs.length < 2 || segs.length > 3 || !segs.some((x) => x.s.includes(' '))) continue;
    if (!segs.every((x) => (BROKEN_WORD_RE.test(x.s) || WORD_RE.test(x.s)) && x.s.replace(/ /g, '').length >= 2)) continue;
    const joined = segs.map((x) => x.s.replace(/ /g, ''));
    // Joined, one word is a known name and none is a word of resume language: "Data engin eer" joins to no name.
    const plain = (w: string) => nameWord(w) && !isAmbiguousWord(foldText(w));
    if (!joined.every((w) => plain(w) && (isKnownName(w) || !isVocabulary(foldText(w)))) || !joined.some(isKnownName)) continue;
    for (const x of segs) out.push({ start: x.at, end: x.at + x.s.length, name: joined.join(' ') });
  }
  return out;
}
