/**
 * Location in blind mode across the app's pure parts: the stored setting (none / country / region), the
 * parsed-profile view, the CSV/JSON export rows and the feedback export. In blind mode none of them may show
 * more of a candidate's address than the chosen level; the feedback file (resume text as scored) none of it.
 */
import { describe, expect, it } from 'vitest';
import { candidateLocation, locationLabel, type LocationLevel } from '../../src/lib/core/mask/location';
import { parseJob } from '../../src/lib/core/job';
import { parseResume, type ParsedResume } from '../../src/lib/core/resume';
import { scoreCandidate } from '../../src/lib/core/score';
import type { CandidateRecord, DecisionRecord, ParseRecord, ScoreRecord } from '../../src/lib/db';
import { toExportRows } from '../../src/lib/services/candidates.service';
import { feedbackExportText, feedbackItemsFromRecords, type DecidedCandidate } from '../../src/lib/services/feedback.service';
import { resumeView } from '../../src/lib/state/resume-view';
import { parseStoredSettings } from '../../src/lib/state/settings.svelte';
import type { ShortlistEntry } from '../../src/lib/state/shortlist.svelte';

const PEOPLE = [
  { name: 'Priya Raman', address: 'Flat No. 302, Sai Residency, MG Road, Bengaluru, Karnataka 560001', street: 'MG Road', postcode: '560001', region: 'Karnataka', country: 'India' },
  { name: 'Jürgen Schröder', address: 'Hauptstraße 12, 10115 Berlin, Germany', street: 'Hauptstraße', postcode: '10115', region: 'Berlin', country: 'Germany' },
  { name: 'Emily Whitfield', address: '742 Evergreen Terrace, Springfield, IL 62704', street: 'Evergreen Terrace', postcode: '62704', region: 'Illinois', country: 'United States' }
];
const resumes: ParsedResume[] = PEOPLE.map((p) => parseResume(`${p.name}\n${p.address}\n+44 20 7946 0018\n\nSKILLS\nPython, SQL, Tableau\n\nEXPERIENCE\nData Analyst 2016 - 2023\n`));

describe('stored settings', () => {
  it('defaults to blind mode with the location hidden, keeps a valid level and drops an unknown one', () => {
    expect(parseStoredSettings(null)).toEqual({ blind: true, locationLevel: 'none', refitAfter: 100, adaptSteps: 40 });
    expect(parseStoredSettings('{"blind":false}')).toEqual({ blind: false, locationLevel: 'none', refitAfter: 100, adaptSteps: 40 });
    expect(parseStoredSettings('{"blind":true,"locationLevel":"region"}')).toEqual({ blind: true, locationLevel: 'region', refitAfter: 100, adaptSteps: 40 });
    expect(parseStoredSettings('{"locationLevel":"street"}').locationLevel).toBe('none');
    expect(parseStoredSettings('not json')).toEqual({ blind: true, locationLevel: 'none', refitAfter: 100, adaptSteps: 40 });
  });
});

describe('parsed-profile view and export rows', () => {
  it.each(['none', 'country', 'region'] as const)('blind mode at level %s shows at most that level', (level: LocationLevel) => {
    resumes.forEach((resume, i) => {
      const shown = locationLabel(resumeView(resume).location, { blind: true, level });
      const p = PEOPLE[i];
      for (const secret of [p.street, p.postcode]) expect(shown).not.toContain(secret);
      expect(shown).toBe(level === 'none' ? '' : level === 'country' ? p.country : `${p.region}, ${p.country}`);
    });
  });

  it('outside blind mode shows the address as written', () => {
    resumes.forEach((resume, i) => expect(locationLabel(resumeView(resume).location, { blind: false, level: 'none' })).toContain(PEOPLE[i].street));
  });

  it('puts the location column in the export rows, through the same label', () => {
    const entries = resumes.map((_, i) => ({
      row: { candidate: { id: `c${i}`, status: 'parsed' }, score: undefined, decision: undefined },
      label: `Candidate #${i + 1}`,
      fileLabel: 'PDF · 1 KB',
      score: 50,
      mustMet: 0,
      mustTotal: 0
    })) as unknown as ShortlistEntry[];
    const rankOf = new Map(entries.map((e, i) => [e.row.candidate.id, i + 1]));
    const byId = new Map(resumes.map((r, i) => [`c${i}`, candidateLocation(r)]));
    const rows = toExportRows(entries, rankOf, (id) => locationLabel(byId.get(id)!, { blind: true, level: 'country' }));
    expect(rows.map((r) => r.location)).toEqual(PEOPLE.map((p) => p.country));
    expect(toExportRows(entries, rankOf).map((r) => r.location)).toEqual(['', '', '']);
  });
});

describe('feedback export in blind mode', () => {
  it('holds no street, house number or postcode of any candidate', () => {
    const description = 'Requirements:\n- Python\n- SQL';
    const job = { id: 'job-1', title: 'Data Analyst', description, job: parseJob({ title: 'Data Analyst', description }) };
    const decided: DecidedCandidate[] = resumes.map((resume, i) => {
      const candidate = { id: `c${i}`, jobId: job.id, sha256: `h${i}`, fileName: 'cv.pdf', fileType: 'application/pdf', fileSize: 1, ordinal: i + 1, name: PEOPLE[i].name, status: 'parsed', createdAt: 1 } as CandidateRecord;
      const parse = { candidateId: candidate.id, extracted: { text: resume.text } as ParseRecord['extracted'], resume, parserVersion: 'test', parsedAt: 1 } as ParseRecord;
      const score: ScoreRecord = { candidateId: candidate.id, jobId: job.id, result: scoreCandidate(job.job, resume, { blind: true }), blind: true, scoredAt: 1 };
      const decision: DecisionRecord = { candidateId: candidate.id, jobId: job.id, decision: 'selected', note: `Lives at ${PEOPLE[i].address}`, decidedAt: 1 };
      return { candidate, parse, score, decision };
    });
    const body = feedbackExportText(feedbackItemsFromRecords(job, decided, { blind: true }));
    for (const p of PEOPLE) for (const secret of [p.name, p.street, p.postcode]) expect(body, secret).not.toContain(secret);
    expect(body).toContain('Python, SQL, Tableau');
  });
});
