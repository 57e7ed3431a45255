/**
 * Job text as people save it → { title, description }: a title line followed by the posting, or a single
 * paragraph with no title line at all ("We are looking for an experienced Accountant to …"), the commonest
 * way a posting is pasted or saved.
 * Purpose: one rule for the app's paste box, `shortlist screen --job file.txt` and the evaluation harness.
 * Non-goals: requirement extraction (parse-job.ts).
 * Shape legend: `title` is a short role name; `description` is the rest of the text, or the whole paragraph
 * when the title was read from inside it (the sentence that names the role stays in the description).
 */
import { TITLE_AT_END_RE } from '../resume/vocab';

export interface JobText {
  title: string;
  description: string;
  /** How the title was found: the first line, a role phrase inside the text, or a fallback. */
  titleFrom: 'first-line' | 'phrase' | 'fallback';
}

const MAX_TITLE_LINE = 90;
// "looking for an experienced Accountant to", "hiring a Sales Representative", "seeking a Registered Nurse who".
const ROLE_PHRASE_RE =
  /\b(?:looking\s+(?:to\s+hire|for)|seeks|seeking|hiring|to\s+hire|in\s+need\s+of|recruiting|searching\s+for|in\s+search\s+of|need|needs|requires|wants|join\s+(?:us|our\s+team)\s+as|as\s+(?:an?|our)|position\s+of|role\s+of|opening\s+for|vacancy\s+for)\s+(?:an?\s+|the\s+|one\s+|two\s+)?((?:(?:experienced|skilled|talented|motivated|dedicated|passionate|qualified|certified|licensed|seasoned|dynamic|energetic|creative|detail[- ]oriented|results[- ]driven|full[- ]time|part[- ]time|senior|junior|entry[- ]level|mid[- ]level|new|bilingual|remote|experienced,)\s+)*)([^.,;:!?\n()]{2,70}?)(?=\s+(?:to|who|that|for|with|in|at|on|and\s+(?:will|to)|responsible|based|position|role|join|,)\b|[.,;:!?\n(]|$)/gi;
const LEADING_WORDS_RE = /^(?:experienced|skilled|talented|motivated|dedicated|passionate|qualified|certified|licensed|seasoned|dynamic|energetic|creative|bilingual|remote)\s+/i;

function capitalise(s: string): string {
  return s.replace(/(^|[\s/-])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Whether a first line reads as a title rather than the start of prose. */
function isTitleLine(line: string, rest: string): boolean {
  if (!rest.trim()) return false;
  if (line.length > MAX_TITLE_LINE) return false;
  // Prose: ends like a sentence, or has many lower-case function words.
  if (/[.!?]$/.test(line) && line.split(/\s+/).length > 6) return false;
  return line.split(/\s+/).length <= 12;
}

// Words that name nobody in particular: "looking for someone to handle our PR" names no role.
const GENERIC_RE = /^(?:someone|somebody|anyone|a\s+person|person|people|individuals?|candidates?|applicants?|talent|professionals?|team\s+players?|self[- ]starters?|go[- ]getters?|rock\s*stars?|ninjas?|you)$/i;
// "Job Summary:", "Position Overview:" and the like open a paragraph without naming the role.
const LEAD_LABEL_RE = /^(?:(?:job|position|role)\s+)?(?:summary|overview|description|purpose|profile|details)\s*[:\-–]\s*/i;
// "Title: Data Analyst - Remote. …", "Position: Staff Nurse (nights)".
const TITLE_LABEL_RE = /^(?:now\s+hiring|hiring(?:\s+now)?|we(?:'|’)?re\s+hiring|job\s+title|title|position|role|vacancy|opening)\s*[:\-–]\s*([^.\n;:!?()|]{2,70}?)(?=\s+[-–—|]\s|\s*[.\n;:!?()|,]|$)/i;
// A run of capitalised words ("Business Development Manager", "HR Generalist", "Sous-Chef") …
const CAPITALISED_RUN_RE = /(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}'’&-]*|[A-Z]{2,})(?:\s+(?:of|and|&|de|for)?\s*(?:\p{Lu}[\p{L}'’&-]*|[A-Z]{2,}))*/gu;
const OPENING_RUN_RE = new RegExp(`^${CAPITALISED_RUN_RE.source}`, 'u');
// … or a lower-case role the text announces: "Fitness trainer wanted", "farm manager needed".
const ANNOUNCED_RE = /(?:^|[.!?:]\s+)(\p{L}[\p{L}-]*(?:\s+\p{Ll}[\p{L}-]*){0,3})\s+(?:wanted|needed|required)\b/gu;
// Head nouns that say "a role" only together with another word ("Staff Accountant" yes, "Staff" alone no).
const WEAK_HEADS_RE = /^(?:staff|crew|member|employee|worker|student|senior|junior|sr|jr|deputy|chief|head|lead|partner|principal|fresher|para|observer|volunteer|fellow|owner|president|chair)$/i;
const SENTENCE_START_WORDS_RE = /^(?:seeking|hiring|now|wanted|urgent|urgently|immediately|the|a|an|our|we|you|this|in|as|at|for|to|join|are|is|with|and|your|their|its|all|every|each)$/i;

/** Whether a phrase ends in a role noun, singular or plural ("Line cooks", "ICU nurses"). */
function endsInRole(phrase: string): boolean {
  return TITLE_AT_END_RE.test(phrase) || (/\p{L}s$/u.test(phrase) && TITLE_AT_END_RE.test(phrase.slice(0, -1)));
}

/** A capitalised run as a role, when it ends in a role noun ("The Staff Accountant" → "Staff Accountant"). */
function runAsRole(run: string): string | undefined {
  const words = run.split(/\s+/);
  while (words.length > 1 && SENTENCE_START_WORDS_RE.test(words[0])) words.shift();
  const last = words[words.length - 1];
  if (!endsInRole(last) || words.length > 6) return undefined;
  if (words.length === 1 && WEAK_HEADS_RE.test(last)) return undefined;
  return words.join(' ');
}

/** The role a free-text posting names, by the phrases postings use (see the file comment); undefined when none. */
function roleFromProse(text: string): string | undefined {
  // The first ~600 characters, cut at a word boundary so no phrase ends inside a word.
  const cut = text.length > 600 ? text.slice(0, 600).replace(/\s+\S*$/, '') : text;
  const head = cut.replace(LEAD_LABEL_RE, '');
  const labelled = TITLE_LABEL_RE.exec(head);
  if (labelled && labelled[1].trim().split(/\s+/).length <= 6) return labelled[1].trim();
  // A posting that opens with the role: "Account Executive, Public Relations – …", "The Staff Accountant will …".
  const opening = OPENING_RUN_RE.exec(head);
  const openingRole = opening ? runAsRole(opening[0]) : undefined;
  if (openingRole) return openingRole;
  for (const m of head.matchAll(ROLE_PHRASE_RE)) {
    // "hands-on Farm Operations Supervisor": lower-case qualifiers before a capitalised role are not the role.
    let title = m[2].trim().replace(LEADING_WORDS_RE, '').replace(/\s+/g, ' ');
    if (/\p{Lu}/u.test(title)) title = title.replace(/^(?:\p{Ll}[\p{L}-]*\s+)+(?=\p{Lu})/u, '');
    const words = title.split(' ');
    if (words.length <= 6 && /\p{L}{2}/u.test(title) && !GENERIC_RE.test(words[0]) && !GENERIC_RE.test(title)) return /\p{Lu}/u.test(title) ? title : capitalise(title);
  }
  for (const announced of head.matchAll(ANNOUNCED_RE)) {
    if (endsInRole(announced[1]) && !GENERIC_RE.test(announced[1])) return capitalise(announced[1]);
  }
  // The first capitalised run that ends in a role noun: "… for this Elementary Teacher position", "In this role,
  // the Business Development Manager will …".
  for (const run of head.matchAll(CAPITALISED_RUN_RE)) {
    const role = runAsRole(run[0]);
    if (role) return role;
  }
  return undefined;
}

/** Split a job posting's text into a title and a description (see the file comment). */
export function jobFromText(raw: string): JobText | undefined {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) return undefined;
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  const rest = nl < 0 ? '' : text.slice(nl + 1).trim();
  if (isTitleLine(first, rest)) return { title: first.replace(/^(?:job\s+title|title|position|role)\s*[:\-–]\s*/i, '').trim(), description: rest, titleFrom: 'first-line' };
  const role = roleFromProse(text);
  if (role) return { title: role, description: text, titleFrom: 'phrase' };
  // No recognisable role phrase: the first few words stand in as the title; the whole text is the posting.
  const fallback = first.split(/\s+/).slice(0, 8).join(' ').replace(/[.,;:!?]+$/, '');
  return { title: fallback, description: text, titleFrom: 'fallback' };
}
