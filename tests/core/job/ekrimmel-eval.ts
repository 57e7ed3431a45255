/**
 * Agreement of parseJob with the approximate LLM-extracted fields of the ekrimmel collections-job CSV.
 * Purpose: one measuring routine for the test (floors) and ad-hoc runs. Postings are rebuilt from the CSV's
 * own text columns under ordinary headings (Responsibilities / Requirements / Preferred).
 * Shape legend: returns agreement rates in [0, 1] and the number of postings each was measured on.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parseJob, type Job } from '../../../src/lib/core/job';
import { findDegrees } from '../../../src/lib/core/resume';
import type { DegreeLevel } from '../../../src/lib/core/resume';

type Row = Record<string, string>;
const NOT_SPECIFIED = /^\s*not specified\s*$/i;
const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, ten: 10 };
const RANK: Record<DegreeLevel, number> = { secondary: 1, diploma: 2, associate: 3, bachelor: 4, master: 5, doctorate: 6 };

const lines = (field: string) => (NOT_SPECIFIED.test(field) ? [] : field.split(/\s+\|\s+/).map((l) => `- ${l.trim()}`));

/** Rebuild a posting from the CSV's text columns. */
export function postingFromRow(row: Row): { title: string; description: string } {
  const parts = [row.description, '', 'Responsibilities', ...lines(row.duties), '', 'Requirements', ...lines(row.required_education), ...lines(row.experience), ...lines(row.required_skills_qualifications)];
  const desired = lines(row.desired_skills_qualifications);
  if (desired.length) parts.push('', 'Preferred Qualifications', ...desired);
  return { title: row.title, description: parts.join('\n') };
}

export function loadPostings(file: string): Row[] {
  return Papa.parse<Row>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data.filter((r) => r.status === 'ok');
}

function firstYears(field: string): number | undefined {
  const m = /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|ten)\+?\s*(?:\(\d+\)\s*)?(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:years?|yrs?)\b/i.exec(field);
  if (!m) return undefined;
  return WORD_NUMBERS[m[1].toLowerCase()] ?? Number(m[1]);
}

/** Measure years, education-level and must/nice agreement. */
export function evaluatePostings(rows: Row[]) {
  let yearsN = 0, yearsOk = 0, eduN = 0, eduOk = 0, niceN = 0, niceOk = 0, mustN = 0, mustOk = 0;
  for (const row of rows) {
    const job: Job = parseJob(postingFromRow(row));
    const gold = NOT_SPECIFIED.test(row.experience) || /level\s+i/i.test(row.experience) ? undefined : firstYears(row.experience);
    if (gold !== undefined && gold > 0) {
      yearsN++;
      if (job.requirements.some((r) => r.kind === 'years' && r.minYears === gold)) yearsOk++;
    }
    const levels = NOT_SPECIFIED.test(row.required_education) ? [] : findDegrees(row.required_education).map((d) => d.level);
    if (levels.length) {
      eduN++;
      const lowest = levels.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b));
      const must = job.requirements.find((r) => r.kind === 'education' && r.priority === 'must');
      const parsedLevel = must?.degreeLevel;
      // Secondary school is not turned into a requirement; count "no education requirement" as agreement.
      if (lowest === 'secondary' ? !parsedLevel || parsedLevel === 'secondary' : parsedLevel === lowest) eduOk++;
    }
    // Skills that appear only under "Preferred" must be nice; only under "Requirements" must be must.
    const reqStart = job.text.indexOf('\nRequirements\n');
    const prefStart = job.text.indexOf('\nPreferred Qualifications\n');
    for (const r of job.requirements.filter((x) => x.kind === 'skill')) {
      const inPref = prefStart >= 0 && r.source.start > prefStart;
      const inReq = reqStart >= 0 && r.source.start > reqStart && (prefStart < 0 || r.source.start < prefStart);
      const sentence = job.text.slice(job.text.lastIndexOf('\n', r.source.start) + 1, job.text.indexOf('\n', r.source.end) >>> 0);
      if (/prefer|plus|desir|ideal|familiar|exposure|bonus/i.test(sentence)) continue; // explicit cues decide
      if (inPref) (niceN++, r.priority === 'nice' && niceOk++);
      if (inReq) (mustN++, r.priority === 'must' && mustOk++);
    }
  }
  return {
    years: { n: yearsN, agreement: yearsOk / yearsN },
    education: { n: eduN, agreement: eduOk / eduN },
    niceUnderPreferred: { n: niceN, agreement: niceOk / niceN },
    mustUnderRequirements: { n: mustN, agreement: mustOk / mustN }
  };
}
