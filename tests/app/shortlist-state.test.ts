/**
 * The job screen's shortlist state (state/shortlist.svelte.ts) on rows scored by the real scorer with their row
 * profiles: search by skill or any word finds the rows whose masked text or skills mention it; in blind mode a
 * name, e-mail or city finds nothing (outside it the name does); stage filter and counts follow moves; must-have
 * chips carry the score's verdicts. Also the evidence picked on the candidate screen (state/score-view).
 */
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../src/lib/core/job';
import { parseResume } from '../../src/lib/core/resume';
import { scoreCandidate } from '../../src/lib/core/score';
import { candidateProfile } from '../../src/lib/core/shortlist';
import type { CandidateRow, JobRecord, StageRecord } from '../../src/lib/db';
import { ShortlistState } from '../../src/lib/state/shortlist.svelte';
import { focusedEvidence } from '../../src/lib/state/score-view';

const description = 'Requirements:\n- 3+ years of experience in data engineering\n- Python and SQL\n\nNice to have:\n- Kafka';
const job = parseJob({ title: 'Data Engineer', description });
const jobRecord: JobRecord = { id: 'job', title: 'Data Engineer', description, job, nextOrdinal: 4, createdAt: 1, updatedAt: 1 };

const PEOPLE = [
  { name: 'Priya Raman', email: 'priya.raman@example.com', city: 'Bengaluru, Karnataka 560001', body: 'Data Engineer, Acme — 2018 to 2024\n- Built Spark and Python pipelines, SQL warehouse' },
  { name: 'Tomasz Nowak', email: 'tomasz.nowak@example.com', city: 'Springfield, IL 62704', body: 'Data Engineer, Globex — 2019 to 2024\n- Python, SQL and Kafka streaming' },
  { name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com', city: 'Portland, OR 97201', body: 'Pastry Chef, Bakery — 2015 to 2024\n- Laminated doughs and spark of creativity' }
];

function rows(): CandidateRow[] {
  return PEOPLE.map((p, i) => {
    const resume = parseResume(`${p.name}\n${p.email} | ${p.city}\n\nExperience\n${p.body}\n`, { referenceDate: new Date('2024-12-01') });
    return {
      candidate: { id: `c${i}`, jobId: 'job', sha256: `s${i}`, fileName: `${p.name.replace(' ', '_')}.pdf`, fileType: 'application/pdf', fileSize: 2048, ordinal: i + 1, name: p.name, status: 'parsed', createdAt: i },
      score: { candidateId: `c${i}`, jobId: 'job', result: scoreCandidate(job, resume), profile: candidateProfile(job, resume), blind: true, scoredAt: 1 },
      decision: undefined
    };
  });
}

function state(blind: boolean): ShortlistState {
  const s = new ShortlistState('job');
  s.job = jobRecord;
  s.rows = rows();
  s.blind = blind;
  return s;
}

const labels = (s: ShortlistState) => s.visible.map((e) => e.label).sort();

describe('shortlist search in blind mode', () => {
  it('finds rows by skill or word of the masked text, every word required', () => {
    const s = state(true);
    s.search = 'spark';
    expect(labels(s)).toEqual(['Candidate #1', 'Candidate #3']);
    s.search = 'kafka';
    expect(labels(s)).toEqual(['Candidate #2']);
    s.search = 'spark python';
    expect(labels(s)).toEqual(['Candidate #1']);
    s.search = '';
    expect(s.visible).toHaveLength(3);
  });

  it('never matches a name, e-mail, city, region or file name', () => {
    const s = state(true);
    for (const secret of ['Priya', 'nowak', 'example.com', 'Springfield', 'Karnataka', 'Bengaluru', 'Portland', '.pdf', 'Tomasz_Nowak']) {
      s.search = secret;
      expect(s.visible, secret).toHaveLength(0);
    }
  });

  it('outside blind mode the name and file name are searchable', () => {
    const s = state(false);
    s.search = 'Priya';
    expect(labels(s)).toEqual(['Priya Raman']);
    s.search = 'Tomasz_Nowak.pdf';
    expect(labels(s)).toEqual(['Tomasz Nowak']);
  });
});

describe('row fields, stages and chips', () => {
  it('shows the latest relevant title and relevant years from the masked resume', () => {
    const s = state(true);
    const byLabel = new Map(s.ranked.map((e) => [e.label, e]));
    expect(byLabel.get('Candidate #1')?.profile).toMatchObject({ title: 'Data Engineer', titleRelevant: true });
    expect(byLabel.get('Candidate #1')?.profile?.relevantYears).toBeGreaterThan(5);
    expect(byLabel.get('Candidate #3')?.profile).toMatchObject({ titleRelevant: false, relevantYears: null });
  });

  it('carries the must-haves verdicts as chips, in job order', () => {
    const s = state(true);
    const musts = job.requirements.filter((r) => r.priority === 'must');
    for (const e of s.ranked) {
      expect(e.mustChips.map((c) => c.id)).toEqual(musts.map((r) => r.id));
      const verdicts = new Map(e.row.score!.result.requirements.map((r) => [r.requirementId, r.met]));
      expect(e.mustChips.map((c) => c.met)).toEqual(musts.map((r) => verdicts.get(r.id)));
      expect(e.mustChips.filter((c) => c.met === 'yes')).toHaveLength(e.mustMet);
    }
  });

  it('counts candidates per stage and filters by stage as moves arrive', () => {
    const s = state(true);
    expect(s.stageCounts).toEqual({ new: 3, shortlisted: 0, interview: 0, offer: 0, rejected: 0 });
    const move = (id: string, stage: StageRecord['stage']): StageRecord => ({ candidateId: id, jobId: 'job', stage, note: '', movedAt: 1, history: [{ stage, note: '', at: 1 }] });
    s.patchStage(move('c0', 'interview'));
    s.patchStage(move('c2', 'rejected'));
    expect(s.stageCounts).toEqual({ new: 1, shortlisted: 0, interview: 1, offer: 0, rejected: 1 });
    s.stageFilter = 'interview';
    expect(labels(s)).toEqual(['Candidate #1']);
    s.stageFilter = 'all';
    expect(s.visible).toHaveLength(3);
  });
});

describe('evidence picked on the candidate screen', () => {
  it('gives a requirement its own spans, a breakdown part those of its requirements or signal, in resume order', () => {
    const [row] = rows();
    const result = row.score!.result;
    const python = job.requirements.find((r) => /python/i.test(r.label))!;
    const own = result.requirements.find((r) => r.requirementId === python.id)!.evidence;
    expect(own.length).toBeGreaterThan(0);
    const picked = focusedEvidence(result, job, { kind: 'requirement', id: python.id, label: python.label });
    expect(picked.map((e) => e.span)).toEqual([...own].sort((a, b) => a.span.start - b.span.start).map((e) => e.span));
    const must = focusedEvidence(result, job, { kind: 'signal', id: 'must', label: 'Must-haves' });
    expect(must.length).toBeGreaterThanOrEqual(picked.length);
    expect(must.map((e) => e.span.start)).toEqual([...must.map((e) => e.span.start)].sort((a, b) => a - b));
    const role = focusedEvidence(result, job, { kind: 'signal', id: 'role', label: 'Role match' });
    expect(role.length).toBeGreaterThan(0);
    expect(role.every((e) => e.signalId === 'role')).toBe(true);
    expect(focusedEvidence(result, job, null)).toEqual([]);
  });
});
