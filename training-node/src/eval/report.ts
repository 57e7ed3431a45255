/**
 * What `training-node eval` writes: eval.json (the whole report, checked against EVAL_REPORT_SCHEMA with the app's
 * validator before it is written), summary.json (the headline numbers `publish` puts in the model card: it reads
 * RUN/eval/summary.json) and eval.html, one self-contained offline page — Chart.js 4's UMD build inlined, the data
 * inlined, no network — with base vs tuned (and BM25 for the matcher) side by side, a reliability diagram and tables.
 *
 * Non-goals: computing metrics (metrics.ts), file writing (the command). Node only to locate chart.js.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validateJson } from '../../../src/lib/core/llm/validate';
import type { DecoderMetrics, RetrievalMetrics } from './metrics';

/** Retrieval metrics of an encoder plus its embedding latency. */
export interface EncoderResult extends RetrievalMetrics {
  msPerText: number | null;
}

/** eval.json. */
export interface EvalReport {
  format: 'shortlist-eval';
  version: 1;
  created: string;
  kind: 'decoder' | 'matcher';
  run: string;
  data: { file: string; rows: number };
  models: { base: string; tuned: string };
  settings: Record<string, number | string | boolean>;
  decoder?: { base: DecoderMetrics; tuned: DecoderMetrics };
  matcher?: { queries: number; candidates: number; base: EncoderResult; tuned: EncoderResult; bm25: RetrievalMetrics };
  notes: string[];
}

const rate = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const nullableNumber = { type: ['number', 'null'] };
const count = { type: 'integer', minimum: 0 };
const latency = { type: 'object', required: ['rows', 'msMean', 'msP50', 'tokensPerSecond'], properties: { rows: count, msMean: nullableNumber, msP50: nullableNumber, tokensPerSecond: nullableNumber } };
const decoderMetricsSchema = {
  type: 'object',
  required: ['rows', 'jsonValidRate', 'schemaValidRate', 'fieldAccuracy', 'decisionRows', 'decisionAccuracy', 'skillRows', 'skillFields', 'skillInRangeRate', 'skillMae', 'calibration', 'latency', 'errors'],
  properties: {
    rows: count, jsonValidRate: rate, schemaValidRate: rate, fieldAccuracy: rate, decisionRows: count, decisionAccuracy: rate,
    skillRows: count, skillFields: count, skillInRangeRate: rate, skillMae: { type: ['number', 'null'], minimum: 0, maximum: 5 },
    calibration: {
      type: 'object', required: ['points', 'ece', 'bins'],
      properties: {
        points: count, ece: rate,
        bins: { type: 'array', items: { type: 'object', required: ['lo', 'hi', 'count', 'confidence', 'accuracy'], properties: { lo: { type: 'number' }, hi: { type: 'number' }, count, confidence: rate, accuracy: rate } } }
      }
    },
    latency: { type: 'object', required: ['decision', 'skills'], properties: { decision: latency, skills: latency } },
    errors: { type: 'object', additionalProperties: count }
  }
};
const retrievalSchema = { type: 'object', required: ['queries', 'top1', 'mrr', 'precisionAt10'], properties: { queries: count, top1: rate, mrr: rate, precisionAt10: rate, msPerText: nullableNumber } };

/** JSON schema of eval.json. */
export const EVAL_REPORT_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'created', 'kind', 'run', 'data', 'models', 'settings', 'notes'],
  properties: {
    format: { const: 'shortlist-eval' }, version: { const: 1 }, created: { type: 'string' }, kind: { enum: ['decoder', 'matcher'] }, run: { type: 'string' },
    data: { type: 'object', required: ['file', 'rows'], properties: { file: { type: 'string' }, rows: count } },
    models: { type: 'object', required: ['base', 'tuned'], properties: { base: { type: 'string' }, tuned: { type: 'string' } } },
    settings: { type: 'object' },
    decoder: { type: 'object', required: ['base', 'tuned'], properties: { base: decoderMetricsSchema, tuned: decoderMetricsSchema } },
    matcher: { type: 'object', required: ['queries', 'candidates', 'base', 'tuned', 'bm25'], properties: { queries: count, candidates: count, base: retrievalSchema, tuned: retrievalSchema, bm25: retrievalSchema } },
    notes: { type: 'array', items: { type: 'string' } }
  }
};

/** Throw naming the field when `report` does not match EVAL_REPORT_SCHEMA. */
export function checkEvalReport(report: unknown, what = 'eval.json'): EvalReport {
  const checked = validateJson<EvalReport>(EVAL_REPORT_SCHEMA, report, what);
  if (!checked.ok) throw new Error(checked.error.message);
  if ((checked.value.kind === 'decoder') !== (checked.value.decoder !== undefined)) throw new Error(`${what}: a ${checked.value.kind} report must ${checked.value.kind === 'decoder' ? 'have' : 'not have'} "decoder"`);
  return checked.value;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The numbers `publish` shows in the model card (summary.json: {"source", "metrics": {model: {metric: n}}}). */
export function evalSummary(report: EvalReport): { source: string; created: string; data: string; metrics: Record<string, Record<string, number>> } {
  const pick = (entries: Record<string, number | null | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => finite(v))) as Record<string, number>;
  const metrics: Record<string, Record<string, number>> = {};
  if (report.decoder) {
    for (const who of ['tuned', 'base'] as const) {
      const m = report.decoder[who];
      metrics[who] = pick({
        json_valid: m.jsonValidRate, schema_valid: m.schemaValidRate, field_accuracy: m.fieldAccuracy, decision_accuracy: m.decisionAccuracy,
        skill_in_range: m.skillInRangeRate, skill_mae: m.skillMae, ece: m.calibration.ece
      });
    }
  }
  if (report.matcher) {
    for (const who of ['tuned', 'base', 'bm25'] as const) {
      const m = report.matcher[who];
      metrics[who] = pick({ top1: m.top1, mrr: m.mrr, precision_at_10: m.precisionAt10 });
    }
  }
  return { source: `training-node eval on ${report.data.file} (${report.data.rows} rows)`, created: report.created, data: report.data.file, metrics };
}

/** The text of Chart.js 4's UMD build (node_modules/chart.js/dist/chart.umd.js). */
export function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  let dist: string;
  try {
    dist = path.dirname(require.resolve('chart.js'));
  } catch {
    throw new Error('chart.js is not installed (node_modules/chart.js): eval.html inlines its dist/chart.umd.js');
  }
  const file = path.join(dist, 'chart.umd.js');
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as Error).message}); eval.html inlines Chart.js from it`);
  }
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's own script: charts from the inlined data (runs after Chart.js). */
const PAGE_SCRIPT = `
const report = JSON.parse(document.getElementById('eval-data').textContent);
const colors = { base: '#8a8f98', tuned: '#1f6feb', bm25: '#d29922' };
const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
function bars(id, labels, series, yTitle) {
  new Chart(document.getElementById(id), { type: 'bar', data: { labels, datasets: series.map(([name, values]) => ({ label: name, data: values, backgroundColor: colors[name] })) },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } } } } });
}
if (report.decoder) {
  const d = report.decoder;
  const rates = (m) => [pct(m.jsonValidRate), pct(m.schemaValidRate), pct(m.fieldAccuracy), pct(m.decisionAccuracy), pct(m.skillInRangeRate)];
  bars('chart-quality', ['JSON valid', 'schema valid', 'field accuracy', 'decision accuracy', 'skill score in range'], [['base', rates(d.base)], ['tuned', rates(d.tuned)]], '%');
  const points = (m) => m.calibration.bins.filter((b) => b.count > 0).map((b) => ({ x: b.confidence, y: b.accuracy }));
  new Chart(document.getElementById('chart-reliability'), { type: 'scatter', data: { datasets: [
    { label: 'perfect calibration', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderDash: [4, 4], borderColor: '#999', pointRadius: 0 },
    { label: 'base', data: points(d.base), showLine: true, borderColor: colors.base, backgroundColor: colors.base },
    { label: 'tuned', data: points(d.tuned), showLine: true, borderColor: colors.tuned, backgroundColor: colors.tuned } ] },
    options: { animation: false, scales: { x: { min: 0, max: 1, title: { display: true, text: 'confidence of the decision' } }, y: { min: 0, max: 1, title: { display: true, text: 'accuracy' } } } } });
  const ms = (m) => [m.latency.decision.msMean, m.latency.skills.msMean];
  bars('chart-latency', ['recommendation', 'skill scores'], [['base', ms(d.base)], ['tuned', ms(d.tuned)]], 'ms per row');
}
if (report.matcher) {
  const m = report.matcher;
  const r = (x) => [pct(x.top1), pct(x.mrr), pct(x.precisionAt10)];
  bars('chart-retrieval', ['top-1', 'MRR', 'precision@10'], [['base', r(m.base)], ['tuned', r(m.tuned)], ['bm25', r(m.bm25)]], '%');
}
`;

function table(rows: [string, ...(number | null | undefined)[]][], head: string[], digits = 3): string {
  const cell = (v: number | null | undefined) => (finite(v) ? String(Math.round(v * 10 ** digits) / 10 ** digits) : 'n/a');
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(([name, ...values]) => `<tr><th scope="row">${escapeHtml(name)}</th>${values.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The self-contained eval.html. */
export function evalHtml(report: EvalReport, chartJs: string): string {
  const sections: string[] = [];
  if (report.decoder) {
    const { base, tuned } = report.decoder;
    const row = (name: string, f: (m: DecoderMetrics) => number | null): [string, number | null, number | null] => [name, f(base), f(tuned)];
    sections.push(`<h2>Screening answers (${tuned.rows} rows: ${tuned.decisionRows} recommendations, ${tuned.skillRows} skill scorings)</h2>
<canvas id="chart-quality" role="img" aria-label="validity and accuracy, base vs tuned"></canvas>
${table([
  row('JSON valid', (m) => m.jsonValidRate), row('schema valid (app checker)', (m) => m.schemaValidRate), row('field accuracy', (m) => m.fieldAccuracy),
  row('decision accuracy', (m) => m.decisionAccuracy), row('skill score in range', (m) => m.skillInRangeRate), row('skill score MAE', (m) => m.skillMae),
  row('ECE', (m) => m.calibration.ece), row('calibrated decisions', (m) => m.calibration.points),
  row('ms per recommendation', (m) => m.latency.decision.msMean), row('ms per skill scoring', (m) => m.latency.skills.msMean),
  row('tokens/s', (m) => m.latency.decision.tokensPerSecond ?? m.latency.skills.tokensPerSecond)
], ['metric', 'base', 'tuned'])}
<p>Failures: base ${escapeHtml(JSON.stringify(base.errors))}; tuned ${escapeHtml(JSON.stringify(tuned.errors))}</p>
<h2>Reliability diagram (recommendations)</h2>
<canvas id="chart-reliability" role="img" aria-label="reliability diagram"></canvas>
<h2>Latency</h2>
<canvas id="chart-latency" role="img" aria-label="latency per task"></canvas>`);
  }
  if (report.matcher) {
    const m = report.matcher;
    const row = (name: string, r: RetrievalMetrics & { msPerText?: number | null }): [string, ...(number | null)[]] => [name, r.top1, r.mrr, r.precisionAt10, r.msPerText ?? null];
    sections.push(`<h2>Matcher retrieval (${m.queries} job descriptions × ${m.candidates} passages)</h2>
<canvas id="chart-retrieval" role="img" aria-label="top-1, MRR and precision@10 for base, tuned and BM25"></canvas>
${table([row('base', m.base), row('tuned', m.tuned), row('BM25', m.bm25)], ['ranker', 'top-1', 'MRR', 'precision@10', 'ms per text'])}`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eval: ${escapeHtml(report.run)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}th[scope=row],thead th{text-align:left}canvas{max-height:360px}</style>
</head><body>
<h1>Evaluation of ${escapeHtml(report.run)}</h1>
<p>${escapeHtml(report.kind)} · held-out data ${escapeHtml(report.data.file)} (${report.data.rows} rows) · base ${escapeHtml(report.models.base)} · tuned ${escapeHtml(report.models.tuned)} · ${escapeHtml(report.created)}</p>
${sections.join('\n')}
<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
<script type="application/json" id="eval-data">${scriptJson(report)}</script>
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
