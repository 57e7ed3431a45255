/**
 * Job text as people save it → { title, description }: a title line followed by the posting, or a single
 * paragraph with no title line at all ("We are looking for an experienced Accountant to …"), the commonest
 * way a posting is pasted or saved.
 * Purpose: one rule for the app's paste box, `shortlist screen --job file.txt` and the evaluation harness.
 * Non-goals: requirement extraction (parse-job.ts).
 * Shape legend: `title` is a short role name; `description` is the rest of the text, or the whole paragraph
 * when the title was read from inside it (the sentence that names the role stays in the description).
 */

export interface JobText {
  title: string;
  description: string;
  /** How the title was found: the first line, a role phrase inside the text, or a fallback. */
  titleFrom: 'first-line' | 'phrase' | 'fallback';
}

const MAX_TITLE_LINE = 90;
// "looking for an experienced Accountant to", "hiring a Sales Representative", "seeking a Registered Nurse who".
const ROLE_PHRASE_RE =
  /\b(?:looking\s+for|seeking|hiring|recruiting|searching\s+for|in\s+search\s+of|need|needs|requires|wants|join\s+(?:us|our\s+team)\s+as|as\s+(?:an?|our)|position\s+of|role\s+of|opening\s+for|vacancy\s+for)\s+(?:an?\s+|the\s+|one\s+|two\s+)?((?:(?:experienced|skilled|talented|motivated|dedicated|passionate|qualified|certified|licensed|seasoned|dynamic|energetic|creative|detail[- ]oriented|results[- ]driven|full[- ]time|part[- ]time|senior|junior|entry[- ]level|mid[- ]level|new|bilingual|remote|experienced,)\s+)*)([^.,;:!?\n()]{2,70}?)(?=\s+(?:to|who|that|for|with|in|at|on|and\s+(?:will|to)|responsible|based|position|role|join|,)\b|[.,;:!?\n(]|$)/i;
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

/** Split a job posting's text into a title and a description (see the file comment). */
export function jobFromText(raw: string): JobText | undefined {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) return undefined;
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  const rest = nl < 0 ? '' : text.slice(nl + 1).trim();
  if (isTitleLine(first, rest)) return { title: first.replace(/^(?:job\s+title|title|position|role)\s*[:\-–]\s*/i, '').trim(), description: rest, titleFrom: 'first-line' };
  const m = ROLE_PHRASE_RE.exec(text.slice(0, 600));
  if (m) {
    const title = m[2].trim().replace(LEADING_WORDS_RE, '').replace(/\s+/g, ' ');
    const words = title.split(' ');
    if (words.length <= 6 && /\p{L}{2}/u.test(title)) return { title: /\p{Lu}/u.test(title) ? title : capitalise(title), description: text, titleFrom: 'phrase' };
  }
  // No recognisable role phrase: the first few words stand in as the title; the whole text is the posting.
  const fallback = first.split(/\s+/).slice(0, 8).join(' ').replace(/[.,;:!?]+$/, '');
  return { title: fallback, description: text, titleFrom: 'fallback' };
}
