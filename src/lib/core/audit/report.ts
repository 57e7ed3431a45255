/**
 * Bias-audit report files: the impact-ratio tables as CSV, and the whole audit as one self-contained printable
 * HTML page (print CSS, no script, nothing fetched) that a browser saves as PDF. No PDF writer is installed
 * (pdfjs-dist only reads PDFs), so "PDF" is the browser's print of this page.
 * Purpose: the same report files from the app and from `shortlist audit`.
 * Non-goals: computing the figures (impact.ts, counterfactual.ts), charts with a library (the page draws its bars
 * with CSS widths so it needs no script).
 */
import { safeCsv } from '../text/csv';
import type { CounterfactualReport } from './counterfactual';
import type { DimensionTable, ImpactReport } from './impact';

export interface AuditCsvRow {
  basis: string;
  dimension: string;
  category: string;
  applicants: number;
  selected: number;
  selection_rate: string;
  impact_ratio: string;
  four_fifths_flag: string;
  small_sample: string;
}

export const AUDIT_CSV_COLUMNS: Array<keyof AuditCsvRow> = ['basis', 'dimension', 'category', 'applicants', 'selected', 'selection_rate', 'impact_ratio', 'four_fifths_flag', 'small_sample'];

const fixed = (x: number) => x.toFixed(4);

/** Table rows of every report; each dimension's unknown group is a row with no ratio. */
export function auditCsvRows(reports: readonly ImpactReport[]): AuditCsvRow[] {
  return reports.flatMap((r) =>
    r.tables.flatMap((t) => [
      ...t.rows.map((c) => ({
        basis: r.basis,
        dimension: t.dimension,
        category: c.category,
        applicants: c.applicants,
        selected: c.selected,
        selection_rate: fixed(c.rate),
        impact_ratio: c.ratio === null ? '' : fixed(c.ratio),
        four_fifths_flag: c.flagged ? 'yes' : 'no',
        small_sample: c.smallSample ? 'yes' : 'no'
      })),
      ...(t.unknown.applicants > 0
        ? [{ basis: r.basis, dimension: t.dimension, category: 'unknown', applicants: t.unknown.applicants, selected: t.unknown.selected, selection_rate: fixed(t.unknown.rate), impact_ratio: '', four_fifths_flag: '', small_sample: '' }]
        : [])
    ])
  );
}

/** The impact-ratio tables as CSV (formula-looking category names are neutralised). */
export function auditCsv(reports: readonly ImpactReport[]): string {
  return safeCsv(auditCsvRows(reports), AUDIT_CSV_COLUMNS);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const DIMENSION_TITLES: Record<DimensionTable['dimension'], string> = { sex: 'Sex', race: 'Race/ethnicity', intersection: 'Intersectional (sex × race/ethnicity)' };

function tableHtml(t: DimensionTable): string {
  const rows = t.rows
    .map(
      (c) => `<tr${c.flagged ? ' class="flag"' : ''}><th scope="row">${escapeHtml(c.category)}</th><td>${c.applicants}</td><td>${c.selected}</td><td>${pct(c.rate)}</td>` +
        `<td>${c.ratio === null ? '—' : c.ratio.toFixed(3)}<span class="bar"><span style="width:${Math.round((c.ratio ?? 0) * 100)}%"></span></span></td>` +
        `<td>${c.flagged ? 'below 4/5' : ''}${c.smallSample ? ' small sample' : ''}</td></tr>`
    )
    .join('');
  const unknown = t.unknown.applicants ? `<tr class="unknown"><th scope="row">unknown (not in ratios)</th><td>${t.unknown.applicants}</td><td>${t.unknown.selected}</td><td>${pct(t.unknown.rate)}</td><td>—</td><td></td></tr>` : '';
  return `<h3>${DIMENSION_TITLES[t.dimension]}</h3><table><thead><tr><th scope="col">Category</th><th scope="col">Applicants</th><th scope="col">Selected</th><th scope="col">Selection rate</th><th scope="col">Impact ratio</th><th scope="col">Notes</th></tr></thead><tbody>${rows}${unknown}</tbody></table>`;
}

function impactHtml(r: ImpactReport): string {
  const warnings = r.warnings.length ? `<ul class="warnings">${r.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  return `<section><h2>${escapeHtml(r.basis)}</h2><p>${r.selected} selected of ${r.applicants}. Impact ratio = selection rate ÷ the most selected category's rate; flagged below ${r.threshold}.</p>${warnings}${r.tables.map(tableHtml).join('')}</section>`;
}

function counterfactualHtml(c: CounterfactualReport): string {
  const rows = c.rows.map((r) => `<tr><th scope="row">${r.dimension}</th><td>${r.tested}</td><td>${r.variants}</td><td>${r.maxScoreChange.toFixed(2)}</td><td>${r.maxRankChange}</td><td>${escapeHtml(r.worst || '—')}</td></tr>`).join('');
  return `<section><h2>Counterfactual check</h2><p>${c.candidates} candidates re-scored with their names, pronouns and age cues swapped. Largest score change ${c.maxScoreChange.toFixed(2)}, largest rank change ${c.maxRankChange}.</p><table><thead><tr><th scope="col">Dimension</th><th scope="col">Candidates with the cue</th><th scope="col">Variants</th><th scope="col">Largest score change</th><th scope="col">Largest rank change</th><th scope="col">Worst variant</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#111;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{border:1px solid #bbb;padding:.25rem .45rem;text-align:left}tr.flag{background:#fde8e8}tr.unknown{color:#555;font-style:italic}.bar{display:inline-block;width:5rem;height:.6rem;margin-left:.5rem;background:#eee;vertical-align:middle}.bar span{display:block;height:100%;background:#3358c4}.warnings{color:#8a4b00}@media print{body{margin:0}section{break-inside:avoid-page}.bar span{-webkit-print-color-adjust:exact;print-color-adjust:exact}}`;

/** The audit as a standalone printable HTML page (open it and print to PDF). */
export function auditHtml(input: { title: string; generatedAt: Date; impact: readonly ImpactReport[]; counterfactual?: CounterfactualReport | null; notes?: string[] }): string {
  const notes = (input.notes ?? []).map((n) => `<p>${escapeHtml(n)}</p>`).join('');
  const body = [...input.impact.map(impactHtml), input.counterfactual ? counterfactualHtml(input.counterfactual) : ''].join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Bias audit: ${escapeHtml(input.title)}</title><style>${STYLE}</style></head><body><h1>Bias audit: ${escapeHtml(input.title)}</h1><p>Generated ${escapeHtml(input.generatedAt.toISOString())} by Shortlist. Self-identification data is used only for these counts; it never reaches a scorer or a model.</p>${notes}${body}</body></html>\n`;
}
