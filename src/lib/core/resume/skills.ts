/**
 * Skill matching against the curated taxonomy (models/skills-taxonomy.json).
 * Purpose: find every mention of a known skill by canonical name or alias, with word boundaries that respect
 * "C++", "C#", ".NET", "Node.js", "R&D", and with ambiguous names settled by their surroundings as the taxonomy
 * says: ordinary words and one-letter names ("R", "Word") only in a skills context (a skills section, a labelled
 * line such as "Skills:", or a list item next to another unambiguous skill); names under a context rule only when
 * a confirming word or a skill of a confirming category is near and no ruling-out word is ("EMR" near "patient"
 * is a health record, near "Spark" it is Amazon EMR; "Chef" near "kitchen" is no skill at all).
 * Non-goals: skill levels or years per skill; fuzzy/semantic matching (embedding signals do that later).
 * Shape legend: SkillMention spans are half-open offsets into the text; `skill` is the canonical name. A mention
 * is "solid" when its name needs no context; only solid mentions confirm ambiguous neighbours.
 */
import defaultTaxonomyData from '../../../../models/skills-taxonomy.json';
import { spanOverlaps } from '../text/span-index';
import type { ResumeSection, SkillContextRule, SkillMention, SkillsTaxonomy, Span } from './types';

export const defaultTaxonomy: SkillsTaxonomy = defaultTaxonomyData as SkillsTaxonomy;

const DEFAULT_WINDOW = 120;
/** How far notFollowedBy / notPrecededBy look for the adjacent word. */
const ADJACENT_CHARS = 40;

/** A context rule ready to test: phrase lists compiled to regexes once per taxonomy. */
interface CompiledRule {
  near?: PhraseTest;
  notNear?: PhraseTest;
  nearCategories: Set<string>;
  notFollowedBy?: RegExp;
  notPrecededBy?: RegExp;
  /** The rule can confirm its names (near words or categories), so they count only when confirmed. */
  confirms: boolean;
  skillsContext: boolean;
  strictCase: boolean;
  window: number;
}

interface AliasEntry {
  skill: string;
  category: string;
  /** The name as the taxonomy writes it; case checks compare against it. */
  written: string;
  contextOnly: boolean;
  caseSensitive: boolean;
  rule?: CompiledRule;
}

/** A compiled matcher: one alternation regex over all names plus a lookup from the normalised name. */
export interface SkillMatcher {
  taxonomy: SkillsTaxonomy;
  regex: RegExp;
  byAlias: Map<string, AliasEntry[]>;
  categoryOf: Map<string, string>;
}

type PhraseTest = (s: string) => boolean;

const cache = new WeakMap<SkillsTaxonomy, SkillMatcher>();

const REGEX_SPECIAL = new Set('.*+?^${}()|[]\\/'.split(''));

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The lookup key of a name: lower case, spaces and hyphens alike, "F & B" as "f&b", curly apostrophes straight. */
export function aliasKey(name: string): string {
  return name
    .replace(/\u2019/g, "'")
    .replace(/\s*&\s*/g, '&')
    .replace(/[\s-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Regex source for one character of a key (see matchableText): a space matches a run of spaces or hyphens, "&" may have spaces round it. */
function unitSource(unit: string): string {
  if (unit === ' ') return '[ -]+';
  if (unit === '&') return ' *& *';
  if (unit === "'") return "['’]";
  return REGEX_SPECIAL.has(unit) ? `\\${unit}` : unit;
}

/** Regex source for a key searched in raw text (context windows): any white space or hyphens between words. */
function keySource(key: string): string {
  return [...key].map((unit) => (unit === ' ' ? String.raw`[\s-]+` : unit === '&' ? String.raw`\s*&\s*` : unitSource(unit))).join('');
}

interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

/**
 * One regex source for many keys, factored by common prefix ("java(?:script)?"). A flat alternation of thousands
 * of names makes the engine try each at every position (~1 s per resume); the trie tries only matching branches.
 * Greedy optional suffixes keep the longest name first, as a length-sorted alternation would.
 */
function trieSource(keys: Iterable<string>): string {
  const root: TrieNode = { children: new Map(), end: false };
  for (const key of keys) {
    let node = root;
    for (const unit of key) {
      let child = node.children.get(unit);
      if (!child) node.children.set(unit, (child = { children: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const alts = [...node.children].map(([unit, child]) => unitSource(unit) + emit(child));
    if (!alts.length) return '';
    const body = alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/**
 * The text as the name regex reads it: lower case, every kind of white space a plain space, every offset kept (a
 * character whose lower case is longer, like "İ", stays as is). Small character classes keep the large regex cheap.
 */
function matchableText(text: string): string {
  let lower = text.toLowerCase();
  if (lower.length !== text.length) {
    lower = '';
    for (const ch of text) {
      const l = ch.toLowerCase();
      lower += l.length === ch.length ? l : ch;
    }
  }
  return lower.replace(/\s/g, ' ');
}

/** Short ALL-CAPS names ("AD", "PR", "ML") are acronyms: they match only as written. */
function isAcronym(name: string): boolean {
  return name.length <= 4 && name === name.toUpperCase() && /[A-Z]/.test(name);
}

/** One test for a list of words or phrases, each as a whole word (plural "s"/"es" allowed); acronyms keep their case. */
function phraseTest(phrases: string[] | undefined): PhraseTest | undefined {
  if (!phrases?.length) return undefined;
  const build = (list: string[], flags: string) =>
    list.length ? new RegExp(String.raw`(?<![\p{L}\p{N}_])(?:${list.map((p) => keySource(aliasKey(p))).join('|')})(?:s|es)?(?![\p{L}\p{N}_])`, flags) : undefined;
  const exact = build(phrases.filter(isAcronym), 'u');
  const anyCase = build(phrases.filter((p) => !isAcronym(p)), 'iu');
  return (s) => !!exact?.test(s) || !!anyCase?.test(s);
}

/** The adjacent-word regex for notFollowedBy (anchored after the name) or notPrecededBy (anchored before it). */
function adjacentRe(words: string[] | undefined, side: 'after' | 'before'): RegExp | undefined {
  if (!words?.length) return undefined;
  const alts = words.map((w) => (w === '#number' ? String.raw`['’]?\d` : keySource(aliasKey(w)))).join('|');
  return side === 'after'
    ? new RegExp(String.raw`^\s+(?:${alts})(?![\p{L}_])`, 'iu')
    : new RegExp(String.raw`(?<![\p{L}\p{N}_])(?:${alts})\s+$`, 'iu');
}

function compileRule(rule: SkillContextRule): CompiledRule {
  const nearCategories = new Set(rule.nearCategories ?? []);
  return {
    near: phraseTest(rule.near),
    notNear: phraseTest(rule.notNear),
    nearCategories,
    notFollowedBy: adjacentRe(rule.notFollowedBy, 'after'),
    notPrecededBy: adjacentRe(rule.notPrecededBy, 'before'),
    confirms: !!rule.near?.length || nearCategories.size > 0,
    skillsContext: !!rule.skillsContext,
    strictCase: !!rule.caseSensitive,
    window: rule.window ?? DEFAULT_WINDOW
  };
}

/** Compile (and cache) a matcher for a taxonomy. */
export function compileTaxonomy(taxonomy: SkillsTaxonomy = defaultTaxonomy): SkillMatcher {
  const cached = cache.get(taxonomy);
  if (cached) return cached;
  const byAlias = new Map<string, AliasEntry[]>();
  const categoryOf = new Map<string, string>();
  for (const s of taxonomy.skills) {
    categoryOf.set(s.name, s.category);
    const contextAliases = new Set((s.contextOnlyAliases ?? []).map(aliasKey));
    const rules = new Map<string, CompiledRule>();
    for (const r of s.rules ?? []) {
      const compiled = compileRule(r);
      for (const n of r.names ?? [s.name]) rules.set(aliasKey(n), compiled);
    }
    const names = [{ text: s.name, contextOnly: !!s.contextOnly, caseSensitive: !!s.caseSensitive }];
    for (const a of s.aliases) names.push({ text: a, contextOnly: contextAliases.has(aliasKey(a)), caseSensitive: isAcronym(a) });
    for (const n of names) {
      const key = aliasKey(n.text);
      const list = byAlias.get(key) ?? [];
      if (!list.some((e) => e.skill === s.name)) {
        list.push({ skill: s.name, category: s.category, written: n.text, contextOnly: n.contextOnly, caseSensitive: n.caseSensitive, rule: rules.get(key) });
      }
      byAlias.set(key, list);
    }
  }
  // Boundaries: not inside a word; "C" must not swallow "C++"/"C#" nor "R" start "R&D"; ".NET" must not start
  // inside "ASP.NET"; after a slash only outside URLs and paths ("HTML/CSS" yes, "github.com/x/python" no).
  const before = String.raw`(?<![\p{L}\p{N}_.+#@°-]|[\p{L}\p{N}]&|[.:]\S{0,60}\/)`;
  const after = String.raw`(?![\p{L}\p{N}_+#@]|[.&][\p{L}\p{N}]|-[\p{L}\p{N}])`;
  // Keys are lower case and the text is lowered before matching: a case-insensitive regex of this size takes
  // seconds to compile and runs several times slower.
  const regex = new RegExp(`${before}${trieSource(byAlias.keys())}${after}`, 'gu');
  const matcher = { taxonomy, regex, byAlias, categoryOf };
  cache.set(taxonomy, matcher);
  return matcher;
}

const SKILL_LABEL_RE = /(?:^|(?<=\n|[ ]{3}))[ \t•*-]{0,10}(?:technical\s+)?(?:skills?|technologies|tools|tech(?:nology)?\s+stack|environment|languages|programming\s+languages|platforms|frameworks|software|expertise|proficient\s+in|familiar\s+with|knowledge\s+of|skill\s+set|competencies)\s*[:\-–]/gi;
const LIST_SEP = /^[\s]*[,|/•;·●▪\u2022()&]|^\s+and\s+|^\s*\n/;

function skillLabelSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(SKILL_LABEL_RE)) {
    const start = m.index + m[0].length;
    const nl = text.indexOf('\n', start);
    spans.push({ start, end: nl < 0 ? text.length : nl });
  }
  return spans;
}

/** Case-sensitive names match as the taxonomy writes them or in ALL CAPS ("Excel"/"EXCEL", not "excel"). */
function isAcceptedCase(entry: AliasEntry, written: string): boolean {
  if (!entry.caseSensitive && !entry.rule?.strictCase) return true;
  const spaced = (s: string) => s.replace(/[\s-]+/g, ' ').replace(/\s*&\s*/g, '&');
  return written === written.toUpperCase() || spaced(written) === spaced(entry.written);
}

interface Candidate extends Span {
  entry: AliasEntry;
  alias: string;
  ambiguous: boolean;
}

/** The text either side of a mention, the mention itself blanked so that it cannot confirm itself. */
function windowText(text: string, span: Span, window: number): string {
  return `${text.slice(Math.max(0, span.start - window), span.start)} ${text.slice(span.end, span.end + window)}`;
}

function isRuledOut(rule: CompiledRule, text: string, span: Span): boolean {
  if (rule.notFollowedBy?.test(text.slice(span.end, span.end + ADJACENT_CHARS))) return true;
  if (rule.notPrecededBy?.test(text.slice(Math.max(0, span.start - ADJACENT_CHARS), span.start))) return true;
  return !!rule.notNear?.(windowText(text, span, rule.window));
}

/** Index of the first mention in `sorted` (by start) whose start is at or after `pos`. */
function lowerBound(sorted: Span[], pos: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Find skill mentions in text; `sections` lets ambiguous skills be accepted inside skills sections. */
export function matchSkills(text: string, sections: ResumeSection[], taxonomy: SkillsTaxonomy = defaultTaxonomy): SkillMention[] {
  const matcher = compileTaxonomy(taxonomy);
  const contextSpans: Span[] = [...sections.filter((s) => s.kind === 'skills'), ...skillLabelSpans(text)];
  const overlapsContext = spanOverlaps(contextSpans);
  const inContext = (pos: number) => overlapsContext(pos, pos + 1);
  const raw: Candidate[] = [];
  // exec on the compiled regex, not matchAll: matchAll clones the ~100 KB regex on every call (the clone and its
  // recompilation cost more than the matching). Synchronous, so sharing the one regex's lastIndex is safe.
  const re = matcher.regex;
  const lowered = matchableText(text);
  re.lastIndex = 0;
  for (let m = re.exec(lowered); m; m = re.exec(lowered)) {
    if (m[0].length === 0) re.lastIndex = m.index + (lowered.codePointAt(m.index)! > 0xffff ? 2 : 1);
    const written = text.slice(m.index, m.index + m[0].length);
    const span = { start: m.index, end: m.index + written.length };
    for (const entry of matcher.byAlias.get(aliasKey(written)) ?? []) {
      // An acronym or a strictly case-sensitive name in the wrong case ("ad", "epic") is an ordinary word; a
      // case-sensitive name in the wrong case ("excel") still counts inside a skills context.
      const caseOk = isAcceptedCase(entry, written);
      if (!caseOk && (isAcronym(entry.written) || entry.rule?.strictCase)) continue;
      if (entry.rule && isRuledOut(entry.rule, text, span)) continue;
      raw.push({ ...span, entry, alias: written, ambiguous: entry.contextOnly || !caseOk || !!entry.rule?.confirms });
    }
  }
  const solid = raw.filter((r) => !r.ambiguous); // in text order
  const separatedByList = (a: number, b: number) => b > a && b - a <= 6 && LIST_SEP.test(text.slice(a, b));
  const hasListNeighbour = (r: Span) => {
    const i = lowerBound(solid, r.end);
    let prev = i - 1;
    while (prev >= 0 && solid[prev].end > r.start) prev--;
    return (i < solid.length && separatedByList(r.end, solid[i].start)) || (prev >= 0 && separatedByList(solid[prev].end, r.start));
  };
  const nearCategory = (r: Candidate, rule: CompiledRule) => {
    for (let i = lowerBound(solid, r.start - rule.window); i < solid.length && solid[i].start <= r.end + rule.window; i++) {
      const s = solid[i];
      if ((s.end <= r.start || s.start >= r.end) && rule.nearCategories.has(s.entry.category)) return true;
    }
    return false;
  };
  const confirmed = (r: Candidate) => {
    const rule = r.entry.rule;
    if (rule?.near?.(windowText(text, r, rule.window)) || (rule && nearCategory(r, rule))) return true;
    const skillsContextCounts = !rule?.confirms || rule.skillsContext;
    return skillsContextCounts && (inContext(r.start) || hasListNeighbour(r));
  };
  return raw
    .filter((r) => !r.ambiguous || confirmed(r))
    .map((r) => ({ skill: r.entry.skill, category: r.entry.category, alias: r.alias, start: r.start, end: r.end }));
}

/** Group canonical skills by category label, in order of first mention (JSON Resume `skills`). */
export function groupSkills(mentions: SkillMention[], taxonomy: SkillsTaxonomy = defaultTaxonomy): Array<{ name: string; keywords: string[] }> {
  const groups = new Map<string, string[]>();
  for (const m of mentions) {
    const label = taxonomy.categories[m.category] ?? m.category;
    const list = groups.get(label) ?? [];
    if (!list.includes(m.skill)) list.push(m.skill);
    groups.set(label, list);
  }
  return [...groups].map(([name, keywords]) => ({ name, keywords }));
}
