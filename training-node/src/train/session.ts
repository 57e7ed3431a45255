/**
 * One training run's plumbing around the loop, shared by sft / dpo / matcher: read JSONL files, pick the
 * device, resume from the latest checkpoint (restoring params, Adam state, step and data cursor, and
 * truncating metrics.jsonl back to that step), wire metrics + progress + checkpoints into runTrainingLoop,
 * then write the loss curve (SVG + PNG) and `train-summary.json` (with the objective's activation peak bytes).
 *
 * Non-goals: models, losses and final exports (decoder-run.ts, matcher-run.ts). Node APIs (files).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/node-files';
import { fileCheckpointStore, loadLatestCheckpoint, restoreCheckpoint } from './checkpoint';
import { resumeFingerprint, type TrainConfig, TrainConfigError } from './config';
import { lossCurvePng, lossCurveSvg } from './loss-curve';
import { type LoopStart, type Objective, runTrainingLoop, type StepMetrics, type TrainableState } from './loop';
import { MetricsWriter, stderrTrainProgress } from './metrics';
import { parseJsonl, type JsonlRow } from './records';

/** Options a caller (CLI, test, bench) can pass to a run. */
export interface RunOptions {
  log?: (line: string) => void; // summary lines (default stderr)
  afterStep?: (step: number) => void; // throwing here stops the run like a kill (tests)
  now?: () => number;
}

/** Read and parse a JSONL training file; errors name the file (and line). */
export function readJsonlFile(file: string): JsonlRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrainConfigError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseJsonl(text, file);
}

/** Outcome of the loop part of a run. */
export interface SessionResult {
  history: StepMetrics[]; // the whole curve, including rows kept from before a resume
  resumedFromStep: number;
  seconds: number;
  activationPeakBytes: number | null; // the objective's high-water mark in this call (null when it does not measure)
}

/** Resume if asked, run the loop with metrics/progress/checkpoints, write the loss curve. */
export async function runSession(
  cfg: TrainConfig, objective: Objective, state: TrainableState, totalSteps: number, opts: RunOptions = {}
): Promise<SessionResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fingerprint = resumeFingerprint(cfg);
  const writer = new MetricsWriter(cfg.out);
  let start: LoopStart = { step: 0, cursor: { epoch: 0, offset: 0 } };
  let kept: StepMetrics[] = [];
  if (cfg.resume) {
    const ckpt = loadLatestCheckpoint(cfg.out);
    if (ckpt) {
      restoreCheckpoint(state, ckpt, fingerprint);
      start = { step: ckpt.meta.step, cursor: ckpt.meta.cursor };
      kept = writer.reset(ckpt.meta.step);
      log(`[training-node] resumed from ${ckpt.dir} at step ${ckpt.meta.step}`);
    } else {
      log(`[training-node] --resume: no checkpoint in ${path.join(cfg.out, 'checkpoints')}, starting fresh`);
      writer.reset(0);
    }
  } else writer.reset(0);
  const started = Date.now();
  const progress = stderrTrainProgress(totalSteps, cfg.quiet);
  const history = await runTrainingLoop(objective, state, {
    totalSteps, batchSize: cfg.batchSize, gradAccum: cfg.gradAccum, lr: cfg.lr, warmup: cfg.warmup, weightDecay: cfg.weightDecay,
    maxGradNorm: cfg.maxGradNorm, seed: cfg.seed, evalEvery: cfg.evalEvery, saveEvery: cfg.saveEvery
  }, start, {
    onStep: (m) => {
      writer.append(m);
      progress(m);
    },
    afterStep: opts.afterStep,
    checkpoints: fileCheckpointStore(cfg.out, fingerprint),
    now: opts.now
  });
  const all = [...kept, ...history];
  writeFileAtomic(path.join(cfg.out, 'loss-curve.svg'), lossCurveSvg(all, `training-node ${cfg.mode}: ${path.basename(cfg.data)}`));
  writeFileAtomic(path.join(cfg.out, 'loss-curve.png'), lossCurvePng(all));
  const activationPeakBytes = objective.activationPeakBytes?.() ?? null;
  return { history: all, resumedFromStep: start.step, seconds: (Date.now() - started) / 1000, activationPeakBytes };
}

/** Write `train-summary.json` (config, data counts, final metrics, outputs) and log a short summary. */
export function writeSummary(cfg: TrainConfig, session: SessionResult, extra: Record<string, unknown>, log: (line: string) => void): void {
  const last = session.history[session.history.length - 1];
  const lastEval = [...session.history].reverse().find((m) => m.eval_loss !== undefined);
  const summary = {
    mode: cfg.mode, config: cfg, steps: last?.step ?? 0, resumedFromStep: session.resumedFromStep,
    seconds: session.seconds, activationPeakBytes: session.activationPeakBytes, finalLoss: last?.loss, finalEval: lastEval ?? null, ...extra
  };
  writeFileAtomic(path.join(cfg.out, 'train-summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const evalText = lastEval ? `, eval loss ${lastEval.eval_loss!.toFixed(4)}` : '';
  log(`[training-node] ${cfg.mode}: ${last?.step ?? 0} steps, final loss ${last ? last.loss.toFixed(4) : 'n/a'}${evalText}; outputs in ${cfg.out}`);
}

/** Copy a file atomically (read, then temp + rename), creating the target folder. */
export function copyFileAtomic(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  writeFileAtomic(to, new Uint8Array(readFileSync(from)));
}
