/**
 * The skills a resume lists: the items of its skills sections and of "Skills:"-labelled lines, as written.
 * Purpose: what a recruiter reads as the candidate's skills ("Client handling", "Query Analyzer",
 * "Core Java"), including those the taxonomy does not know; each item keeps its span and, where the
 * taxonomy recognises it, the canonical names it mentions. Taxonomy mentions across the whole resume stay in
 * ParsedResume.skillMentions (the scorer reads those).
 * Non-goals: skill levels; items of description prose (experience bullets are not a list of skills).
 * Shape legend: a scope is a span of the text holding a list (a skills section's body, the rest of a
 * "Technical skills:" line, a programming "Languages:" section); it is cut into lines (line breaks, tabs,
 * runs of 3+ spaces) and each line into items at commas, semicolons, bars and bullets outside parentheses; a
 * leading "Label:" ("Build Tools:") is a group name, not an item; the Indeed years note ("Java (3 years)",
 * "(Less than 1 year)") is left off the item; items are deduplicated by their lower-case words.
 */
import { findDateRanges, findSingleDates } from './dates';
import { isPlace } from './pieces';
import { headingKind, sectionBody } from './sections';
import type { ListedSkill, ResumeSection, SkillMention, Span } from './types';

/** Most words an item may have: longer ones are sentences of a summary, not list items. */
const MAX_ITEM_WORDS = 8;
/** Characters that separate items on a line. */
const ITEM_SEPARATORS = new Set([',', ';', '|', '•', '·', '▪', '●', '❖', '➢', '►', '✓', '✔', '◦', '○', '■', '□', '➤', '♦', '◆', '⁃']);
/** A line's group label: up to five words before a colon ("Build Tools:", "Cloud Services::"), not a URL's "https:". */
export const GROUP_LABEL_RE = /^[\s•·▪●❖➢►✓✔◦○■□➤♦◆*-]*((?:[\p{L}\d][\p{L}\d&/+.'’()-]*\s*){1,5}):+(?!\/\/)\s*/u;
const WORD_START_RE = /(?:^|\s)[\p{L}\d]/gu;

/**
 * GROUP_LABEL_RE.exec(raw), skipped where it cannot match. Its five words can be cut into pieces in so many ways
 * that a line with no label costs it thousands of steps (~4 of ~70 CPU-ms per resume on the CLI path, node
 * --cpu-prof). A match needs a colon, and neither the bullets before the label nor the label hold one, so the
 * label ends at the line's first colon; each word of the label starts one of its at most five pieces, and the
 * bullets hold no letter or digit: more than five word starts before the first colon, no match.
 */
export function groupLabel(raw: string): RegExpExecArray | null {
  const colon = raw.indexOf(':');
  if (colon < 0) return null;
  const head = raw.slice(0, colon);
  let words = 0;
  WORD_START_RE.lastIndex = 0;
  while (WORD_START_RE.exec(head)) if (++words > 5) return null;
  return GROUP_LABEL_RE.exec(raw);
}
/** "(2 years)", "(Less than 1 year)", "(10+ years)": Indeed's experience note after a skill. */
const YEARS_NOTE_RE = /\s*\((?:less\s+than\s+)?\d{1,2}\+?\s*(?:years?|yrs?)\)\s*$/i;
const URL_RE = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|\b[\w-]+\.(?:com|org|net|in|io|co)\/\S*/i;
const FUNCTION_WORD_RE = /^(?:the|and|of|to|for|with|in|on|a|an|from|by|as|is|was|are|have|has|had|i|my|we|our|it|this|that|which|who|will|be|been|at|into|like|such|etc)$/i;

/** An item that reads as a sentence of prose rather than a list entry ("Eager to learn new things in every project"). */
function isSentence(words: string[]): boolean {
  const fn = words.filter((w) => FUNCTION_WORD_RE.test(w)).length;
  return words.length >= 5 && fn >= 1;
}
/** Labels of a skills line anywhere in a resume ("Technical Skills:", "Tools:", "Programming languages -"). */
const SKILL_LABEL_RE = /(?:^|(?<=\n|[ ]{3}))[ \t•*❖➢-]{0,10}(?:technical\s+|computer\s+|it\s+|key\s+|soft\s+|software\s+|core\s+)?(?:skills?(?:\s+set)?|skillset|technologies|tools|tech(?:nology)?\s+stack|programming\s+languages|computer\s+languages|frameworks|competencies|proficient\s+in|familiar\s+with|knowledge\s+of)\s*[:\-–]+/gi;
/** Personal-detail labels: a line under one of them is not a skill ("Languages known: English", "Hobbies: …"). */
const PERSONAL_LABEL_RE = /^(?:date\s+of\s+birth|dob|d\.o\.b|father'?s?\s+name|mother'?s?\s+name|gender|sex|marital\s+status|nationality|religion|address|permanent\s+address|passport|hobbies|interests|languages?\s+known|email|phone|mobile|contact|age|place|date|declaration|caste|category|blood\s+group|height|weight)\b/i;

/** The spans that hold skill lists: skills sections, "Skills:" lines elsewhere, programming "Languages:" sections. */
function listScopes(text: string, sections: ResumeSection[], mentions: SkillMention[]): Span[] {
  const scopes: Span[] = [];
  for (const s of sections) {
    const body = sectionBody(text, s);
    if (s.kind === 'skills') scopes.push(body);
    // Indeed's "Additional Information" is where most people list their skills; personal-detail lines are left out.
    else if (s.kind === 'personal' && /additional/i.test(s.heading)) scopes.push(body);
    // "Languages: C, C++, Java" is a programming list; "Languages: English, Hindi" names spoken languages.
    else if (s.kind === 'languages' && mentions.some((m) => m.start >= body.start && m.end <= body.end && m.category !== 'languages')) scopes.push(body);
  }
  for (const m of text.matchAll(SKILL_LABEL_RE)) {
    const start = m.index + m[0].length;
    if (scopes.some((s) => start >= s.start && start < s.end)) continue;
    const nl = text.indexOf('\n', start);
    scopes.push({ start, end: nl < 0 ? text.length : nl });
  }
  return scopes.sort((a, b) => a.start - b.start);
}

/** Lines of a scope (line breaks; tabs and runs of 3+ spaces in flattened text); a line break inside parentheses closed on the next line ("Docker (Less\nthan 1 year)") does not end the line. */
function scopeLines(text: string, scope: Span): Span[] {
  const out: Span[] = [];
  let start = scope.start;
  let depth = 0;
  for (let i = scope.start; i <= scope.end; i++) {
    const ch = i < scope.end ? text[i] : '\n';
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    if (ch === '\n' && depth > 0 && i < scope.end) {
      const nl = text.indexOf('\n', i + 1);
      if (/[)\]]/.test(text.slice(i + 1, nl < 0 ? scope.end : Math.min(nl, scope.end)))) continue;
    }
    const runOfSpaces = ch === ' ' && text.startsWith('   ', i);
    if (ch === '\n' || ch === '\t' || runOfSpaces) {
      if (i > start) out.push({ start, end: i });
      while (runOfSpaces && i + 1 < scope.end && text[i + 1] === ' ') i++;
      start = i + 1;
      depth = 0;
    }
  }
  return out;
}

/** Items of one line: cut at separators outside parentheses, after any group label. */
function lineItems(text: string, line: Span): Span[] {
  const raw = text.slice(line.start, line.end);
  const label = groupLabel(raw);
  let from = line.start + (label && !URL_RE.test(label[0]) && !/\d{1,2}:\d{2}/.test(label[0]) ? label[0].length : 0);
  if (label && PERSONAL_LABEL_RE.test(label[1].trim())) return [];
  const items: Span[] = [];
  let depth = 0;
  for (let i = from; i <= line.end; i++) {
    const ch = i < line.end ? text[i] : ',';
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    // "&amp;" (HTML text pasted into a resume) is one character, not a separator.
    if (ch === ';' && /&[a-z]{2,6}$/i.test(text.slice(Math.max(line.start, i - 8), i))) continue;
    if (i === line.end || (depth === 0 && ITEM_SEPARATORS.has(ch))) {
      items.push({ start: from, end: i });
      from = i + 1;
    }
  }
  return items;
}

/** Trim an item to its name: bullets, list numbers, the years note, trailing punctuation. */
function cleanItem(text: string, span: Span): Span | undefined {
  let start = span.start;
  let end = span.end;
  const lead = /^[\s*•·▪●❖➢►✓✔◦○■□➤♦◆\-–—:>]*(?:\(?\d{1,2}[.)]\s+|\(?[ivx]{1,4}[.)]\s+|[a-h][.)]\s+)?/iu.exec(text.slice(start, end));
  start += lead ? lead[0].length : 0;
  let value = text.slice(start, end);
  value = value.replace(YEARS_NOTE_RE, '');
  value = value.replace(/[\s.,:;\-–—*]+$/u, '');
  end = start + value.length;
  if (end - start < 1 || !/\p{L}|\d{2,}/u.test(value)) return undefined;
  return { start, end };
}

/** An item that dates something ("June 2008 to March 2016", "Program (January 2017)", "2013"); a version year after a product name ("SQL Server 2016") is not. */
function isDated(text: string, item: Span): boolean {
  const ranges = findDateRanges(text, item.start, item.end);
  const singles = findSingleDates(text, item.start, item.end);
  if (ranges.some((r) => r.monthPrecision || r.toIso === undefined) || singles.some((d) => d.monthPrecision)) return true;
  let rest = text.slice(item.start, item.end);
  for (const d of [...ranges, ...singles]) rest = rest.replace(text.slice(d.start, d.end), ' ');
  return ranges.length + singles.length > 0 && !/\p{L}{2}/u.test(rest);
}

const keyOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+#]+/gu, ' ')
    .trim();

/**
 * The skills a resume lists (see the shape legend), in text order, deduplicated. `taken`: spans already read as
 * something else (a work entry's title, company, place or description that text extraction put under a skills
 * heading).
 */
export function listedSkills(text: string, sections: ResumeSection[], mentions: SkillMention[], taken: Span[] = []): ListedSkill[] {
  const out: ListedSkill[] = [];
  const seen = new Set<string>();
  for (const scope of listScopes(text, sections, mentions)) {
    for (const line of scopeLines(text, scope)) {
      for (const piece of lineItems(text, line)) {
        const item = cleanItem(text, piece);
        if (!item) continue;
        const name = text.slice(item.start, item.end);
        const words = name.split(/\s+/).filter(Boolean);
        if (words.length > MAX_ITEM_WORDS || URL_RE.test(name) || headingKind(name) || /^\(.*\)$/.test(name)) continue;
        if (isSentence(words) || isDated(text, item) || isPlace(name)) continue;
        if (taken.some((t) => item.start < t.end && item.end > t.start)) continue;
        const key = keyOf(name);
        if (!key || seen.has(key)) continue;
        seen.add(key);
        const inside = [...new Set(mentions.filter((m) => m.start >= item.start && m.end <= item.end).map((m) => m.skill))];
        out.push({ name, start: item.start, end: item.end, ...(inside.length ? { skills: inside } : {}) });
      }
    }
  }
  return out;
}
