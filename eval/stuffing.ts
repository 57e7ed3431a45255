/**
 * Keyword stuffing: how many points a weak resume gains when the job's own words are added to it, plainly,
 * repeated, as a bare keyword list, or hidden in a real PDF or DOCX that goes through the product's extractText.
 * For each category job (both forms), the PER_JOB lowest-scoring kaggle resumes of OTHER categories, and PER_JOB
 * around those resumes' median score, get each stuffing kind; the gain is score(after) − score(before) with the same scoreCandidate the product uses, and a
 * case is flagged when the after-document raises a flag the before-document did not (score flags, or the
 * hidden-text/injection flags the CLI adds from ingestion). `top10` says how often the stuffed resume would land
 * in the job's top 10 of the whole set.
 * Purpose: the `stuffing` part of `npm run eval`; the figures issue 9's bar ("stuffing gain ≤ 1 point") is
 * judged by. Also counts how many real resumes raise a stuffing flag per job (false alarms on honest resumes).
 * Non-goals: the defences themselves (src/lib/core/ingest, src/lib/core/score/echo.ts).
 * Shape legend: kinds are 'paste-once', 'paste-50', 'keyword-list', 'keyword-shuffled', 'labels-only' (text
 * appended; labels-only is the requirement labels alone, one comma-separated line), 'pdf-…'
 * (PDF_HIDINGS) and 'docx-…' (DOCX_HIDINGS); for the document kinds, before = the same resume rendered into the
 * same format without the payload, and the payload is the job text followed by its keyword list.
 * Prints counts and rates only, never resume content.
 */
import { extractText } from '../src/lib/core/ingest';
import type { Job } from '../src/lib/core/job';
import { flagInjection } from '../src/lib/core/llm/untrusted';
import { parseResume } from '../src/lib/core/resume';
import { scoreCandidate, type ScoreResult } from '../src/lib/core/score';
import { DOCX_HIDINGS, keywordList, PDF_HIDINGS, resumeDocx, resumePdf, TEXT_STUFFINGS, textStuffings } from '../tests/fixtures/stuffed-documents';
import type { CategoryDoc } from './data';
import categoryJobs from './jobs/categories.json';
import { categoryJobsFor, EVAL_REFERENCE_DATE, type JobForm } from './ranking';

const PER_JOB = 5;
export const STUFFING_KINDS = [...TEXT_STUFFINGS, ...PDF_HIDINGS.map((h) => `pdf-${h}`), ...DOCX_HIDINGS.map((h) => `docx-${h}`)];

export interface StuffingRow {
  kind: string;
  cases: number;
  /** Over the weakest resumes of other categories, then over those around their median. */
  meanGain: number;
  maxGain: number;
  meanGainMedian: number;
  maxGainMedian: number;
  /** Document kinds: share of cases whose payload ingestion dropped as hidden (undefined for text kinds). */
  droppedAtIngest?: number;
  /** Share of cases that raise a flag the unstuffed resume did not. */
  flagged: number;
  /** Share of cases whose stuffed score would be in the job's top 10 of the whole set. */
  top10: number;
}

export interface StuffingReport {
  form: JobForm;
  jobs: number;
  perJob: number;
  rows: StuffingRow[];
  /** Per job: real resumes (of the whole set) whose score raises a keyword-stuffing or copied-text flag. */
  honestFlagged: Array<{ category: string; flagged: number; of: number }>;
  /** Real PDFs (of the whole set) from which ingestion dropped text as invisible, when the text cache says. */
  realHidden: { docs: number; chars: number; byReason: Record<string, number>; known: number; of: number };
  ms: number;
}

type Flagged = Set<string>;

/** Flag kinds a recruiter sees for a scored document: the scorer's, plus the CLI's ingestion flags. */
function flagKinds(result: ScoreResult, text: string, hidden?: { chars: number; byReason: Record<string, number> }): Flagged {
  return new Set([...result.flags.map((f) => f.kind), ...flagInjection(text, hidden).map((f) => f.kind)]);
}

function score(job: Job, text: string): ScoreResult {
  return scoreCandidate(job, parseResume(text, { referenceDate: EVAL_REFERENCE_DATE }), { referenceDate: EVAL_REFERENCE_DATE });
}

interface Scored {
  score: number;
  flags: Flagged;
  /** Characters ingestion dropped as hidden (documents only). */
  hidden?: number;
}

async function scoreDocument(job: Job, bytes: Uint8Array, name: string): Promise<Scored> {
  const r = await extractText(bytes, name);
  if (!r.ok) throw new Error(`${name}: the generated document did not extract (${r.error.code})`);
  const result = score(job, r.value.text);
  return { score: result.score, flags: flagKinds(result, r.value.text, r.value.hidden), hidden: r.value.hidden.chars };
}

/** Before/after pairs for one weak resume and one job, by kind. */
async function stuffOne(job: Job, jobText: string, text: string): Promise<Record<string, { before: Scored; after: Scored }>> {
  const out: Record<string, { before: Scored; after: Scored }> = {};
  const plain = score(job, text);
  const base: Scored = { score: plain.score, flags: flagKinds(plain, text) };
  const textVariants = textStuffings(text, job, jobText);
  for (const [kind, stuffed] of Object.entries(textVariants)) {
    const r = score(job, stuffed);
    out[kind] = { before: base, after: { score: r.score, flags: flagKinds(r, stuffed) } };
  }
  const lines = text.split('\n');
  const payload = [...jobText.split('\n'), ...keywordList(job)];
  const pdfBefore = await scoreDocument(job, resumePdf(lines), 'weak.pdf');
  for (const hiding of PDF_HIDINGS) out[`pdf-${hiding}`] = { before: pdfBefore, after: await scoreDocument(job, resumePdf(lines, { lines: payload, hiding }), `${hiding}.pdf`) };
  const docxBefore = await scoreDocument(job, resumeDocx(lines), 'weak.docx');
  for (const hiding of DOCX_HIDINGS) out[`docx-${hiding}`] = { before: docxBefore, after: await scoreDocument(job, resumeDocx(lines, { lines: payload, hiding }), `${hiding}.docx`) };
  return out;
}

interface Tally {
  gain: number[];
  gainMedian: number[];
  flagged: number;
  top10: number;
  dropped: number;
}

/**
 * Runs the stuffing measurement for one job form over `docs`: the whole set is scored once per job to pick, among
 * resumes of other categories, the PER_JOB weakest and the PER_JOB around their median.
 */
export async function evaluateStuffing(docs: CategoryDoc[], form: JobForm, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<StuffingReport> {
  const t0 = performance.now();
  const jobs = categoryJobsFor(form);
  const parsed = docs.map((d) => parseResume(d.text, { referenceDate: EVAL_REFERENCE_DATE }));
  const tally = new Map<string, Tally>(STUFFING_KINDS.map((k) => [k, { gain: [], gainMedian: [], flagged: 0, top10: 0, dropped: 0 }]));
  const honestFlagged: StuffingReport['honestFlagged'] = [];
  let done = 0;
  for (const { category, job } of jobs) {
    const results = parsed.map((r) => scoreCandidate(job, r, { referenceDate: EVAL_REFERENCE_DATE }));
    honestFlagged.push({ category, flagged: results.filter((r) => r.flags.some((f) => f.kind === 'keyword-stuffing' || f.kind === 'job-text-copied')).length, of: results.length });
    const sorted = results.map((r) => r.score).sort((a, b) => b - a);
    const tenth = sorted[Math.min(9, sorted.length - 1)];
    const others = docs
      .map((d, i) => ({ d, s: results[i].score }))
      .filter((x) => x.d.category !== category)
      .sort((a, b) => a.s - b.s || (a.d.id < b.d.id ? -1 : 1));
    const mid = Math.max(PER_JOB, Math.floor(others.length / 2) - (PER_JOB >> 1));
    const bands: Array<[boolean, typeof others]> = [
      [false, others.slice(0, PER_JOB)],
      [true, others.slice(mid, mid + PER_JOB)]
    ];
    const jobText = categoryJobText(category, form);
    const payloadChars = [...jobText, ...keywordList(job).join('')].filter((c) => !/\s/.test(c)).length;
    for (const [median, band] of bands) {
      for (const { d } of band) {
        const pairs = await stuffOne(job, jobText, d.text);
        for (const [kind, { before, after }] of Object.entries(pairs)) {
          const t = tally.get(kind)!;
          (median ? t.gainMedian : t.gain).push(after.score - before.score);
          if ([...after.flags].some((f) => !before.flags.has(f))) t.flagged++;
          if (after.score >= tenth) t.top10++;
          if (after.hidden !== undefined && after.hidden - (before.hidden ?? 0) >= 0.9 * payloadChars) t.dropped++;
        }
        opts.onProgress?.(++done, jobs.length * PER_JOB * 2);
      }
    }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  const rows: StuffingRow[] = STUFFING_KINDS.map((kind) => {
    const t = tally.get(kind)!;
    const n = t.gain.length + t.gainMedian.length;
    const isDocument = kind.startsWith('pdf-') || kind.startsWith('docx-');
    return {
      kind,
      cases: n,
      meanGain: mean(t.gain),
      maxGain: max(t.gain),
      meanGainMedian: mean(t.gainMedian),
      maxGainMedian: max(t.gainMedian),
      flagged: n ? t.flagged / n : 0,
      top10: n ? t.top10 / n : 0,
      ...(isDocument ? { droppedAtIngest: n ? t.dropped / n : 0 } : {})
    };
  });
  const realHidden: StuffingReport['realHidden'] = { docs: 0, chars: 0, byReason: {}, known: 0, of: docs.length };
  for (const d of docs) {
    if (!d.hidden) continue;
    realHidden.known++;
    if (d.hidden.chars > 0) realHidden.docs++;
    realHidden.chars += d.hidden.chars;
    for (const [r, n] of Object.entries(d.hidden.byReason)) realHidden.byReason[r] = (realHidden.byReason[r] ?? 0) + n;
  }
  return { form, jobs: jobs.length, perJob: PER_JOB, rows, honestFlagged, realHidden, ms: performance.now() - t0 };
}

/** The job text as a recruiter pasted it (the harness's own file), which is what a candidate would copy. */
function categoryJobText(category: string, form: JobForm): string {
  return categoryJobs.jobs.find((j) => j.category === category)![form];
}

/** Prints a report as markdown tables. */
export function printStuffing(r: StuffingReport): void {
  const f1 = (x: number) => x.toFixed(1);
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  console.log(`\n### Keyword stuffing — ${r.form} job descriptions (${r.jobs} jobs × ${r.perJob} weakest and ${r.perJob} median resumes of other categories, ${(r.ms / 1000).toFixed(0)} s)`);
  console.log('| kind | cases | mean gain (weakest) | max gain (weakest) | mean gain (median) | max gain (median) | flagged | in top 10 | dropped at ingest |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of r.rows) {
    const dropped = row.droppedAtIngest === undefined ? '' : pct(row.droppedAtIngest);
    console.log(`| ${row.kind} | ${row.cases} | ${f1(row.meanGain)} | ${f1(row.maxGain)} | ${f1(row.meanGainMedian)} | ${f1(row.maxGainMedian)} | ${pct(row.flagged)} | ${pct(row.top10)} | ${dropped} |`);
  }
  const total = r.honestFlagged.reduce((a, b) => a + b.flagged, 0);
  console.log(`\nReal resumes flagged for stuffing or copied text (no stuffing added): ${total} of ${r.honestFlagged.reduce((a, b) => a + b.of, 0)} resume×job pairs`);
  console.log(`| job | ${r.honestFlagged.map((h) => h.category.slice(0, 10)).join(' | ')} |`);
  console.log(`|---|${r.honestFlagged.map(() => '---').join('|')}|`);
  console.log(`| flagged | ${r.honestFlagged.map((h) => h.flagged).join(' | ')} |`);
  const h = r.realHidden;
  const reasons = Object.entries(h.byReason).map(([k, n]) => `${k} ${n}`).join(', ');
  if (h.known > 0) console.log(`\nReal PDFs with text dropped as invisible: ${h.docs} of ${h.known} (${h.chars} characters${reasons ? `: ${reasons}` : ''})`);
}
