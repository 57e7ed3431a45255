/**
 * Field-extraction metrics of parseResume on the DataTurks "Entity Recognition in Resumes" set.
 * Purpose: one measuring routine shared by the test (floors) and ad-hoc runs; returns counts only, never
 * the personal data itself.
 * Shape legend: DataTurks `end` is INCLUSIVE; spans are compared by their text, which tolerates the ~6.5% of
 * spans that are off by one character.
 */
import { readFileSync } from 'node:fs';
import { parseResume } from '../../../src/lib/core/resume';

export interface NerRow {
  content: string;
  annotation: Array<{ label: string[]; points: Array<{ start: number; end: number; text: string }> }> | null;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  predicted: number;
  gold: number;
}

export function loadNer(file: string): NerRow[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as NerRow);
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const pr = (tpP: number, predicted: number, tpR: number, gold: number): PrecisionRecall => ({
  precision: predicted ? tpP / predicted : 0,
  recall: gold ? tpR / gold : 0,
  predicted,
  gold
});

function spansOf(row: NerRow, label: string): string[] {
  return (row.annotation ?? []).filter((a) => a.label.includes(label)).flatMap((a) => a.points.map((p) => p.text));
}

/** Measure name, email/profile link, skills items, graduation year, stated years, positions and companies. */
export function evaluateDataTurks(rows: NerRow[]) {
  const c = { position: [0, 0, 0, 0], company: [0, 0, 0, 0], name: [0, 0, 0, 0], email: [0, 0, 0, 0], year: [0, 0, 0, 0], yoe: [0, 0, 0, 0], skillItems: [0, 0], skillBlocks: [0, 0] };
  for (const row of rows) {
    const parsed = parseResume(row.content, { referenceDate: new Date(Date.UTC(2019, 0, 1)) });
    // Name: exact match of basics.name with an annotated Name.
    const names = spansOf(row, 'Name').map(norm);
    if (parsed.basics.name && names.length) c.name[1]++;
    if (names.length) c.name[3]++;
    if (parsed.basics.name && names.includes(norm(parsed.basics.name))) (c.name[0]++, c.name[2]++);
    // Email Address: in this set it is an email or an Indeed profile link; compare with basics.email/profiles.
    const emails = spansOf(row, 'Email Address').map((t) => norm(t).replace(/^indeed:\s*/, '').replace(/\s+/g, ''));
    // The primary contact: the email if any, else the first profile link.
    const primary = parsed.basics.email ?? parsed.basics.profiles[0]?.url;
    const predictedContacts = primary ? [norm(primary).replace(/\s+/g, '')] : [];
    const contactHit = (p: string) => emails.some((e) => e.includes(p) || p.includes(e));
    if (emails.length) {
      c.email[1] += predictedContacts.length;
      c.email[0] += predictedContacts.filter(contactHit).length;
    }
    c.email[3] += new Set(emails).size;
    c.email[2] += [...new Set(emails)].filter((e) => predictedContacts.some((p) => e.includes(p) || p.includes(e))).length;
    // Graduation Year: annotated years vs education endDates.
    const goldYears = new Set(spansOf(row, 'Graduation Year').flatMap((t) => t.match(/\b(?:19|20)\d\d\b/g) ?? []));
    if (goldYears.size > 0) {
      const predicted = new Set(parsed.education.map((e) => e.endDate).filter((y): y is string => !!y));
      c.year[1] += predicted.size;
      c.year[0] += [...predicted].filter((y) => goldYears.has(y)).length;
      c.year[3] += goldYears.size;
      c.year[2] += [...goldYears].filter((y) => predicted.has(y)).length;
    }
    // Years of Experience: annotated "N years" vs statedYearsExperience.
    const goldYoe = spansOf(row, 'Years of Experience').map((t) => Number(/(\d+(?:\.\d)?)/.exec(t)?.[1])).filter((n) => Number.isFinite(n));
    // The gold labels cover only some resumes: precision is measured where a gold label exists.
    if (parsed.statedYearsExperience !== null && goldYoe.length) c.yoe[1]++;
    if (goldYoe.length) c.yoe[3]++;
    if (parsed.statedYearsExperience !== null && goldYoe.includes(parsed.statedYearsExperience)) (c.yoe[0]++, c.yoe[2]++);
    // Designation / Companies worked at: work[].position / work[].name vs the annotated texts (any entry).
    for (const [label, field, k] of [['Designation', 'position', 'position'], ['Companies worked at', 'name', 'company']] as const) {
      const gold = new Set(spansOf(row, label).map(norm));
      if (gold.size === 0) continue;
      const predicted = new Set(parsed.work.map((w) => w[field]).filter((x): x is string => !!x).map(norm));
      c[k][1] += predicted.size;
      c[k][0] += [...predicted].filter((p) => gold.has(p)).length;
      c[k][3] += gold.size;
      c[k][2] += [...gold].filter((g) => predicted.has(g)).length;
    }
    // Skills: items listed in annotated Skills blocks that contain at least one matched skill mention.
    for (const a of row.annotation ?? []) {
      if (!a.label.includes('Skills')) continue;
      for (const p of a.points) {
        const inside = parsed.skillMentions.filter((m) => m.start >= p.start - 1 && m.end <= p.end + 2);
        c.skillBlocks[1]++;
        if (inside.length) c.skillBlocks[0]++;
        let offset = p.start;
        for (const item of row.content.slice(p.start, p.end + 1).split(/[,\n•;|]/)) {
          const s = offset;
          offset += item.length + 1;
          if (!/\p{L}{2}/u.test(item) || item.trim().split(/\s+/).length > 5) continue;
          c.skillItems[1]++;
          if (inside.some((m) => m.start >= s && m.end <= s + item.length)) c.skillItems[0]++;
        }
      }
    }
  }
  return {
    name: pr(c.name[0], c.name[1], c.name[2], c.name[3]),
    email: pr(c.email[0], c.email[1], c.email[2], c.email[3]),
    graduationYear: pr(c.year[0], c.year[1], c.year[2], c.year[3]),
    yearsOfExperience: pr(c.yoe[0], c.yoe[1], c.yoe[2], c.yoe[3]),
    position: pr(c.position[0], c.position[1], c.position[2], c.position[3]),
    company: pr(c.company[0], c.company[1], c.company[2], c.company[3]),
    skillItemRecall: c.skillItems[0] / c.skillItems[1],
    skillBlockRecall: c.skillBlocks[0] / c.skillBlocks[1]
  };
}
