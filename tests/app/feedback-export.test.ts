/**
 * Feedback export mapping: stored records of one job (candidates, parses, scores, decisions) → a
 * `shortlist.feedback/v1` file that validates against the schema and that training-node's import reads
 * back with the recruiter's decisions. Blind mode must not leak names or emails, not even from notes.
 */
import { describe, expect, it } from 'vitest';
import { validateFeedbackExport } from '../../src/lib/core/feedback';
import { parseJob } from '../../src/lib/core/job';
import { parseResume } from '../../src/lib/core/resume';
import { scoreCandidate } from '../../src/lib/core/score';
import type { CandidateRecord, DecisionRecord, ParseRecord, ScoreRecord } from '../../src/lib/db';
import { DEFAULT_SCORER_ID, feedbackExportText, feedbackItemsFromRecords, type DecidedCandidate } from '../../src/lib/services/feedback.service';
import { feedbackSplits, feedbackToSft, finalAssessment } from '../../training-node/src/data/feedback';

const description = 'Requirements:\n- Python\n- SQL\n- 3+ years of experience\nNice to have:\n- Tableau';
const job = { id: 'job-1', title: 'Data Analyst', description, job: parseJob({ title: 'Data Analyst', description }) };

const people = [
  { name: 'Jane Roe', email: 'jane.roe@example.com', body: 'SKILLS\nPython, SQL, Excel\nEXPERIENCE\nData Analyst 2016 - 2023 at Acme, built SQL reports', decision: 'selected' as const, note: 'Strong SQL. Call Jane Roe at jane.roe@example.com' },
  { name: 'John Poe', email: 'john.poe@example.org', body: 'SUMMARY\nChef with menu planning\nEXPERIENCE\nChef 2010 - 2020', decision: 'rejected' as const, note: '' },
  { name: 'Ann Lee', email: 'ann.lee@example.net', body: 'SKILLS\nTableau, Python\nEXPERIENCE\nAnalyst 2021 - 2022', decision: null, note: '' }
];

function records(blindScore: boolean): DecidedCandidate[] {
  const decided: DecidedCandidate[] = [];
  people.forEach((p, i) => {
    const text = `${p.name}\n${p.email}\n${p.body}`;
    const resume = parseResume(text);
    const candidate: CandidateRecord = { id: `cand-${i}`, jobId: job.id, sha256: `h${i}`, fileName: `${p.name}.pdf`, fileType: 'application/pdf', fileSize: 100, ordinal: i + 1, name: p.name, status: 'parsed', createdAt: 1_700_000_000_000 };
    const parse: ParseRecord = { candidateId: candidate.id, extracted: { text } as ParseRecord['extracted'], resume, parserVersion: 'test', parsedAt: 1 };
    const score: ScoreRecord = { candidateId: candidate.id, jobId: job.id, result: scoreCandidate(job.job, resume, { blind: blindScore }), blind: blindScore, scoredAt: 1 };
    if (!p.decision) return; // undecided candidates are not collected by the service
    const decision: DecisionRecord = { candidateId: candidate.id, jobId: job.id, decision: p.decision, note: p.note, decidedAt: Date.UTC(2026, 0, 2 + i) };
    decided.push({ candidate, parse, score, decision });
  });
  return decided;
}

describe('feedback export from DB records', () => {
  it.each([false, true])('validates against shortlist.feedback/v1 and keeps decisions, notes and scorer output (blind=%s)', (blind) => {
    const items = feedbackItemsFromRecords(job, records(blind), { blind });
    expect(items.map((i) => [i.candidateId, i.recruiter.decision])).toEqual([
      ['cand-0', 'select'],
      ['cand-1', 'reject']
    ]);
    const parsed = JSON.parse(feedbackExportText(items, '0.1.0', new Date('2026-02-01T00:00:00Z')));
    const checked = validateFeedbackExport(parsed, 'test export');
    expect(checked.ok).toBe(true);
    const [jane, john] = parsed.items;
    expect(jane.masked).toBe(blind);
    expect(jane.recruiter.note).toMatch(/Strong SQL/);
    expect(john.recruiter.note).toBeUndefined();
    expect(jane.createdAt).toBe('2026-01-02T00:00:00.000Z');
    expect(jane.job.requirements.map((r: { id: string }) => r.id)).toEqual(job.job.requirements.map((r) => r.id));
    expect(jane.model.modelId).toBe(DEFAULT_SCORER_ID);
    expect(jane.model.reasoning).toMatch(/^Score \d+\.\d\/100/);
    const scoreValues = Object.values(jane.model.scores as Record<string, number>);
    expect(scoreValues.length).toBeGreaterThan(0);
    expect(scoreValues.every((v) => v === 0 || v === 3 || v === 5)).toBe(true);
    // Jane lists Python and SQL (must-haves); John lists neither.
    expect(jane.model.scores['skill:python']).toBe(5);
    expect(john.model.scores['skill:python'] ?? 0).toBe(0);
  });

  it('blind mode: no candidate name or email anywhere in the file, resume or note', () => {
    const body = feedbackExportText(feedbackItemsFromRecords(job, records(false), { blind: true }));
    for (const p of people) {
      expect(body).not.toContain(p.name);
      expect(body).not.toContain(p.email);
    }
    expect(body).toContain('Python'); // the resume content itself is kept
  });

  it('non-blind mode keeps the text as scored and says it is not masked', () => {
    const [jane] = feedbackItemsFromRecords(job, records(false), { blind: false });
    expect(jane.masked).toBe(false);
    expect(jane.resumeText).toContain('jane.roe@example.com');
  });

  it('leaves out decided candidates without text (image-only scans)', () => {
    const decided = records(false);
    decided[1] = { ...decided[1], parse: { ...decided[1].parse!, resume: null } };
    expect(feedbackItemsFromRecords(job, decided, { blind: false }).map((i) => i.candidateId)).toEqual(['cand-0']);
  });

  it('is read back by training-node import-feedback with the recruiter decision as the target', async () => {
    const exported = JSON.parse(feedbackExportText(feedbackItemsFromRecords(job, records(true), { blind: true })));
    expect(exported.items.map((i: Parameters<typeof finalAssessment>[0]) => finalAssessment(i).decision)).toEqual(['select', 'reject']);
    const splits = feedbackSplits(exported, 1);
    const { records: sft } = await feedbackToSft(exported, 'feedback.json', splits, { mask: true, synthetic: false });
    expect(sft.length).toBeGreaterThanOrEqual(2);
    const targets = sft.map((r) => r.messages[r.messages.length - 1].content).join('\n');
    expect(targets).toContain('"status":"select"');
    expect(targets).toContain('"status":"reject"');
  });
});
