/**
 * Training telemetry: `metrics.jsonl` (one StepMetrics row per optimizer step, appended as it happens and
 * truncated back to the checkpoint step on --resume, so the file always describes one continuous run) and
 * the progress line on stderr: `step 12/100 | loss 1.2345 | lr 2.0e-4 | 1234 tok/s | ETA 0:42`.
 *
 * Non-goals: plotting (loss-curve.ts), dashboards. Node APIs (file append) live here and in checkpoint.ts.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/node-files';
import type { StepMetrics } from './loop';

/** Appends metrics rows to `<outDir>/metrics.jsonl`. */
export class MetricsWriter {
  readonly file: string;

  constructor(outDir: string) {
    mkdirSync(outDir, { recursive: true });
    this.file = path.join(outDir, 'metrics.jsonl');
  }

  /** Start a fresh file (new run) or keep only rows up to `step` (resume), atomically. */
  reset(keepThroughStep: number): StepMetrics[] {
    const kept = keepThroughStep > 0 ? readMetrics(this.file).filter((m) => m.step <= keepThroughStep) : [];
    writeFileAtomic(this.file, kept.map((m) => JSON.stringify(m) + '\n').join(''));
    return kept;
  }

  /** Append one row. */
  append(metrics: StepMetrics): void {
    appendFileSync(this.file, JSON.stringify(metrics) + '\n');
  }
}

/** Parse a metrics.jsonl file (missing file → []); errors name the file and line. */
export function readMetrics(file: string): StepMetrics[] {
  if (!existsSync(file)) return [];
  const rows: StepMetrics[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line) as StepMetrics);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
  });
  return rows;
}

/** h:mm:ss (or m:ss) for an ETA. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** The one-line progress text of a step. */
export function progressLine(m: StepMetrics, totalSteps: number, avgStepMs: number): string {
  const eta = ((totalSteps - m.step) * avgStepMs) / 1000;
  const width = 20;
  const filled = Math.round((width * m.step) / totalSteps);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const evalPart = m.eval_loss !== undefined ? ` | eval ${m.eval_loss.toFixed(4)}` : '';
  return `[${bar}] step ${m.step}/${totalSteps} | loss ${m.loss.toFixed(4)}${evalPart} | lr ${m.lr.toExponential(1)} | ${Math.round(m.tokens_per_s)} tok/s | ETA ${formatDuration(eta)}`;
}

/** A step callback printing the progress line on stderr (rewritten in place on a TTY, every ~5% otherwise). */
export function stderrTrainProgress(totalSteps: number, quiet: boolean, stream: NodeJS.WriteStream = process.stderr): (m: StepMetrics) => void {
  if (quiet) return () => {};
  const tty = stream.isTTY === true;
  const every = Math.max(1, Math.floor(totalSteps / 20));
  let msSum = 0, count = 0;
  return (m) => {
    msSum += m.step_ms;
    count++;
    const line = progressLine(m, totalSteps, msSum / count);
    if (tty) stream.write(`\r${line}${m.step === totalSteps ? '\n' : ''}`);
    else if (m.step % every === 0 || m.step === totalSteps || m.eval_loss !== undefined) stream.write(`${line}\n`);
  };
}
