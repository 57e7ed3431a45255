/**
 * parseResume on handwritten resumes: sections (ALL-CAPS, colons, flattened text), dates and merged totals,
 * education, skills through the taxonomy (aliases, ambiguous names only in a skills context), provenance.
 */
import { describe, expect, it } from 'vitest';
import { findDateRanges, mergedYears, parseResume, segmentSections } from '../../../src/lib/core/resume';
import type { ParsedResume } from '../../../src/lib/core/resume';

const REF = new Date(Date.UTC(2024, 5, 15)); // "Present" = June 2024

const LINE_RESUME = `Amara Okafor
Data Engineer | amara.okafor@example.com | +44 20 7946 0958 | github.com/amarao
Leeds, UK

PROFILE:
Data engineer with 6+ years of experience building pipelines.

WORK EXPERIENCE
Senior Data Engineer at Northwind Analytics Ltd
March 2020 - Present
Built Spark and Airflow pipelines on GCP; mentored two engineers.

Data Engineer | Contoso Corp | 01/2017 – 06/2020
Wrote ETL in Python and T-SQL.

Education:
Master of Science in Data Science
University of Leeds, 2016

Technical Skills
Python, Go, R, Scala, k8s, ECMAScript, PostgreSQL

Certifications
AWS Certified Solutions Architect
`;

function valueAt(resume: ParsedResume, path: string): unknown {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .reduce<unknown>((obj, key) => (obj as Record<string, unknown> | undefined)?.[key], resume);
}

describe('segmentSections', () => {
  it('finds headings in Title case, ALL CAPS and with trailing colons', () => {
    const kinds = segmentSections(LINE_RESUME).map((s) => s.kind);
    expect(kinds).toEqual(['header', 'summary', 'experience', 'education', 'skills', 'certifications']);
  });

  it('finds headings between runs of spaces in flattened PDF text', () => {
    const flat = '   DATA ANALYST       Summary    Analyst with SQL.      Experience      Analyst   01/2019   to   Current     Company Name   City  ,   State      Education      Bachelor of Science  :   Statistics   2018       Skills    SQL, Tableau   ';
    expect(segmentSections(flat).map((s) => s.kind)).toEqual(['header', 'summary', 'experience', 'education', 'skills']);
  });

  it('does not take a heading word inside prose for a heading', () => {
    const text = 'Summary\nI gained experience in education technology and skills training.\n';
    expect(segmentSections(text).map((s) => s.kind)).toEqual(['header', 'summary']);
  });
});

describe('dates and experience', () => {
  it('parses the common range formats', () => {
    const text = 'Jan 2019 - Present; 01/2017 to 05/2018; 2012 – 2014; March, 2010 - till date; Aug \'08 - Dec \'09; 2005-03 — 2006-11';
    const ranges = findDateRanges(text);
    expect(ranges.map((r) => [r.fromIso, r.toIso ?? 'present'])).toEqual([
      ['2019-01', 'present'],
      ['2017-01', '2018-05'],
      ['2012', '2014'],
      ['2010-03', 'present'],
      ['2008-08', '2009-12'],
      ['2005-03', '2006-11']
    ]);
  });

  it('merges overlapping intervals when totalling years', () => {
    const ranges = findDateRanges('01/2015 - 12/2016, 06/2016 - 12/2017, 01/2020 - 12/2020');
    // 2015-01..2017-12 = 36 months, plus 12 months in 2020 = 4 years; the 2016 overlap is not double-counted.
    expect(mergedYears(ranges, REF)).toBe(4);
  });

  it('extracts dated work entries with position, company and provenance', () => {
    const r = parseResume(LINE_RESUME, { referenceDate: REF });
    expect(r.work).toHaveLength(2);
    expect(r.work[0]).toMatchObject({ position: 'Senior Data Engineer', name: 'Northwind Analytics Ltd', startDate: '2020-03', current: true });
    expect(r.work[1]).toMatchObject({ position: 'Data Engineer', name: 'Contoso Corp', startDate: '2017-01', endDate: '2020-06' });
    // A description ends where the next entry's header begins.
    expect(r.work[0].summary).toBe('Built Spark and Airflow pipelines on GCP; mentored two engineers.');
    expect(r.work[1].summary).toBe('Wrote ETL in Python and T-SQL.');
    // 2017-01 .. 2024-06 merged: 7.5 years.
    expect(r.totalYearsExperience).toBe(7.5);
    expect(r.statedYearsExperience).toBe(6);
  });
});

describe('parseResume fields', () => {
  const r = parseResume(LINE_RESUME, { referenceDate: REF });

  it('extracts contact fields', () => {
    expect(r.basics.name).toBe('Amara Okafor');
    expect(r.basics.email).toBe('amara.okafor@example.com');
    expect(r.basics.phone).toBe('+44 20 7946 0958');
    expect(r.basics.profiles.map((p) => p.network)).toEqual(['GitHub']);
    expect(r.basics.location?.address).toBe('Leeds, UK');
  });

  it('takes no profile link from the domain of an email address', () => {
    const short = parseResume('Jo Bloggs\njo@x.com | +44 20 7946 0000\nLeeds, UK\n', { referenceDate: REF });
    expect(short.basics.email).toBe('jo@x.com');
    expect(short.basics.profiles).toEqual([]);
    const linked = parseResume('Jo Bloggs\njo@example.com | x.com/jobloggs\n', { referenceDate: REF });
    expect(linked.basics.profiles.map((p) => p.network)).toEqual(['Twitter']);
  });

  it('extracts education with level, area, institution and year', () => {
    expect(r.education).toEqual([
      { studyType: 'Master of Science', degreeLevel: 'master', area: 'Data Science', institution: 'University of Leeds', endDate: '2016' }
    ]);
  });

  it('cuts education values at an unmatched bracket, keeping the side with the field or the institution word', () => {
    const edu = (body: string) => parseResume(`Jane Doe\n\nEDUCATION\n${body}\n`, { referenceDate: REF });
    const cases: Array<[string, { area?: string; institution?: string }]> = [
      // A closing bracket right after the field is kept; a bracketed note cut off by the length cap is dropped.
      ['Master of Business Administration (MBA, Finance), 2012\nIndiana University', { area: 'Administration (MBA, Finance)', institution: 'Indiana University' }],
      ['Bachelor of Science in Business (Entrepreneurship and Small Business Management, minor in International Relations)\nAuburn University, 2014', { area: 'Business', institution: 'Auburn University' }],
      ['MCA, 2008\nSri Venkateswara College (Affiliated to', { institution: 'Sri Venkateswara College' }],
      ['MBA, 2012\nIndiana University (Kelley School', { institution: 'Indiana University' }],
      ['MBA, 2012\nIndiana University) Bloomington', { institution: 'Indiana University' }],
      ['MBA, 2012\nAffiliated) Indiana University', { institution: 'Indiana University' }]
    ];
    for (const [body, want] of cases) {
      const r = edu(body);
      expect(r.education, body).toHaveLength(1);
      expect(r.education[0], body).toMatchObject(want);
      for (const field of ['area', 'institution'] as const) {
        const p = r.provenance.find((x) => x.path === `education[0].${field}`);
        if (want[field]) expect(r.text.slice(p!.start, p!.end), body).toBe(want[field]);
      }
    }
  });

  it('normalises skills through the taxonomy, ambiguous names only in a skills context', () => {
    const skills = new Set(r.skillMentions.map((m) => m.skill));
    for (const s of ['Apache Spark', 'Airflow', 'Google Cloud Platform', 'Python', 'Go', 'R', 'Scala', 'Kubernetes', 'JavaScript', 'PostgreSQL', 'SQL']) {
      expect(skills.has(s), s).toBe(true);
    }
    const prose = parseResume('Summary\nReady to go the extra mile; R&D minded; I swift-ly adapt. Wrote C++ and C# code, ASP.NET sites.\n');
    const proseSkills = new Set(prose.skillMentions.map((m) => m.skill));
    expect(proseSkills.has('Go')).toBe(false);
    expect(proseSkills.has('R')).toBe(false);
    expect(proseSkills.has('C')).toBe(false);
    expect(proseSkills.has('.NET')).toBe(false);
    expect([...proseSkills].sort()).toEqual(['ASP.NET', 'C#', 'C++']);
  });

  it('accepts an ambiguous skill in a list next to an unambiguous one, and a "Skills:" line', () => {
    const text = 'Experience\nBuilt services in Java, Go and Rust.\nEnvironment: C, Linux\n';
    const skills = new Set(parseResume(text).skillMentions.map((m) => m.skill));
    expect(skills).toEqual(new Set(['Java', 'Go', 'Rust', 'C', 'Linux']));
  });

  it('gives every provenance span a text that matches its field', () => {
    for (const p of r.provenance) {
      expect(p.start, p.path).toBeGreaterThanOrEqual(0);
      expect(p.end, p.path).toBeLessThanOrEqual(r.text.length);
      expect(p.end, p.path).toBeGreaterThan(p.start);
      const value = valueAt(r, p.path);
      const spanText = r.text.slice(p.start, p.end);
      if (typeof value !== 'string' || /Date$|keywords/.test(p.path)) continue;
      expect(spanText.replace(/\s+/g, ''), p.path).toBe(value.replace(/\s+/g, ''));
    }
    const start = r.provenance.find((p) => p.path === 'work[0].startDate')!;
    expect(r.text.slice(start.start, start.end)).toBe('March 2020 - Present');
    const skill = r.provenance.find((p) => /^skills\[\d+\]\.keywords\[\d+\]$/.test(p.path) && valueAt(r, p.path) === 'Kubernetes')!;
    expect(r.text.slice(skill.start, skill.end)).toBe('k8s');
    expect(r.certificates).toEqual([{ name: 'AWS Certified Solutions Architect' }]);
  });
});
