/**
 * Helpers shared by the work-entry layout tests: a fixed reference date, parsing lines of made-up resume text,
 * the (position, company) pairs of work[], the text a provenance path points at, and an Indeed job block.
 */
import { parseResume } from '../../../src/lib/core/resume';

export const REF = { referenceDate: new Date(Date.UTC(2024, 5, 15)) };
export const parse = (lines: string[]) => parseResume(lines.join('\n'), REF);
export const fields = (r: ReturnType<typeof parseResume>) => r.work.map((w) => [w.position, w.name]);
export const span = (r: ReturnType<typeof parseResume>, path: string) => {
  const p = r.provenance.find((x) => x.path === path);
  return p && r.text.slice(p.start, p.end);
};
/** Indeed's block: title line, "Company - City, State -" dash line, dates, one bullet. */
export const indeedBlock = (title: string, dash: string) => ['WORK EXPERIENCE', '', title, '', dash, '', 'October 2016 to June 2017', '', '• Ran the chiller plant.'];
/** An Indeed resume's top: name, the headline slot, Indeed's contact line, then a job block. */
export const indeedTop = (headline: string, job: string[] = indeedBlock('Security Analyst', 'Fabrikam Technologies - Hyderabad, Telangana -')) => [
  'Riya Example',
  headline,
  '',
  'Chennai, Tamil Nadu - Email me on Indeed: indeed.com/r/Riya-Example/0123456789abcdef',
  '',
  ...job
];
