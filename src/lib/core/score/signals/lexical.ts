/**
 * Lexical relevance signal: BM25 of the job's terms against the resume, with per-section field weights.
 * Purpose: a weightless, deterministic relevance score that also judges title-keyword requirements.
 * Non-goals: synonyms and semantics (the skills signal uses the taxonomy; embeddings come later).
 * Shape legend: value = Σ_t q(t)·idf(t)·sat(tf_t) / Σ_t q(t)·idf(t) in [0, 1), where q is the query weight
 * (title terms count triple, 1 + ln qtf), tf_t sums section weights of the term's occurrences, and
 * sat(tf) = tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl)) / (k1+1). Without corpus stats idf = 1 and avgdl = dl.
 * Skill names from the job ("Excel") count only where the resume token lies inside a taxonomy skill mention,
 * and other words of a skill phrase match outside mentions only as written (no stemming), so the stemmer
 * cannot make "Excels" match "Excel" when the skills signal says the resume lacks Excel: both signals agree
 * on what matches a skill, and no evidence claims otherwise. Text that earns nothing (copied from the posting,
 * repeated lines: ScoreContext.excluded) is not counted, and term frequency saturates (BM25), so repeating a
 * word cannot buy relevance.
 */
import type { SectionKind } from '../../resume/types';
import { sectionKindAt } from '../../job/sections';
import { idf } from '../corpus';
import { tokenize, tokenizeText, type Token } from '../text';
import type { Evidence, ScoreContext, Signal, SignalResult } from '../types';
import { ratioResult } from './result';

const K1 = 1.2;
const B = 0.75;
const TITLE_BOOST = 3;
const MAX_EVIDENCE = 12;
const SECTION_WEIGHT: Record<SectionKind, number> = {
  header: 0.5,
  summary: 1,
  experience: 1,
  skills: 1,
  projects: 1,
  education: 0.7,
  certifications: 0.8,
  languages: 0.3,
  awards: 0.5,
  publications: 0.7,
  volunteer: 0.5,
  interests: 0.2,
  affiliations: 0.3,
  references: 0.2,
  personal: 0.2
};

/** Query term weights from the job: title terms and requirement text; company boilerplate sections are skipped. */
export function jobQuery(ctx: Pick<ScoreContext, 'job'>): Map<string, number> {
  const { job } = ctx;
  const qtf = new Map<string, number>();
  for (const t of tokenize(job.text)) {
    const inTitle = t.end <= job.title.length;
    if (!inTitle && sectionKindAt(job.sections, t.start) === 'other') continue;
    qtf.set(t.term, (qtf.get(t.term) ?? 0) + (inTitle ? TITLE_BOOST : 1));
  }
  return new Map([...qtf].map(([term, n]) => [term, 1 + Math.log(n)]));
}

/**
 * How the job's skill-requirement phrases constrain lexical matching outside resume skill mentions:
 * `skillNames` are terms that are a whole canonical skill ("Excel", "Docker"), never matched outside a
 * mention; `surfaces` holds, for the other words of a skill phrase ("cloud services"), the lower-cased forms
 * the job wrote, which must match exactly (no stemming across a skill phrase).
 */
export interface JobSkillTerms {
  skillNames: Set<string>;
  surfaces: Map<string, Set<string>>;
}

/** The skill-phrase terms of the job (see JobSkillTerms). */
export function jobSkillTerms(ctx: ScoreContext): JobSkillTerms {
  const skillNames = new Set<string>();
  const surfaces = new Map<string, Set<string>>();
  for (const r of ctx.job.requirements) {
    if (r.kind !== 'skill' || !r.skill) continue;
    const name = tokenize(r.skill);
    if (name.length === 1) skillNames.add(name[0].term);
    if (r.source.end <= r.source.start) continue;
    for (const t of tokenize(ctx.job.text, r.source.start, r.source.end)) {
      const forms = surfaces.get(t.term) ?? new Set<string>();
      forms.add(ctx.job.text.slice(t.start, t.end).toLowerCase());
      surfaces.set(t.term, forms);
    }
  }
  return { skillNames, surfaces };
}

/** Whether a resume token outside every skill mention may still match its term (see JobSkillTerms). */
function matchesOutsideMentions(terms: JobSkillTerms, token: Token, text: string): boolean {
  if (terms.skillNames.has(token.term)) return false;
  const forms = terms.surfaces.get(token.term);
  return !forms || forms.has(text.slice(token.start, token.end).toLowerCase());
}

/** For each char of the resume text: whether a taxonomy skill mention covers it. */
function skillMentionCoverage(ctx: ScoreContext): Uint8Array {
  const covered = new Uint8Array(ctx.resume.text.length);
  for (const m of ctx.resume.skillMentions) covered.fill(1, Math.max(0, m.start), Math.min(covered.length, m.end));
  return covered;
}

function sectionWeightAt(ctx: ScoreContext, pos: number): number {
  const s = ctx.resume.sections.find((x) => pos >= x.start && pos < x.end);
  return SECTION_WEIGHT[s?.kind ?? 'header'];
}

/** BM25-style lexical relevance of the resume to the job. */
export const lexicalSignal: Signal = {
  id: 'lexical',
  label: 'Relevance (BM25)',
  defaultWeight: 0.3,
  compute(ctx: ScoreContext): SignalResult {
    const text = ctx.resume.text;
    const skillTerms = jobSkillTerms(ctx);
    const covered = skillMentionCoverage(ctx);
    const tokens = tokenizeText(text);
    const tf = new Map<string, number>();
    const firstBest = new Map<string, { token: Token; weight: number }>();
    for (const t of tokens) {
      if (ctx.excluded.covers(t.start, t.end)) continue;
      // A skill term outside any skill mention is a stem coincidence ("Excels" vs Excel): not a match.
      const inMention = covered[t.start] === 1 && covered[t.end - 1] === 1;
      if (!inMention && !matchesOutsideMentions(skillTerms, t, text)) continue;
      const w = sectionWeightAt(ctx, t.start);
      tf.set(t.term, (tf.get(t.term) ?? 0) + w);
      const best = firstBest.get(t.term);
      if (!best || w > best.weight) firstBest.set(t.term, { token: t, weight: w });
    }
    const dl = tokens.length;
    const avgdl = ctx.corpus && ctx.corpus.avgDocLength > 0 ? ctx.corpus.avgDocLength : Math.max(dl, 1);
    const norm = K1 * (1 - B + (B * dl) / avgdl);
    let total = 0;
    let got = 0;
    const contributions: Array<{ term: string; contribution: number }> = [];
    for (const [term, q] of jobQuery(ctx)) {
      const w = q * idf(ctx.corpus, term);
      total += w;
      const f = tf.get(term) ?? 0;
      if (f <= 0) continue;
      const c = (w * (f * (K1 + 1))) / (f + norm) / (K1 + 1);
      got += c;
      contributions.push({ term, contribution: c });
    }
    contributions.sort((a, b) => b.contribution - a.contribution || (a.term < b.term ? -1 : 1));
    const evidence: Evidence[] = contributions.slice(0, MAX_EVIDENCE).map(({ term, contribution }) => {
      const { token } = firstBest.get(term)!;
      return { signalId: 'lexical', span: { start: token.start, end: token.end }, text: text.slice(token.start, token.end), note: `term "${term}" (${((100 * contribution) / total).toFixed(1)}% of the query)` };
    });
    return ratioResult('lexical', got, total, evidence, [], { matchedTerms: contributions.length });
  }
};
