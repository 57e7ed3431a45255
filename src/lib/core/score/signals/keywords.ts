/**
 * Keyword requirements: phrases a recruiter typed ("retail banking", "call center") or the parser kept from a
 * posting that name no taxonomy skill. One is met when every content word of the phrase (stemmed) appears
 * within one line of the resume, outside text that earns nothing.
 * Purpose: requirement verdicts for what the taxonomy does not cover, evidenced by the words found.
 * Non-goals: synonyms (an embedding model does those as the semantic signal).
 * A phrase written as alternatives ("call center or BPO") is met by any one of them.
 * Shape legend: credit 1 when met, else 0; evidence = each phrase word's first occurrence on the line used.
 */
import { tokenize, tokenizeLines } from '../text';
import type { Evidence, RequirementResult, ScoreContext, Signal, SignalResult } from '../types';
import { ratioResult } from './result';

/** Keyword requirements judged by their words on one resume line. */
export const keywordSignal: Signal = {
  id: 'keywords',
  label: 'Keywords',
  defaultWeight: 0,
  role: 'requirements',
  compute(ctx: ScoreContext): SignalResult {
    const reqs = ctx.job.requirements.filter((r) => r.kind === 'keyword' && r.weight > 0);
    if (reqs.length === 0) return { id: 'keywords', value: 0, evidence: [], applicable: false, requirements: [] };
    const text = ctx.resume.text;
    const lines = tokenizeLines(text).map((l) => l.tokens.filter((t) => !ctx.excluded.covers(t.start, t.end)));
    let total = 0;
    let got = 0;
    const requirements: RequirementResult[] = reqs.map((r) => {
      total += r.weight;
      const alternatives = (r.keyword ?? r.label)
        .split(/\s+or\s+|\s*\/\s*/i)
        .map((a) => [...new Set(tokenize(a).map((t) => t.term))])
        .filter((a) => a.length > 0);
      for (const line of lines) {
        const first = new Map<string, (typeof line)[number]>();
        for (const t of line) if (!first.has(t.term)) first.set(t.term, t);
        const wanted = alternatives.find((a) => a.every((w) => first.has(w)));
        if (!wanted) continue;
        got += r.weight;
        const evidence: Evidence[] = wanted.map((w) => {
          const t = first.get(w)!;
          return { requirementId: r.id, signalId: 'keywords', span: { start: t.start, end: t.end }, text: text.slice(t.start, t.end) };
        });
        return { requirementId: r.id, met: 'yes', credit: 1, evidence };
      }
      return { requirementId: r.id, met: 'no', credit: 0, evidence: [] };
    });
    return ratioResult('keywords', got, total, requirements.flatMap((r) => r.evidence), requirements, {});
  }
};
