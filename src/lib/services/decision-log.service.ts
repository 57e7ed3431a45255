/**
 * Decision-log actions: the context every decision is logged with (blind mode, the active models and their
 * installed versions, the app version, the recommendation shown), verifying a job's chain, and downloading the
 * log as JSON or CSV (built in memory; nothing leaves the device).
 * Non-goals: the chain (core/decision-log), storage (db/decision-log.repo), the decision itself
 * (candidates.service decideCandidate).
 */
import { decisionLogCsv, decisionLogJson, verifyChain, type ChainCheck } from '../core/decision-log';
import { listDecisionLog, type DecisionContext } from '../db';
import { modelsState } from '../state/models.svelte';
import { version as appVersion } from '../../../package.json';
import { downloadText, slug } from './download';

/** What the screens show now, as a decision's log context. */
export function currentDecisionContext(blind: boolean, recommendation: 'select' | 'reject' | null = null): DecisionContext {
  const models: Record<string, string> = {};
  for (const task of ['embeddings', 'text-generation'] as const) {
    const model = modelsState.activeModel(task);
    if (model) models[task] = `${model.id}@${model.slot ?? model.installedAt}`;
  }
  return { blind, models, appVersion, recommendation };
}

/** Verifies the job's decision log. */
export async function verifyDecisionLog(jobId: string): Promise<ChainCheck> {
  return verifyChain(await listDecisionLog(jobId));
}

/** Downloads the job's log (with the verification result in JSON). */
export async function exportDecisionLog(jobId: string, jobTitle: string, format: 'json' | 'csv'): Promise<void> {
  const entries = await listDecisionLog(jobId);
  const body = format === 'csv' ? decisionLogCsv(entries) : decisionLogJson(jobId, entries, await verifyChain(entries));
  downloadText(body, `decision-log-${slug(jobTitle)}.${format}`, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
}
