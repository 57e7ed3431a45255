/**
 * Candidates repository: the only writer of candidates, files, parses, scores and decisions (stages.repo.ts writes
 * stages; deleting a candidate deletes its stage here).
 *
 * Purpose: commit one ingested file as a candidate (candidate + original Blob + parse + score + batch item
 * status) in ONE transaction, deduplicated per job by sha256 and by normalised text (a re-saved copy), idempotent
 * when a killed batch replays; read
 * the shortlist and a candidate's detail; record the recruiter's decision (through the decision log); delete a
 * candidate and all that derives from it (their decision-log entries are anonymised, not deleted).
 * Non-goals: parsing or scoring (core does it in workers / the scoring service), UI state.
 */
import type { ExtractedText } from '../core/ingest';
import type { ParsedResume } from '../core/resume';
import type { ScoreResult } from '../core/score';
import type { CandidateProfile } from '../core/shortlist';
import {
  getDb,
  type BatchItemRecord,
  type CandidateRecord,
  type DuplicateReason,
  type CandidateStatus,
  type Decision,
  type DecisionRecord,
  type FileRecord,
  type ParseRecord,
  type ScoreRecord,
  type StageRecord
} from './schema';
import { anonymiseEntriesOf, appendDecision, type DecisionContext } from './decision-log.repo';
import { dropSelfIdRow } from './self-id.repo';

/** Everything one processed file produced, ready to persist. */
export interface IngestedCandidate {
  batchItemId: string;
  jobId: string;
  sha256: string;
  file: { blob: Blob; name: string; type: string; size: number };
  extracted: ExtractedText;
  resume: ParsedResume | null;
  parserVersion: string;
  name: string;
  status: CandidateStatus;
  /** `ranker`: the label of the combination it was scored with (rankers.repo rankerLabel; absent: shipped). */
  score?: { result: ScoreResult; blind: boolean; profile?: CandidateProfile; ranker?: string };
  /** SHA-256 of the normalised text (null: too little text to compare). */
  textSha256?: string | null;
  /** Ingest warnings and injection flags shown on the candidate's row. */
  warnings?: string[];
}

/** What committing an ingested file did: a new candidate, or a duplicate of one already stored. */
export type CommitOutcome =
  | { kind: 'created'; candidateId: string; ordinal: number; candidate: CandidateRecord; score: ScoreRecord | undefined }
  | { kind: 'duplicate'; candidateId: string; reason: DuplicateReason; item: BatchItemRecord | undefined };

/**
 * Writes one candidate and everything about it in one transaction. Replaying the same batch item (a tab
 * killed after the commit) or the same file bytes for the same job never creates a second candidate.
 */
export async function commitIngestedCandidate(input: IngestedCandidate): Promise<CommitOutcome> {
  const db = getDb();
  return db.transaction('rw', [db.jobs, db.candidates, db.files, db.parses, db.scores, db.batchItems], async () => {
    const item = await db.batchItems.get(input.batchItemId);
    const sameFile = await db.candidates.where('[jobId+sha256]').equals([input.jobId, input.sha256]).first();
    const sameText = sameFile || !input.textSha256 ? undefined : await db.candidates.where('[jobId+textSha256]').equals([input.jobId, input.textSha256]).first();
    const existing = sameFile ?? sameText;
    if (existing) {
      const reason: DuplicateReason = sameFile ? 'same-file' : 'same-text';
      // A replayed item that already created this candidate stays 'done'.
      const replay = item?.candidateId === existing.id && item.status === 'done';
      if (item) await db.batchItems.update(item.id, replay ? { blob: null } : { status: 'duplicate', candidateId: existing.id, duplicateReason: reason, blob: null });
      return { kind: 'duplicate', candidateId: existing.id, reason, item: item && (await db.batchItems.get(item.id)) };
    }
    const job = await db.jobs.get(input.jobId);
    if (!job) throw new Error(`commitIngestedCandidate: job ${input.jobId} no longer exists; file ${input.file.name} was not stored`);
    const now = Date.now();
    const candidate: CandidateRecord = {
      id: crypto.randomUUID(),
      jobId: input.jobId,
      sha256: input.sha256,
      fileName: input.file.name,
      fileType: input.file.type,
      fileSize: input.file.size,
      ordinal: job.nextOrdinal,
      name: input.name,
      status: input.status,
      ...(input.textSha256 ? { textSha256: input.textSha256 } : {}),
      ...(input.warnings?.length ? { warnings: input.warnings } : {}),
      createdAt: now
    };
    await db.jobs.update(job.id, { nextOrdinal: job.nextOrdinal + 1 });
    await db.candidates.add(candidate);
    await db.files.add({ candidateId: candidate.id, ...input.file });
    await db.parses.add({
      candidateId: candidate.id,
      extracted: input.extracted,
      resume: input.resume,
      parserVersion: input.parserVersion,
      parsedAt: now
    });
    const score: ScoreRecord | undefined = input.score
      ? { candidateId: candidate.id, jobId: input.jobId, result: input.score.result, blind: input.score.blind, ...(input.score.profile ? { profile: input.score.profile } : {}), scoredAt: now, ...(input.score.ranker ? { ranker: input.score.ranker } : {}) }
      : undefined;
    if (score) await db.scores.put(score);
    if (item) await db.batchItems.update(item.id, { status: 'done', candidateId: candidate.id, blob: null });
    return { kind: 'created', candidateId: candidate.id, ordinal: candidate.ordinal, candidate, score };
  });
}

/** A shortlist row: the candidate with its score, decision and pipeline stage (no heavy text). */
export interface CandidateRow {
  candidate: CandidateRecord;
  score: ScoreRecord | undefined;
  decision: DecisionRecord | undefined;
  /** Absent or undefined: never moved, so 'new'. */
  stage?: StageRecord;
}

/** All candidates of a job with score, decision and stage, in insertion order (the UI sorts). */
export async function listCandidateRows(jobId: string): Promise<CandidateRow[]> {
  const db = getDb();
  return db.transaction('r', [db.candidates, db.scores, db.decisions, db.stages], async () => {
    const [candidates, scores, decisions, stages] = await Promise.all([
      db.candidates.where('jobId').equals(jobId).sortBy('createdAt'),
      db.scores.where('jobId').equals(jobId).toArray(),
      db.decisions.where('jobId').equals(jobId).toArray(),
      db.stages.where('jobId').equals(jobId).toArray()
    ]);
    const scoreById = new Map(scores.map((s) => [s.candidateId, s]));
    const decisionById = new Map(decisions.map((d) => [d.candidateId, d]));
    const stageById = new Map(stages.map((s) => [s.candidateId, s]));
    return candidates.map((candidate) => ({
      candidate,
      score: scoreById.get(candidate.id),
      decision: decisionById.get(candidate.id),
      stage: stageById.get(candidate.id)
    }));
  });
}

/** Everything stored about one candidate (for the candidate view and compare). */
export interface CandidateDetail extends CandidateRow {
  file: FileRecord | undefined;
  parse: ParseRecord | undefined;
}

/** One candidate with file, parse, score and decision; undefined when it was deleted. */
export async function getCandidateDetail(candidateId: string): Promise<CandidateDetail | undefined> {
  const db = getDb();
  return db.transaction('r', [db.candidates, db.files, db.parses, db.scores, db.decisions, db.stages], async () => {
    const candidate = await db.candidates.get(candidateId);
    if (!candidate) return undefined;
    const [file, parse, score, decision, stage] = await Promise.all([
      db.files.get(candidateId),
      db.parses.get(candidateId),
      db.scores.get(candidateId),
      db.decisions.get(candidateId),
      db.stages.get(candidateId)
    ]);
    return { candidate, file, parse, score, decision, stage };
  });
}

/** Parses of a job's candidates, `limit` at a time from `offset` (scoring reads them in chunks). */
export async function listParsesForJob(jobId: string, offset = 0, limit = 50): Promise<ParseRecord[]> {
  const db = getDb();
  return db.transaction('r', db.candidates, db.parses, async () => {
    const ids = (await db.candidates.where('jobId').equals(jobId).offset(offset).limit(limit).primaryKeys()) as string[];
    const parses = await db.parses.bulkGet(ids);
    return parses.filter((p): p is ParseRecord => p !== undefined);
  });
}

/** Replaces scores for many candidates in one transaction (after a re-score of the job). */
export async function saveScores(records: ScoreRecord[]): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.scores, () => db.scores.bulkPut(records));
}

/**
 * Records the recruiter's final call (null clears it back to undecided) and appends it to the job's decision log,
 * in one transaction (decision-log.repo appendDecision).
 */
export async function setDecision(input: { candidateId: string; decision: Decision | null; note: string; context: DecisionContext }): Promise<void> {
  const action = input.decision === null ? 'clear' : input.decision === 'selected' ? 'select' : 'reject';
  await appendDecision({ candidateId: input.candidateId, action, note: input.note, context: input.context }, async (candidate, tables) => {
    if (input.decision === null) {
      await tables.decisions.delete(candidate.id);
      return;
    }
    await tables.decisions.put({ candidateId: candidate.id, jobId: candidate.jobId, decision: input.decision, note: input.note, decidedAt: Date.now() });
  });
}

/**
 * Deletes a candidate, its original file and everything derived from it, in one transaction; their decision-log
 * entries stay, without the personal fields (the chain still verifies), and their self-identification row goes.
 */
export async function deleteCandidate(candidateId: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', [db.candidates, db.files, db.parses, db.scores, db.decisions, db.stages, db.batchItems, db.decisionLog, db.selfIdentification], async () => {
    const candidate = await db.candidates.get(candidateId);
    await Promise.all([
      db.stages.delete(candidateId),
      db.files.delete(candidateId),
      db.parses.delete(candidateId),
      db.scores.delete(candidateId),
      db.decisions.delete(candidateId),
      db.candidates.delete(candidateId),
      db.batchItems.filter((item) => item.candidateId === candidateId).delete(),
      anonymiseEntriesOf(db, [candidateId]),
      candidate ? dropSelfIdRow(db, candidate.jobId, candidateId) : undefined
    ]);
  });
}
