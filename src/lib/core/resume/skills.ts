/**
 * Skill matching against the curated taxonomy (models/skills-taxonomy.json).
 * Purpose: find every mention of a known skill by canonical name or alias, with word boundaries that respect
 * "C++", "C#", ".NET", "Node.js", and with ambiguous names ("C", "R", "Go", "Swift") accepted only in a skills
 * context: a skills section, a labelled line ("Skills:", "Technologies:", "Environment:"), or a list item next
 * to another unambiguous skill.
 * Non-goals: skill levels or years per skill; fuzzy/semantic matching (embedding signals do that later).
 * Shape legend: SkillMention spans are half-open offsets into the text; `skill` is the canonical name.
 */
import defaultTaxonomyData from '../../../../models/skills-taxonomy.json';
import type { ResumeSection, SkillMention, SkillsTaxonomy, Span } from './types';

export const defaultTaxonomy: SkillsTaxonomy = defaultTaxonomyData as SkillsTaxonomy;

interface AliasEntry {
  skill: string;
  category: string;
  contextOnly: boolean;
  caseSensitive: boolean;
}

/** A compiled matcher: one alternation regex over all aliases plus a lookup from lower-cased alias. */
export interface SkillMatcher {
  taxonomy: SkillsTaxonomy;
  regex: RegExp;
  byAlias: Map<string, AliasEntry[]>;
  categoryOf: Map<string, string>;
}

const cache = new WeakMap<SkillsTaxonomy, SkillMatcher>();

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Short ALL-CAPS aliases ("AD", "PR", "ML") are acronyms: they match only as written. */
function isAcronym(alias: string): boolean {
  return alias.length <= 4 && alias === alias.toUpperCase() && /[A-Z]/.test(alias);
}

/** Compile (and cache) a matcher for a taxonomy. */
export function compileTaxonomy(taxonomy: SkillsTaxonomy = defaultTaxonomy): SkillMatcher {
  const cached = cache.get(taxonomy);
  if (cached) return cached;
  const byAlias = new Map<string, AliasEntry[]>();
  const categoryOf = new Map<string, string>();
  for (const s of taxonomy.skills) {
    categoryOf.set(s.name, s.category);
    const contextAliases = new Set((s.contextOnlyAliases ?? []).map((a) => a.toLowerCase()));
    const names = [{ text: s.name, contextOnly: !!s.contextOnly, caseSensitive: !!s.caseSensitive }];
    for (const a of s.aliases) names.push({ text: a, contextOnly: contextAliases.has(a.toLowerCase()), caseSensitive: isAcronym(a) });
    for (const n of names) {
      const key = n.text.toLowerCase();
      const list = byAlias.get(key) ?? [];
      if (!list.some((e) => e.skill === s.name)) list.push({ skill: s.name, category: s.category, contextOnly: n.contextOnly, caseSensitive: n.caseSensitive });
      byAlias.set(key, list);
    }
  }
  const alternatives = [...byAlias.keys()]
    .sort((a, b) => b.length - a.length)
    .map((a) => escapeRe(a).replace(/\\?\s+/g, String.raw`[\s-]+`));
  // Boundaries: not inside a word, and "C" must not swallow "C++"/"C#"; ".NET" must not start inside "ASP.NET".
  const regex = new RegExp(String.raw`(?<![\p{L}\p{N}_.+#/@-])(?:${alternatives.join('|')})(?![\p{L}\p{N}_+#@]|\.[\p{L}\p{N}]|-[\p{L}\p{N}])`, 'giu');
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

/** Case-sensitive names match as written in the taxonomy or in ALL CAPS ("Excel"/"EXCEL", not "excel"). */
function isAcceptedCase(entry: AliasEntry, written: string): boolean {
  return !entry.caseSensitive || written === written.toUpperCase() || written === entry.skill;
}

/** Find skill mentions in text; `sections` lets ambiguous skills be accepted inside skills sections. */
export function matchSkills(text: string, sections: ResumeSection[], taxonomy: SkillsTaxonomy = defaultTaxonomy): SkillMention[] {
  const matcher = compileTaxonomy(taxonomy);
  const contextSpans: Span[] = [...sections.filter((s) => s.kind === 'skills'), ...skillLabelSpans(text)];
  const inContext = (pos: number) => contextSpans.some((s) => pos >= s.start && pos < s.end);
  const raw: Array<SkillMention & { contextOnly: boolean }> = [];
  for (const m of text.matchAll(matcher.regex)) {
    const written = m[0];
    const key = written.toLowerCase().replace(/[\s-]+/g, ' ');
    const entries = matcher.byAlias.get(key) ?? matcher.byAlias.get(written.toLowerCase()) ?? [];
    for (const e of entries) {
      // An acronym alias in the wrong case ("ad", "pr") is an ordinary word; a case-sensitive name in the
      // wrong case ("excel") still counts inside a skills context.
      const caseOk = isAcceptedCase(e, written);
      if (!caseOk && isAcronym(written.toUpperCase())) continue;
      const contextOnly = e.contextOnly || !caseOk;
      raw.push({ skill: e.skill, category: e.category, alias: written, start: m.index, end: m.index + written.length, contextOnly });
    }
  }
  // Ambiguous mentions need context: a skills section/label, or a list neighbour that is itself unambiguous.
  const solid = raw.filter((r) => !r.contextOnly); // in text order
  const separatedByList = (a: number, b: number) => b > a && b - a <= 6 && LIST_SEP.test(text.slice(a, b));
  const hasListNeighbour = (r: Span) => {
    // Binary search for the first unambiguous mention starting at or after r.end; check it and the one before.
    let lo = 0;
    let hi = solid.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (solid[mid].start < r.end) lo = mid + 1;
      else hi = mid;
    }
    const next = solid[lo];
    let prevIndex = lo - 1;
    while (prevIndex >= 0 && solid[prevIndex].end > r.start) prevIndex--;
    const prev = solid[prevIndex];
    return (!!next && separatedByList(r.end, next.start)) || (!!prev && separatedByList(prev.end, r.start));
  };
  return raw
    .filter((r) => !r.contextOnly || inContext(r.start) || hasListNeighbour(r))
    .map(({ contextOnly: _c, ...mention }) => mention);
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
