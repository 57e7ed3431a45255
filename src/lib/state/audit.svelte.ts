/**
 * The bias-audit screen's state (runes class): the job, its candidate rows, the imported self-identification data,
 * the impact reports derived from them (the recruiter's decisions, and the top N by score), the counterfactual
 * report, and the job's decision log with its verification. Loads through repositories; never writes.
 * Non-goals: actions (services/audit.service, services/decision-log.service), rendering.
 */
import { decisionSelection, impactRatios, topNSelection, withCategories, type CounterfactualReport, type ImpactReport } from '../core/audit';
import { verifyChain, type ChainCheck, type DecisionLogEntry } from '../core/decision-log';
import { getJob, getSelfId, listCandidateRows, listDecisionLog, type CandidateRow, type JobRecord, type SelfIdRecord } from '../db';
import { onEvent } from '../events';

export class AuditState {
  job = $state.raw<JobRecord | undefined>(undefined);
  rows = $state.raw<CandidateRow[]>([]);
  selfId = $state.raw<SelfIdRecord | undefined>(undefined);
  log = $state.raw<DecisionLogEntry[]>([]);
  check = $state.raw<ChainCheck | null>(null);
  counterfactual = $state.raw<CounterfactualReport | null>(null);
  loaded = $state(false);
  /** How many top-scored candidates count as selected for the score-based report (null: the default). */
  topN = $state<number | null>(null);
  minCategorySize = $state(30);

  constructor(readonly jobId: string) {}

  /** Candidates in the table's order (score, then ordinal). */
  readonly ranked = $derived.by(() =>
    [...this.rows].sort((a, b) => (b.score?.result.score ?? -1) - (a.score?.result.score ?? -1) || a.candidate.ordinal - b.candidate.ordinal)
  );

  /** Top N in use: the recruiter's pick, else as many as they selected (else 10), at most the scored candidates. */
  readonly effectiveTopN = $derived.by(() => {
    const scored = this.rows.filter((r) => r.score).length;
    const selected = this.rows.filter((r) => r.decision?.decision === 'selected').length;
    const wanted = this.topN ?? (selected || 10);
    return Math.max(0, Math.min(Math.floor(wanted), scored));
  });

  private readonly categories = $derived.by(() => new Map((this.selfId?.rows ?? []).map((r) => [r.candidateId, r])));

  /** Impact reports: by the recruiter's decisions, and by the top N scores. Empty without self-identification data. */
  readonly reports: ImpactReport[] = $derived.by(() => {
    if (!this.selfId) return [];
    const options = { minCategorySize: this.minCategorySize };
    const decided = decisionSelection(this.ranked.map((r) => ({ id: r.candidate.id, decision: r.decision?.decision ?? null })));
    const n = this.effectiveTopN;
    const top = topNSelection(this.ranked.map((r) => ({ id: r.candidate.id, score: r.score?.result.score ?? null })), n);
    return [impactRatios(withCategories(decided, this.categories), 'Recruiter decisions', options), impactRatios(withCategories(top, this.categories), `Top ${n} by score`, options)];
  });

  /** Reads everything again (after an import, a deletion, a decision elsewhere) and re-verifies the log. */
  async load(): Promise<void> {
    const [job, rows, selfId, log] = await Promise.all([getJob(this.jobId), listCandidateRows(this.jobId), getSelfId(this.jobId), listDecisionLog(this.jobId)]);
    this.job = job;
    this.rows = rows;
    this.selfId = selfId;
    this.log = log;
    this.check = await verifyChain(log);
    this.loaded = true;
  }

  /** Reloads on changes to this job's candidates; returns the unsubscribe function. */
  subscribe(): () => void {
    const offs = [
      onEvent('candidates.changed', (e) => e.jobId === this.jobId && void this.load()),
      onEvent('scores.updated', (e) => e.jobId === this.jobId && void this.load())
    ];
    return () => offs.forEach((off) => off());
  }
}
