/**
 * Field extraction ("parse") part of `npm run eval`: parseResume against the DataTurks "Entity Recognition
 * in Resumes" annotations, per label, exact and lenient, with the macro-F1 over labels.
 * Purpose: the figures the parsing issue's bar is judged by, measured the way `shortlist parse` reads a
 * .txt resume (the content goes through the product's extractText, then parseResume with no reference date),
 * and a layout check on the kaggle PDFs (work entries whose position is a title, not a sentence or bullet).
 * Non-goals: the parser itself (src/lib/core/resume); printing any resume content (counts and rates only).
 *
 * Shape legend:
 *  - per resume and label, gold = the annotated texts (a Skills span, usually a whole block, split into its
 *    items at commas, line breaks, bullets, semicolons and bars), predicted = strings read from ParsedResume;
 *    both are sets of deduplicated normalised strings (compare texts, never offsets: gold `end` is
 *    inclusive and ~6.5% of spans are off by one);
 *  - a label is scored on the resumes annotated with it (the annotators left whole labels out of many
 *    resumes: 25 of 161 carry a Years of Experience span, so a prediction elsewhere is not known wrong);
 *  - exact: normalised strings equal; lenient: exact, or one contains the other on word boundaries, or
 *    token-set overlap |A∩B| / max(|A|,|B|) ≥ 0.8;
 *  - precision = predicted strings matching some gold string / predicted; recall = gold strings matched by
 *    some predicted string / gold (summed over resumes, per label); F1 = 2PR/(P+R); macro-F1 = mean F1;
 *  - halves: resumes are split by a hash of their text into A (the half rules were tuned on) and B (kept
 *    for checking); the table shows all, A and B.
 *
 * Mapping ParsedResume → label:
 *  - Name ← basics.name
 *  - Email Address ← basics.email and the Indeed profile link (basics.profiles, network Indeed), host and path
 *  - Location ← basics.location.city when set, else basics.location.address (the contact block's location)
 *  - Companies worked at ← work[].name
 *  - Designation ← work[].position and basics.label (the headline)
 *  - College Name ← education[].institution
 *  - Degree ← each education entry's degree as written with its field: the text from studyType's start
 *    to area's end when the area follows on the same line ("B.Com in Marketing"), else studyType, else area
 *    (a degree line without a degree word: "Electrical and Electronics Engineering")
 *  - Graduation Year ← education[].endDate (the year)
 *  - Years of Experience ← the stated figure as written ("6 Yrs", "2.5 years"): statedYearsExperience's
 *    span up to its unit
 *  - Skills ← the skills the resume lists, as written (listedSkills: the items of its skills sections, "Skills:"
 *    lines and Indeed's "Additional Information", without group labels and years notes); a resume without a
 *    skill list: its taxonomy mentions (skillMentions), the first surface form of each canonical skill
 */
import { createHash } from 'node:crypto';
import { extractText } from '../src/lib/core/ingest';
import { parseResume, type ParsedResume } from '../src/lib/core/resume';
import type { CategoryDoc, NerRow } from './data';

export const PARSE_LABELS = [
  'Name',
  'Email Address',
  'Location',
  'Companies worked at',
  'Designation',
  'College Name',
  'Degree',
  'Graduation Year',
  'Years of Experience',
  'Skills'
] as const;
export type ParseLabel = (typeof PARSE_LABELS)[number];

/** Lower case, NFKC, punctuation to spaces (a dot survives only between digits: "6.8"; "+" and "#" stay: C++, C#). */
export function normalizeEntity(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+#.]+/gu, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function tokenOverlap(a: string, b: string): number {
  const A = new Set(a.split(' '));
  const B = new Set(b.split(' '));
  let both = 0;
  for (const t of A) if (B.has(t)) both++;
  return both / Math.max(A.size, B.size);
}

/** Lenient match of two normalised strings: equal, contained on word boundaries, or token sets overlapping ≥ 0.8. */
export function lenientMatch(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `)) return true;
  return tokenOverlap(a, b) >= 0.8;
}

/** The figure of a stated-experience phrase as written: "6 Yrs", "9 Yrs 8 months", "6+", "three years". */
const STATED_FIGURE_RE = /(?:\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty)\s*(?:\+|plus)?\s*-?\s*(?:(?:years?|yrs?)\.?(?:\s*(?:and\s+|&\s*)?\d{1,2}\s*(?:months?|mths?|mos?)\b)?|(?=\s*(?:exp|experience)\b))/i;

/** One surface form per canonical skill: its first mention as written. */
function firstMentions(r: ParsedResume): string[] {
  const first = new Map<string, string>();
  for (const m of r.skillMentions) if (!first.has(m.skill)) first.set(m.skill, r.text.slice(m.start, m.end));
  return [...first.values()];
}

/** The strings a ParsedResume predicts for each label (not yet normalised). */
export function predictedFields(r: ParsedResume): Record<ParseLabel, string[]> {
  const span = (path: string) => r.provenance.find((p) => p.path === path);
  const degrees = r.education.map((e, i) => {
    const st = span(`education[${i}].studyType`);
    const area = span(`education[${i}].area`);
    if (st && area && area.start >= st.end && !r.text.slice(st.end, area.start).includes('\n')) return r.text.slice(st.start, area.end);
    return e.studyType ?? e.area ?? '';
  });
  const stated = span('statedYearsExperience');
  const statedText = stated ? (STATED_FIGURE_RE.exec(r.text.slice(stated.start, stated.end))?.[0] ?? String(r.statedYearsExperience)) : undefined;
  const indeed = r.basics.profiles.filter((p) => p.network === 'Indeed').map((p) => p.url.replace(/^https?:\/\/(?:www\.)?/i, '').replace(/\?.*$/, ''));
  const loc = r.basics.location;
  return {
    Name: r.basics.name ? [r.basics.name] : [],
    'Email Address': [...(r.basics.email ? [r.basics.email] : []), ...indeed],
    Location: loc ? [loc.city ?? loc.address ?? ''] : [],
    'Companies worked at': r.work.map((w) => w.name ?? ''),
    Designation: [...r.work.map((w) => w.position ?? ''), ...(r.basics.label ? [r.basics.label] : [])],
    'College Name': r.education.map((e) => e.institution ?? ''),
    Degree: degrees,
    'Graduation Year': r.education.map((e) => (e.endDate ?? '').slice(0, 4)),
    'Years of Experience': statedText ? [statedText] : [],
    Skills: r.listedSkills.length > 0 ? r.listedSkills.map((s) => s.name) : firstMentions(r)
  };
}

/** Gold strings of one label in one annotated resume; a Skills span (often a whole block) is split into its items. */
export function goldFields(row: NerRow, label: ParseLabel): string[] {
  const texts = (row.annotation ?? []).filter((a) => a.label.includes(label)).flatMap((a) => a.points.map((p) => p.text));
  return label === 'Skills' ? texts.flatMap((t) => t.split(SKILL_ITEM_SPLIT)) : texts;
}

/** Separators between the items of an annotated Skills block. */
const SKILL_ITEM_SPLIT = /[,\n•;|]/;

const uniqueNorm = (xs: string[]) => [...new Set(xs.map(normalizeEntity).filter((x) => x.length > 0))];

export interface LabelCounts {
  /** Resumes annotated with the label. */
  resumes: number;
  predicted: number;
  gold: number;
  exactP: number;
  exactR: number;
  lenientP: number;
  lenientR: number;
}

export interface PrF1 {
  precision: number;
  recall: number;
  f1: number;
}

export interface LabelFigures {
  label: ParseLabel;
  counts: LabelCounts;
  exact: PrF1;
  lenient: PrF1;
}

export interface ParseFigures {
  resumes: number;
  labels: LabelFigures[];
  macroExact: number;
  macroLenient: number;
}

function prf(tpP: number, predicted: number, tpR: number, gold: number): PrF1 {
  const precision = predicted ? tpP / predicted : 0;
  const recall = gold ? tpR / gold : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Per-label counts for one resume (added into `into`). */
export function scoreResume(row: NerRow, parsed: ParsedResume, into: Record<ParseLabel, LabelCounts>): void {
  const predictedAll = predictedFields(parsed);
  for (const label of PARSE_LABELS) {
    const gold = uniqueNorm(goldFields(row, label));
    if (gold.length === 0) continue;
    const pred = uniqueNorm(predictedAll[label]);
    const c = into[label];
    c.resumes++;
    c.predicted += pred.length;
    c.gold += gold.length;
    c.exactP += pred.filter((p) => gold.includes(p)).length;
    c.exactR += gold.filter((g) => pred.includes(g)).length;
    c.lenientP += pred.filter((p) => gold.some((g) => lenientMatch(p, g))).length;
    c.lenientR += gold.filter((g) => pred.some((p) => lenientMatch(p, g))).length;
  }
}

export function emptyCounts(): Record<ParseLabel, LabelCounts> {
  return Object.fromEntries(PARSE_LABELS.map((l) => [l, { resumes: 0, predicted: 0, gold: 0, exactP: 0, exactR: 0, lenientP: 0, lenientR: 0 }])) as Record<ParseLabel, LabelCounts>;
}

export function figuresOf(counts: Record<ParseLabel, LabelCounts>, resumes: number): ParseFigures {
  const labels = PARSE_LABELS.map((label) => {
    const c = counts[label];
    return { label, counts: c, exact: prf(c.exactP, c.predicted, c.exactR, c.gold), lenient: prf(c.lenientP, c.predicted, c.lenientR, c.gold) };
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { resumes, labels, macroExact: mean(labels.map((l) => l.exact.f1)), macroLenient: mean(labels.map((l) => l.lenient.f1)) };
}

/** Which half a resume belongs to: 'A' (rules tuned on it) or 'B' (held back for checking), from a hash of its text. */
export function halfOf(content: string): 'A' | 'B' {
  return createHash('sha256').update(content).digest()[0] % 2 === 0 ? 'A' : 'B';
}

/** The resume text as `shortlist parse` sees a .txt file: through the product's extractText. */
export async function asIngested(content: string): Promise<string> {
  const r = await extractText(new TextEncoder().encode(content), 'resume.txt');
  if (!r.ok) throw new Error(`eval: an annotated resume could not be read (${r.error.code})`);
  return r.value.text;
}

export interface ParseReport {
  all: ParseFigures;
  A: ParseFigures;
  B: ParseFigures;
  ms: number;
}

/** Parse every annotated resume as the CLI would and score it; figures for all, half A and half B. */
export async function evaluateParsing(rows: NerRow[], opts: { parse?: (text: string) => ParsedResume } = {}): Promise<ParseReport> {
  const t0 = performance.now();
  const parse = opts.parse ?? ((text: string) => parseResume(text));
  const counts = { all: emptyCounts(), A: emptyCounts(), B: emptyCounts() };
  const n = { all: 0, A: 0, B: 0 };
  for (const row of rows) {
    const parsed = parse(await asIngested(row.content));
    const half = halfOf(row.content);
    for (const k of ['all', half] as const) {
      scoreResume(row, parsed, counts[k]);
      n[k]++;
    }
  }
  return { all: figuresOf(counts.all, n.all), A: figuresOf(counts.A, n.A), B: figuresOf(counts.B, n.B), ms: performance.now() - t0 };
}

/** A position that reads as a sentence or bullet, not a job title. */
export function looksLikeSentence(position: string): boolean {
  const words = position.trim().split(/\s+/);
  return (
    words.length > 10 ||
    /^[•·▪●*\-–—➢✓☑]/.test(position.trim()) ||
    /[.;:]$/.test(position.trim()) ||
    /^\p{Ll}/u.test(position.trim()) ||
    /\b(?:responsible|managed|developed|worked|including|ensure[ds]?|provided?|assisted|performed|maintained)\b/i.test(position)
  );
}

export interface KaggleWorkReport {
  docs: number;
  /** Share with at least one work entry whose position is a title (not a sentence or bullet). */
  titledWork: number;
  /** Share of all work entries whose position is a sentence/bullet or missing. */
  badPositions: number;
  /** Share with at least one work entry carrying a company. */
  withCompany: number;
  /** Share with a headline (basics.label). */
  withLabel: number;
  entries: number;
}

/** Layout check on the kaggle PDFs ("Title MM/YYYY to Current Company Name City , State"). */
export function evaluateKaggleWork(docs: CategoryDoc[], resumes: ParsedResume[]): KaggleWorkReport {
  let titled = 0;
  let withCompany = 0;
  let withLabel = 0;
  let entries = 0;
  let bad = 0;
  resumes.forEach((r) => {
    const good = r.work.filter((w) => w.position && !looksLikeSentence(w.position));
    if (good.length > 0) titled++;
    if (r.work.some((w) => w.name)) withCompany++;
    if (r.basics.label) withLabel++;
    entries += r.work.length;
    bad += r.work.length - good.length;
  });
  const n = Math.max(1, docs.length);
  return { docs: docs.length, titledWork: titled / n, badPositions: entries ? bad / entries : 0, withCompany: withCompany / n, withLabel: withLabel / n, entries };
}
