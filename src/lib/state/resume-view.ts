/**
 * Pure view model of a ParsedResume (JSON Resume shape) for the screens: contact, location, total years, skills,
 * experience and education as short display strings.
 * Non-goals: parsing (core/resume); provenance display (EvidenceText highlights spans).
 */
import { candidateLocation, type CandidateLocation } from '../core/mask/location';
import type { ParsedResume } from '../core/resume';

export interface ResumeEntryView {
  title: string;
  org: string;
  dates: string;
}

export interface ResumeView {
  name: string;
  email: string;
  phone: string;
  /** Home location as found (shown whole only outside blind mode; see core/mask/location locationLabel). */
  location: CandidateLocation;
  /** Years from dated entries, else the years the candidate states; null when neither exists. */
  totalYears: number | null;
  skills: string[];
  work: ResumeEntryView[];
  education: ResumeEntryView[];
}

function dates(start: string | undefined, end: string | undefined, current = false): string {
  if (!start && !end) return current ? 'current' : '';
  return `${start ?? '?'} – ${end ?? (current ? 'present' : '?')}`;
}

/** Shapes a parsed resume for display. */
export function resumeView(resume: ParsedResume): ResumeView {
  const skills = [...new Set(resume.skills.flatMap((group) => group.keywords))];
  return {
    name: resume.basics.name ?? '',
    email: resume.basics.email ?? '',
    phone: resume.basics.phone ?? '',
    location: candidateLocation(resume),
    totalYears: resume.totalYearsExperience ?? resume.statedYearsExperience ?? null,
    skills: skills.slice(0, 40),
    work: resume.work.slice(0, 12).map((w) => ({ title: w.position ?? '', org: w.name ?? '', dates: dates(w.startDate, w.endDate, w.current) })),
    education: resume.education
      .slice(0, 6)
      .map((e) => ({ title: [e.studyType, e.area].filter(Boolean).join(', '), org: e.institution ?? '', dates: e.endDate ?? '' }))
  };
}
