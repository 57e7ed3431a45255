/**
 * Dates and date ranges as resumes write them, and total experience from merged intervals.
 * Purpose: find "Jan 2019 - Present", "01/2019 to 05/2021", "2019 – 2021", "March, 2017 - till date",
 * "Aug '18 - Dec '20", "2019-03 – 2020-11" and turn them into month indices.
 * Non-goals: single free-standing dates (education years are found by education.ts).
 * Shape legend: a month index is year*12 + (month-1); an interval [start, end) in month indices; a range
 * ending "Present" ends at the reference month + 1 (the current month counts).
 */

const MONTH_NAMES: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12
};
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const YEAR = String.raw`(?:19[5-9]\d|20[0-4]\d)`;
const SHORT_YEAR = String.raw`'\d{2}`;
const DATE = String.raw`(?:${MONTH}[\s,]*(?:${YEAR}|${SHORT_YEAR})|(?:0?[1-9]|1[0-2])[\/.-]${YEAR}|${YEAR}[\/.-](?:0?[1-9]|1[0-2])(?!\d)|${YEAR})`;
const PRESENT = String.raw`(?:present|current(?:ly)?|now|today|till\s+date|to\s+date|date|ongoing|continuing)`;
const RANGE_SEP = String.raw`\s*(?:-|–|—|~|to|till|until|through|thru)\s*`;

/** Matches a date range; groups: 1 = start date, 2 = end date or "present" word. */
export const DATE_RANGE_RE = new RegExp(String.raw`(?<![\w\/.])(${DATE})${RANGE_SEP}(${DATE}|${PRESENT})(?![\w\/])`, 'gi');

export interface DateRange {
  start: number;
  end: number;
  /** Month index of the start. */
  from: number;
  /** Month index just after the end (exclusive), or null when the range runs to the present. */
  to: number | null;
  fromIso: string;
  toIso?: string;
  /** Whether start and end carry a month (false for "2019 - 2021"). */
  monthPrecision: boolean;
}

function parseYear(raw: string): number {
  if (raw.startsWith("'")) {
    const yy = Number(raw.slice(1));
    return yy > 50 ? 1900 + yy : 2000 + yy;
  }
  return Number(raw);
}

/** Parse one date into {year, month?}; returns undefined for text that is not a date. */
export function parseDate(raw: string): { year: number; month?: number } | undefined {
  const s = raw.trim().toLowerCase();
  let m = /^([a-z]+)\.?[\s,]*('\d{2}|\d{4})$/.exec(s);
  if (m) {
    const month = MONTH_NAMES[m[1].slice(0, m[1].startsWith('sept') ? 4 : 3)];
    return month ? { year: parseYear(m[2]), month } : undefined;
  }
  m = /^(\d{1,2})[\/.-](\d{4})$/.exec(s);
  if (m) return { year: Number(m[2]), month: Number(m[1]) };
  m = /^(\d{4})[\/.-](\d{1,2})$/.exec(s);
  if (m) return { year: Number(m[1]), month: Number(m[2]) };
  m = /^(\d{4})$/.exec(s);
  if (m) return { year: Number(m[1]) };
  return undefined;
}

const iso = (d: { year: number; month?: number }) => (d.month ? `${d.year}-${String(d.month).padStart(2, '0')}` : `${d.year}`);

/** All date ranges in text[from, to), in order. Ranges whose end precedes their start are dropped. */
export function findDateRanges(text: string, from = 0, to = text.length): DateRange[] {
  const out: DateRange[] = [];
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(DATE_RANGE_RE)) {
    const a = parseDate(m[1]);
    if (!a) continue;
    const b = parseDate(m[2]);
    const present = !b;
    // A bare year start ("2019 - 2021") counts from January; a bare year end through December.
    const fromIdx = a.year * 12 + ((a.month ?? 1) - 1);
    const toIdx = b ? b.year * 12 + ((b.month ?? 12) - 1) + 1 : null;
    if (toIdx !== null && toIdx <= fromIdx) continue;
    out.push({
      start: from + m.index,
      end: from + m.index + m[0].length,
      from: fromIdx,
      to: toIdx,
      fromIso: iso(a),
      toIso: b ? iso(b) : undefined,
      monthPrecision: a.month !== undefined && (present || b?.month !== undefined)
    });
  }
  return out;
}

const SINGLE_DATE_RE = new RegExp(String.raw`(?<![\w\/.'])(${DATE})(?![\w\/]|\.\d)`, 'gi');

export interface SingleDate {
  start: number;
  end: number;
  iso: string;
  /** Month index (a bare year: its December). */
  month: number;
  monthPrecision: boolean;
}

/** Single dates in text[from, to) that are not part of a date range: span and ISO date ('YYYY' or 'YYYY-MM'). */
export function findSingleDates(text: string, from = 0, to = text.length): SingleDate[] {
  const ranges = findDateRanges(text, from, to);
  const out: SingleDate[] = [];
  for (const m of text.slice(from, to).matchAll(SINGLE_DATE_RE)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (ranges.some((r) => start < r.end && end > r.start)) continue;
    const d = parseDate(m[1]);
    if (d) out.push({ start, end, iso: iso(d), month: d.year * 12 + (d.month ?? 12) - 1, monthPrecision: d.month !== undefined });
  }
  return out;
}

/**
 * The latest date a text mentions (range ends and starts, single dates), as a Date in its last month (a bare
 * year counts as its December, as a bare end year of a range does), never later than `notAfter`; undefined
 * when the text mentions no date. A resume's "Present" is at least this recent.
 */
export function latestMentionedDate(text: string, notAfter: Date = new Date()): Date | undefined {
  const cap = notAfter.getUTCFullYear() * 12 + notAfter.getUTCMonth();
  let latest = -1;
  const consider = (monthIndex: number) => {
    if (monthIndex <= cap && monthIndex > latest) latest = monthIndex;
  };
  for (const r of findDateRanges(text)) {
    consider(r.from);
    if (r.to !== null) consider(r.to - 1);
  }
  for (const d of findSingleDates(text)) consider(d.month);
  return latest < 0 ? undefined : new Date(Date.UTC(Math.floor(latest / 12), latest % 12, 1));
}

/** Total years covered by intervals after merging overlaps; open intervals end at `referenceDate`. */
export function mergedYears(ranges: DateRange[], referenceDate: Date): number {
  const refMonth = referenceDate.getUTCFullYear() * 12 + referenceDate.getUTCMonth() + 1;
  const intervals = ranges
    .map((r) => [r.from, Math.min(r.to ?? refMonth, refMonth)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const [a, b] of intervals) {
    if (a > curEnd) {
      total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else curEnd = Math.max(curEnd, b);
  }
  total += curEnd - curStart;
  return Math.round((total / 12) * 10) / 10;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, twenty: 20
};
const YEARS_NUMBER = String.raw`(\d{1,2}(?:\.\d)?|${Object.keys(NUMBER_WORDS).join('|')})`;

/**
 * "5+ years of experience", "6 Yrs of IT Experience", "three years' experience", "9 Yrs 8 months of working
 * experience", "total experience of 13 years", "Experience: 6.5 years", "6+ Exp in banking": a number of
 * years tied to an experience word (up to five words between). Named groups: `y1`, `y2` or `y3` is the
 * number of years, `mo1` the months that follow the years in the first form.
 */
export const STATED_YEARS_RE = new RegExp(
  String.raw`\b(?<y1>${YEARS_NUMBER.slice(1, -1)})\s*(?:\+|plus)?\s*-?\s*(?:years?|yrs?)\.?['’]?(?:\s*(?:and\s+|&\s*)?(?<mo1>\d{1,2})\s*(?:months?|mths?|mos?)\b)?\s+(?:of\s+)?(?:[\p{L}/&.-]{1,30}\s+){0,5}?(?:experience|exp\b|exprience)` +
    String.raw`|\b(?:experience|exp)\s*(?:of|:|-|–)\s*(?:about\s+|over\s+|around\s+|nearly\s+|almost\s+)?(?<y2>${YEARS_NUMBER.slice(1, -1)})\s*\+?\s*(?:years?|yrs?)\b` +
    String.raw`|\b(?<y3>\d{1,2})\s*\+\s*(?:exp|experience)\b`,
  'giu'
);

/** The years a STATED_YEARS_RE match states (months add a fraction); undefined when it is not a number. */
export function statedYearsOf(m: RegExpMatchArray): number | undefined {
  const g = m.groups ?? {};
  const years = parseYearsNumber(g.y1 ?? g.y2 ?? g.y3 ?? '');
  if (years === undefined) return undefined;
  const months = g.mo1 ? Number(g.mo1) : 0;
  return Math.round((years + (months > 0 && months < 12 ? months / 12 : 0)) * 10) / 10;
}

/** Parse a number written as digits or a word ("three" → 3). */
export function parseYearsNumber(raw: string): number | undefined {
  const lower = raw.toLowerCase();
  if (lower in NUMBER_WORDS) return NUMBER_WORDS[lower];
  const n = Number(lower);
  return Number.isFinite(n) ? n : undefined;
}
