/**
 * Impact ratios in the style of New York City Local Law 144 (DCWP rules, 6 RCNY § 5-300): for each category the
 * selection rate (selected ÷ applicants in the category) and its impact ratio (that rate ÷ the rate of the most
 * selected category), by sex, by race/ethnicity and by their intersection, with the four-fifths flag (ratio below
 * 0.8, the EEOC rule of thumb for adverse impact). People with no self-identification for a dimension are counted
 * as "unknown", reported with their own count and rate, and kept out of every ratio.
 * Purpose: one pure computation for the recruiter's decisions and for "top N by score", in the app and the CLI.
 * Non-goals: reading or storing self-identification data (self-id.ts, the db), statistics beyond counts (no
 * significance tests; small categories get a warning instead), anything that scores a candidate: the categories
 * never reach a scorer or a model.
 * Shape legend: rates are fractions 0..1; `ratio` is null when no category has anyone selected (nothing to
 * compare to); an intersectional category is "sex × race", unknown when either part is unknown.
 */

export type AuditDimension = 'sex' | 'race' | 'intersection';

/** One person of the audit: whether they were selected, and their self-identified categories (null: unknown). */
export interface AuditPerson {
  id: string;
  selected: boolean;
  sex: string | null;
  race: string | null;
}

export interface CategoryRow {
  category: string;
  applicants: number;
  selected: number;
  rate: number;
  /** Rate ÷ the highest rate of the dimension; null when nobody of the dimension was selected. */
  ratio: number | null;
  /** Ratio below the four-fifths threshold. */
  flagged: boolean;
  /** Fewer applicants than `minCategorySize`: the ratio says little. */
  smallSample: boolean;
}

export interface DimensionTable {
  dimension: AuditDimension;
  rows: CategoryRow[];
  /** People of unknown category for this dimension: counted, never in a ratio. */
  unknown: { applicants: number; selected: number; rate: number };
  /** The most selected category (the ratios' denominator), null when nobody was selected. */
  reference: string | null;
}

export interface ImpactReport {
  /** What "selected" means here, in words ("Recruiter decisions", "Top 10 by score"). */
  basis: string;
  applicants: number;
  selected: number;
  threshold: number;
  minCategorySize: number;
  tables: DimensionTable[];
  warnings: string[];
}

export interface ImpactOptions {
  /** Ratios below it are flagged (default 0.8, the four-fifths rule). */
  threshold?: number;
  /** Categories with fewer applicants get the small-sample warning (default 30). */
  minCategorySize?: number;
}

export const FOUR_FIFTHS = 0.8;
export const DEFAULT_MIN_CATEGORY_SIZE = 30;

/** The label of an intersectional category. */
export function intersectionLabel(sex: string, race: string): string {
  return `${sex} × ${race}`;
}

const rate = (selected: number, applicants: number) => (applicants === 0 ? 0 : selected / applicants);

function categoryOf(person: AuditPerson, dimension: AuditDimension): string | null {
  if (dimension === 'sex') return person.sex;
  if (dimension === 'race') return person.race;
  return person.sex !== null && person.race !== null ? intersectionLabel(person.sex, person.race) : null;
}

function table(people: readonly AuditPerson[], dimension: AuditDimension, threshold: number, minSize: number): DimensionTable {
  const counts = new Map<string, { applicants: number; selected: number }>();
  const unknown = { applicants: 0, selected: 0 };
  for (const p of people) {
    const category = categoryOf(p, dimension);
    const bucket = category === null ? unknown : counts.get(category) ?? counts.set(category, { applicants: 0, selected: 0 }).get(category)!;
    bucket.applicants++;
    if (p.selected) bucket.selected++;
  }
  const entries = [...counts.entries()].map(([category, c]) => ({ category, ...c, rate: rate(c.selected, c.applicants) }));
  const best = entries.reduce<(typeof entries)[number] | null>((top, e) => (e.selected > 0 && (!top || e.rate > top.rate) ? e : top), null);
  const rows: CategoryRow[] = entries
    .map((e) => {
      const ratio = best ? e.rate / best.rate : null;
      return { ...e, ratio, flagged: ratio !== null && ratio < threshold, smallSample: e.applicants < minSize };
    })
    .sort((a, b) => b.applicants - a.applicants || a.category.localeCompare(b.category));
  return { dimension, rows, unknown: { ...unknown, rate: rate(unknown.selected, unknown.applicants) }, reference: best?.category ?? null };
}

const DIMENSION_WORDS: Record<AuditDimension, string> = { sex: 'sex', race: 'race/ethnicity', intersection: 'sex × race/ethnicity' };

/** Selection rates and impact ratios by sex, race/ethnicity and their intersection. */
export function impactRatios(people: readonly AuditPerson[], basis: string, options: ImpactOptions = {}): ImpactReport {
  const threshold = options.threshold ?? FOUR_FIFTHS;
  const minCategorySize = options.minCategorySize ?? DEFAULT_MIN_CATEGORY_SIZE;
  const tables = (['sex', 'race', 'intersection'] as const).map((d) => table(people, d, threshold, minCategorySize));
  const selected = people.filter((p) => p.selected).length;
  const warnings: string[] = [];
  if (people.length === 0) warnings.push('No candidate to audit.');
  else if (selected === 0) warnings.push(`${basis}: nobody is selected, so there is no selection rate to compare.`);
  for (const t of tables) {
    const small = t.rows.filter((r) => r.smallSample);
    if (small.length) warnings.push(`Small sample (${DIMENSION_WORDS[t.dimension]}): ${small.map((r) => `${r.category} (${r.applicants})`).join(', ')} ha${small.length === 1 ? 's' : 've'} fewer than ${minCategorySize} applicants; ${small.length === 1 ? 'its ratio is' : 'their ratios are'} unreliable.`);
    if (t.unknown.applicants > 0) warnings.push(`${t.unknown.applicants} of ${people.length} with unknown ${DIMENSION_WORDS[t.dimension]}: counted separately, not in the ratios.`);
  }
  return { basis, applicants: people.length, selected, threshold, minCategorySize, tables, warnings };
}

/** Selection by the recruiter: only decided candidates are applicants; "selected" decisions are selections. */
export function decisionSelection(rows: ReadonlyArray<{ id: string; decision: 'selected' | 'rejected' | null }>): Array<{ id: string; selected: boolean }> {
  return rows.flatMap((r) => (r.decision === null ? [] : [{ id: r.id, selected: r.decision === 'selected' }]));
}

/**
 * Selection by score: every scored candidate is an applicant; the first `n` by score (highest first; ties in the
 * given order, which callers make the table's) are selected.
 */
export function topNSelection(rows: ReadonlyArray<{ id: string; score: number | null }>, n: number): Array<{ id: string; selected: boolean }> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`top N must be a whole number ≥ 0, got ${n}`);
  const scored = rows.map((r, i) => ({ ...r, i })).filter((r): r is { id: string; score: number; i: number } => r.score !== null);
  const top = new Set(
    [...scored]
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, n)
      .map((r) => r.id)
  );
  return scored.map((r) => ({ id: r.id, selected: top.has(r.id) }));
}

/** Joins a selection with self-identification (people without a row are unknown on both dimensions). */
export function withCategories(selection: ReadonlyArray<{ id: string; selected: boolean }>, selfId: ReadonlyMap<string, { sex: string | null; race: string | null }>): AuditPerson[] {
  return selection.map((s) => ({ ...s, sex: selfId.get(s.id)?.sex ?? null, race: selfId.get(s.id)?.race ?? null }));
}
