/**
 * Work entries after extraction: the headline's job added in front, and entries that repeat another dropped.
 * Purpose: the whole-list rules of experience.ts's work[] (they compare entries with each other, or with the
 * candidate's name), with their provenance kept in step (each `work[i].…` path follows its entry).
 * Non-goals: reading entries from the text (experience.ts).
 * Shape legend: names compare squashed (lower case, letters and digits, each legal form in one spelling:
 * "Ltd." = "Limited", a closing "group" dropped), equal or one holding the other on word boundaries ("Infosys" / "Infosys Limited").
 */
import type { JsonResumeWork, Provenance, Span } from './types';

/**
 * The work entries with the headline's job first when the headline names an employer that no entry names
 * ("Associate Consultant - Contoso Bank" above entries at other companies): position the headline's title,
 * name that employer, no dates (the headline gives none).
 */
export function withHeadlineJob(
  result: { work: JsonResumeWork[]; provenance: Provenance[] },
  headline: { label: string; provenance: Provenance; company?: Span & { text: string } } | undefined
): { work: JsonResumeWork[]; provenance: Provenance[] } {
  const company = headline?.company;
  if (!headline || !company || result.work.some((w) => sameName(w.name, company.text))) return result;
  return {
    work: [{ position: headline.label, name: company.text }, ...result.work],
    provenance: [
      { path: 'work[0].position', start: headline.provenance.start, end: headline.provenance.end },
      { path: 'work[0].name', start: company.start, end: company.end },
      ...reindexWork(result.provenance, (i) => i + 1)
    ]
  };
}

/**
 * The work entries without an employer that is the candidate's own name or one word of it ("Tavarekere -" in
 * Indeed's company slot of "Priya Tavarekere"'s resume): a person is not their own employer's name. The
 * entry stays, with its title and dates. `name` is basics.name with its span, `header` the header section.
 */
export function withoutOwnName(
  result: { work: JsonResumeWork[]; provenance: Provenance[] },
  name: (Span & { text: string }) | undefined,
  header: Span | undefined
): { work: JsonResumeWork[]; provenance: Provenance[] } {
  // Only a name read from the header block: one read from a job's line ("Contoso Infotech" atop a resume without one) may be an employer.
  if (!name || !header || name.start < header.start || name.end > header.end) return result;
  const words = new Set(name.text.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= 3));
  if (words.size === 0) return result;
  const whole = squash(name.text);
  const own = (n: string | undefined) => !!n && (squash(n) === whole || words.has(squash(n).trim()));
  if (!result.work.some((w) => own(w.name))) return result;
  return {
    work: result.work.map((w) => {
      if (!own(w.name)) return w;
      const { name: _own, ...rest } = w;
      return rest;
    }),
    provenance: result.provenance.filter((p) => {
      const m = /^work\[(\d+)\]\.name$/.exec(p.path);
      return !m || !own(result.work[Number(m[1])].name);
    })
  };
}

/** Provenance with each `work[i]` path moved to `work[to(i)]`, and dropped where `to` gives none. */
function reindexWork(provenance: Provenance[], to: (i: number) => number | undefined): Provenance[] {
  return provenance.flatMap((p) => {
    const m = /^work\[(\d+)\]/.exec(p.path);
    if (!m) return [p];
    const k = to(Number(m[1]));
    return k === undefined ? [] : [{ ...p, path: p.path.replace(/^work\[\d+\]/, `work[${k}]`) }];
  });
}

/** Each way of writing a legal form, as one word ("Ltd." and "Limited", "Pvt" and "Private" compare equal). */
const LEGAL_FORM_WORDS: Array<[RegExp, string]> = [
  [/(?<= )(?:ltd|limited)(?= )/g, 'limited'],
  [/(?<= )(?:pvt|private|pte)(?= )/g, 'private'],
  [/(?<= )(?:inc|incorporated)(?= )/g, 'incorporated'],
  [/(?<= )(?:corp|corporation)(?= )/g, 'corporation'],
  [/(?<= )(?:co|company)(?= )/g, 'company'],
  // "Contoso group" (a headline's "Contoso group as a Test Analyst") is Contoso.
  [/ group(?= $)/g, '']
];
const squash = (s: string | undefined) =>
  LEGAL_FORM_WORDS.reduce((out, [re, to]) => out.replace(re, to), ` ${(s ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `);
/** Same name, or one holds the other on word boundaries ("Infosys" / "Infosys Limited"); legal forms compare by meaning ("Infosys Ltd." / "INFOSYS LIMITED"). */
const sameName = (a: string | undefined, b: string | undefined) => !!a && !!b && (squash(a).includes(squash(b)) || squash(b).includes(squash(a)));

/**
 * Without the entries that repeat another: an undated one repeating a dated one (the same company, and the same
 * position or none), a job named again under a sub-heading of the experience part ("Maximo Consultant / Infosys
 * Limited" under "Projects"); and a dated one repeating an earlier one from the same start date (the same company
 * or none, the same position or none), the job written out twice ("Backup Administrator / HCL / May 2015 to
 * April 2018" in a summary list, "Backup Administrator / HCL Technologies - Hyderabad / May 2015 to Nov 2017" below).
 */
export function withoutRepeats(work: JsonResumeWork[], provenance: Provenance[]): { work: JsonResumeWork[]; provenance: Provenance[] } {
  // Indexed, not searched per entry (a text of many resumes has thousands of entries): each name squashed once,
  // the earlier kept dated entries by start date, the first provenance of each path.
  const squashed = new Map<string, string>();
  const sq = (s: string) => squashed.get(s) ?? squashed.set(s, squash(s)).get(s)!;
  const similar = (a: string | undefined, b: string | undefined) => !!a && !!b && (sq(a).includes(sq(b)) || sq(b).includes(sq(a)));
  const same = (a: string | undefined, b: string | undefined) => !a || !b || similar(a, b);
  const kept = work.map((w) => ({ ...w }));
  const prov = [...provenance];
  const firstOfPath = new Map<string, Provenance>();
  for (const p of prov) if (!firstOfPath.has(p.path)) firstOfPath.set(p.path, p);
  const repeats = new Set<number>();
  const keptByStart = new Map<string, number[]>();
  work.forEach((w, i) => {
    if (!w.startDate) {
      if (w.name && work.some((d) => d.startDate && similar(d.name, w.name) && (!w.position || similar(d.position, w.position)))) repeats.add(i);
      return;
    }
    const earlier = keptByStart.get(w.startDate) ?? keptByStart.set(w.startDate, []).get(w.startDate)!;
    const k = !w.name && !w.position ? -1 : (earlier.find((j) => (work[j].name || !w.name) && same(work[j].name, w.name) && same(work[j].position, w.position)) ?? -1);
    if (k < 0) {
      earlier.push(i);
      return;
    }
    repeats.add(i);
    // The entry kept takes the fields only the repeat writes out (its place, its title).
    for (const field of ['name', 'position', 'location'] as const) {
      const from = firstOfPath.get(`work[${i}].${field}`);
      if (kept[k][field] || !w[field] || !from) continue;
      kept[k][field] = w[field];
      const added = { ...from, path: `work[${k}].${field}` };
      prov.push(added);
      if (!firstOfPath.has(added.path)) firstOfPath.set(added.path, added);
    }
  });
  if (repeats.size === 0) return { work, provenance };
  const newIndex = new Map<number, number>();
  work.forEach((_, i) => repeats.has(i) || newIndex.set(i, newIndex.size));
  return {
    work: kept.filter((_, i) => !repeats.has(i)),
    provenance: reindexWork(prov, (i) => newIndex.get(i))
  };
}
