/**
 * Topic signal: how far the resume's vocabulary leans toward the posting's field in the shipped topic space
 * (topic/space.ts), compared with a typical background resume — so "ledger reconciliations" counts for a
 * posting about "month-end close" although no word is shared.
 * Purpose: a weightless (no model download), deterministic, batch-independent relevance signal that bridges
 * vocabulary gaps and is comparable across jobs (a z-score against the same fixed background for every job).
 * Non-goals: judging requirements (the requirement judges do); embeddings from a neural model (model signals).
 * Shape legend: z = (cos(resume, job) − background mean) / background sd; value = clamp(z / Z_FULL, 0, 1):
 * nothing for vocabulary no closer to the job than a typical resume's, full value Z_FULL standard deviations
 * above it. Resume terms count 1 + ln(count), plus a boost for the words of the resume's own titles
 * (topic/document.ts), job terms with the lexical signal's query weights (title terms triple); text that earns nothing (copied from the posting, repeated lines) is skipped, as in BM25. Evidence:
 * the resume words that pull the vector toward the job most, each with its share of that pull.
 */
import type { Job } from '../../job/types';
import { tokenizeText, type Token } from '../text';
import { documentWeights, resumeTitleTerms } from '../topic/document';
import { backgroundCosine, dot, embedTerms, termLean, type TopicSpace } from '../topic/space';
import type { Evidence, ScoreContext, Signal, SignalResult } from '../types';
import { jobQuery } from './lexical';

/** Standard deviations above the background resume at which the signal is full. */
export const Z_FULL = 4;
const MAX_EVIDENCE = 8;

interface JobVector {
  q: Float64Array | null;
  mean: number;
  sd: number;
}

/** Per space, per job: computed once (the evaluation alternates fold spaces from one resume to the next). */
const jobVectors = new WeakMap<TopicSpace, WeakMap<Job, JobVector>>();

function jobVector(job: Job, space: TopicSpace): JobVector {
  let perJob = jobVectors.get(space);
  if (!perJob) jobVectors.set(space, (perJob = new WeakMap()));
  const cached = perJob.get(job);
  if (cached) return cached;
  const q = embedTerms(space, jobQuery({ job }));
  const v = { q, ...(q ? backgroundCosine(space, q) : { mean: 0, sd: 0 }) };
  perJob.set(job, v);
  return v;
}

export const topicSignal: Signal = {
  id: 'topic',
  label: 'Field vocabulary (topic space)',
  defaultWeight: 0.15,
  compute(ctx: ScoreContext): SignalResult {
    const space = ctx.topicSpace;
    const none: SignalResult = { id: 'topic', value: 0, evidence: [], applicable: false };
    if (!space) return none;
    const { q, mean, sd } = jobVector(ctx.job, space);
    if (!q || !(sd > 0)) return none;
    const counts = new Map<string, number>();
    const first = new Map<string, Token>();
    for (const t of tokenizeText(ctx.resume.text)) {
      if (!space.index.has(t.term) || ctx.excluded.covers(t.start, t.end)) continue;
      counts.set(t.term, (counts.get(t.term) ?? 0) + 1);
      if (!first.has(t.term)) first.set(t.term, t);
    }
    const weights = documentWeights(counts, resumeTitleTerms(ctx.resume, ctx.resume.text));
    const d = embedTerms(space, weights);
    if (!d) return { ...none, applicable: true };
    const cos = dot(d, q);
    const z = (cos - mean) / sd;
    const value = Math.min(1, Math.max(0, z / Z_FULL));
    const pulls = [...weights].map(([term, w]) => ({ term, pull: w * termLean(space, term, q) })).filter((p) => p.pull > 0);
    const totalPull = pulls.reduce((a, p) => a + p.pull, 0);
    pulls.sort((a, b) => b.pull - a.pull || (a.term < b.term ? -1 : 1));
    const evidence: Evidence[] = value > 0
      ? pulls.slice(0, MAX_EVIDENCE).map(({ term, pull }) => {
          const t = first.get(term)!;
          return { signalId: 'topic', span: { start: t.start, end: t.end }, text: ctx.resume.text.slice(t.start, t.end), note: `field vocabulary (${((100 * pull) / totalPull).toFixed(1)}% of the pull toward the posting)` };
        })
      : [];
    return { id: 'topic', value: evidence.length > 0 ? value : 0, evidence, applicable: true, details: { z: Math.round(z * 1000) / 1000, cosine: Math.round(cos * 1e4) / 1e4 } };
  }
};
