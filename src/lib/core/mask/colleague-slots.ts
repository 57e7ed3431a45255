/**
 * Referees, supervisors, colleagues and relatives where the grammar of a line says a person stands.
 * Purpose: held-out resumes kept other people's names in slots the other finders (person-slots.ts
 * `workRelationNames`, name-sources.ts `referenceNames`) did not know:
 * - a relation label and a colon inside a line ("Skip-level: …; direct: …", "Emergency contact / relationship:
 *   … / sister", "Next of kin: …", "Mentor: …");
 * - a passive verb and "by" ("onboarded by …", "assessed by … and …"), joint work ("run jointly with …",
 *   "co-chaired the review board with …", "together with …"), a team "under …", "while … was on leave";
 * - a bullet whose subject is a person acting on the writer ("… signed off my probation", "… promoted me");
 * - a referee entry after a dash ("Referee one — …; Head of Data at …"), and a contact card: the name alone on
 *   a line over a job title and a phone line, or the name before "[Role, Organisation]" and a phone.
 * The words must read as a name (introductions.ts `nameWord`), two to four of them, not skills only; where the slot
 * is prose, one word must also be a known name or a word resume language does not use (introductions.ts
 * `evidence`), so "assessed by Machine Learning Reviewers" stays.
 * Non-goals: masking (names.ts); a name with no such slot (gazetteer.ts).
 */
import nonNameWords from '../../../../models/non-name-words.json';
import { foldText } from './fold';
import { evidence, nameWord } from './introductions';
import { HONORIFIC_RE, isParticle } from './name-sources';
import { isKnownName } from './person-names';
import { core, plainName, RUN } from './person-slots';
import { TITLE_AT_END_RE } from '../resume/vocab';

const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);
// Titles before the name: honorifics of many languages, short capitalised credentials ("CA", "Lic.", "Dipl.-Ing.").
const TITLE = String.raw`(?:(?:Monsieur|Madame|Mademoiselle|Signora?|Señora?|Senhora?|Dipl\.-Ing\.|\p{Lu}{1,3}\.|\p{Lu}\p{Ll}{1,3}\.|\p{Lu}{2,3}(?=[ \t]+\p{Lu}\p{Ll}))[ \t]+)*`;
const RUN_RE = new RegExp(RUN, 'uy');
const TITLE_RE = new RegExp(TITLE, 'uy');
// After the name: a stop, a bracket, a slash, "and", a lower-case word, the end of the line.
const NAME_END_RE = /^(?:[ \t]*(?:[,.;:!?)(/\[]|$)|[ \t]+\p{Ll})/mu;

// People, not a person: a group noun, or a role in the plural ("awarded by Emory Professors", "run jointly with
// Senior Managers"); a singular role stays possible as a family name (Cook, Carpenter).
const GROUP_RE = /^(?:faculty|staff|team|panel|jury|council|committee|board|alumni|peers|colleagues|members|management|leadership|students|parents|clients|customers)$/i;
const groupWord = (w: string) => GROUP_RE.test(w) || (/\p{Ll}s$/u.test(w) && !isKnownName(w) && TITLE_AT_END_RE.test(w.slice(0, -1)));

/** The name that starts at `at` (after any titles), if it reads as one and ends where a name ends. */
function nameAt(text: string, at: number, needEvidence: boolean): { name: string; end: number } | null {
  TITLE_RE.lastIndex = at;
  const from = at + (TITLE_RE.exec(text)?.[0].length ?? 0);
  RUN_RE.lastIndex = from;
  const run = RUN_RE.exec(text)?.[0];
  if (!run) return null;
  // The name is the run up to its first word that is no name word, less trailing particles; it must be written
  // with single spaces and end where a name ends.
  const all = run.split(/[ \t]+/);
  const cut = all.findIndex((w) => !nameWord(w));
  let ws = cut < 0 ? all : all.slice(0, cut);
  while (ws.length && isParticle(ws[ws.length - 1])) ws = ws.slice(0, -1);
  const name = ws.join(' ');
  const end = from + name.length;
  const c = core(ws);
  if (c.length < 2 || c.length > 4 || !run.startsWith(name) || !NAME_END_RE.test(text.slice(end, end + 3))) return null;
  if (!plainName(ws) || c.some(groupWord) || (needEvidence && !evidence(text, c))) return null;
  return { name: name.replace(HONORIFIC_RE, ''), end };
}

// A relation label and a colon inside a line: the label names the person's place, not an attribute of the work.
const LABEL = String.raw`(?:skip[- ]level|direct|line[ \t]+manager|dotted[- ]line|mentor|buddy|sponsor|emergency[ \t]+contact(?:[ \t]*\/[ \t]*relationship)?|next[ \t]+of[ \t]+kin|guardian|spouse|(?:speak|talk)[ \t]+(?:to|with))[ \t]*:`;
// Verbs whose agent is usually an organisation, a product or an event, not a person.
const ORG_AGENT = String.raw`(?:acquir|purchas|bought|sold|own|operat|host|organi[sz]|conduct|sponsor|fund|financ|affect|effect|caus|damag|destroy|hit|struck|power|use|utili[sz]|publish|issu|grant|provid|offer|develop|design|built|manufactur|produc|distribut|licens|certif|accredit|regulat|commission|contract|employ|found|establish|driven|accept|adopt|deploy|requir|mandat|recogni[sz]|rank|rat|list|featur|cover|report|broadcast|air|print)\p{Ll}*[ \t]+by\b`;
// Prose slots: a passive verb and "by", joint work "with", a team "under", "while … was".
const PROSE = [
  // … but not the verbs whose agent is a firm, a brand or an event ("purchased by Hallmark Cards", "affected by
  // Hurricane Ike", "hosted by Robert Mondavi", "utilized by Birch Telecom", "conducted by ICAP …").
  String.raw`\b(?!${ORG_AGENT})\p{Ll}{3,}(?:ed|en|wn)[ \t]+by`,
  String.raw`\b(?:jointly|together|co-\p{Ll}+(?:[ \t]+[\p{Ll}-]+){0,4}?)[ \t]+with`,
  String.raw`\b(?:team|unit|department|group|squad)\b[^\n.;]{0,20}?\bunder`,
  String.raw`\bwhile(?=[ \t]+[^\n]{3,60}?[ \t](?:was|were)\b)`
].join('|');
const SLOT_RE = new RegExp(String.raw`(?:(${LABEL})|(?:${PROSE}))[ \t]*`, 'giu');
const AND_RE = /^[ \t]+(?:and|&)[ \t]+/u;
// A bullet whose subject is a person acting on the writer: "- Jane Doe signed off my probation".
const SUBJECT_RE = /^[ \t]*[-•*▪–][ \t]+(?=[^\n]{3,60}?[ \t]\p{Ll}+[ \t](?:[^\n]{0,30}?[ \t])?(?:my|me)\b)/gmu;
// A referee entry: "Referee one — …", "Reference 2: …".
const REFEREE_RE = /\b(?:referee|reference|referent)(?:[ \t]+(?:one|two|three|four|\d))?[ \t]*[—–:-][ \t]*/giu;
// A contact card: the name alone on a line, a job title line, and a phone line within the next three.
const PHONE_LINE_RE = /(?:\d[^\d\n]{0,3}){7,}|^[ \t]*(?:tel|phone|mobile|mob|cell)\b\.?[^\n]*\d{2}/i;
// Dates are not phone digits: "01/2005 - 01/2007", "March 1998 to June 1999" are an entry's dates.
const DATES_RE = /\b(?:\d{1,2}[/.-])?(?:19|20)\d{2}\b/g;
const isPhoneLine = (line: string) => PHONE_LINE_RE.test(line.replace(DATES_RE, ' '));
// One line: "Jane Doe [Head of Data, Contoso] +1 555 0100".
const BRACKET_CARD_RE = /^[ \t]*(?=[^\n[]{3,60}\[[^\]\n]+,[^\]\n]+\][ \t]*[+(\d])/gmu;

/** Referees, supervisors, colleagues and relatives in the slots above. */
export function colleagueSlotNames(text: string): string[] {
  const out: string[] = [];
  const take = (at: number, needEvidence: boolean) => {
    const first = nameAt(text, at, needEvidence);
    if (!first) return;
    out.push(first.name);
    const and = AND_RE.exec(text.slice(first.end, first.end + 12));
    const second = and ? nameAt(text, first.end + and[0].length, needEvidence) : null;
    if (second) out.push(second.name);
  };
  // A label is evidence enough; prose needs a name-like word.
  for (const m of text.matchAll(SLOT_RE)) take(m.index + m[0].length, !m[1]);
  for (const m of text.matchAll(SUBJECT_RE)) take(m.index + m[0].length, true);
  for (const m of text.matchAll(REFEREE_RE)) take(m.index + m[0].length, false);
  for (const m of text.matchAll(BRACKET_CARD_RE)) take(m.index + m[0].length, false);
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const next = lines[i + 1]?.trim() ?? '';
    const title = next.split(/[ \t,]+/).some((w) => HEADER_WORDS.has(foldText(w))) && !isPhoneLine(next);
    if (!title || !lines.slice(i + 2, i + 4).some(isPhoneLine)) return;
    const ws = line.trim().split(/[ \t]+/);
    // Like prose, a card's line must read as a person: a known name or a word resume language does not use.
    if (ws.length >= 2 && ws.length <= 4 && plainName(ws) && core(ws).length >= 2 && !core(ws).some(groupWord) && evidence(text, core(ws))) out.push(ws.join(' ').replace(HONORIFIC_RE, ''));
  });
  return out;
}
