/**
 * Dexie schema for the recruiter's on-device store, with its versioned migration path.
 *
 * Purpose: declare every IndexedDB table, its keys and indexes, and how older databases upgrade.
 * Non-goals: no business rules (see repo files), no reads/writes outside repositories; components never
 * import this file.
 *
 * Tables (primary key first; `&` unique, `[a+b]` compound index):
 *   jobs        id            a job: title, description, editable parsed requirements
 *   candidates  id            one file screened for one job; unique per (jobId, sha256); [jobId+textSha256]
 *                             finds the same resume re-saved with other bytes
 *   files       candidateId   the ORIGINAL file as a Blob, kept so it can be re-parsed later
 *   parses      candidateId   extracted text + ParsedResume + parser version
 *   scores      candidateId   ScoreResult for the candidate against its job
 *   decisions   candidateId   the recruiter's select/reject override with a note
 *   stages      candidateId   where the candidate stands in the pipeline (new … offer, rejected) with a note and
 *                             the dated history of moves
 *   batches     id            an ingest batch: the names of all its files (written before any file is stored,
 *                             so files lost to a closed page are named afterwards); items hold per-file state
 *   batchItems  id            one queued file of a batch, with its Blob until it is processed
 *   decisionLog [jobId+seq]   append-only, hash-chained log of every decision (core/decision-log); a deleted
 *                             candidate's entries lose their personal fields (indexed as personal.candidateId)
 *   selfIdentification jobId  the employer's imported self-identification data (sex, race/ethnicity) for one
 *                             job's bias audit: apart from resumes, never read by scoring or models
 *   rankers     family        a job family's re-fitted score combination (learned from the recruiter's
 *                             decisions): the one in use and the ones before it, for revert
 *
 * Versions: 1 = initial schema. 2 = `jobs.updatedAt` index (jobs list sorted by last change) and
 * `batchItems.[jobId+status]` (resume a killed batch per job); its upgrade backfills `updatedAt`.
 * 3 = `candidates.[jobId+textSha256]` (dedupe by normalised text); candidates stored before it have no text key
 * and are only matched by bytes.
 * 4 = `decisionLog` and `selfIdentification` (new tables, nothing to migrate); `stages` (the candidate pipeline); a
 * candidate with no stage record is 'new'. Score records may also carry a `profile` (no index, no migration: a
 * score stored without one is recomputed when its job is opened); `rankers` (per-family re-fitted
 * combination) and an optional `ranker` version on scores (absent: the shipped ranker).
 */
import Dexie, { type EntityTable } from 'dexie';
import type { ExtractedText } from '../core/ingest';
import type { ParsedResume } from '../core/resume';
import type { Job } from '../core/job';
import type { RankerWeights, ScoreResult } from '../core/score';
import type { Agreement } from '../core/refit';
import type { DecisionLogEntry } from '../core/decision-log';
import type { SelfIdRow } from '../core/audit/self-id';
import type { CandidateProfile, Stage } from '../core/shortlist';

/** A job the recruiter screens for. `job` is the parsed, recruiter-editable form (requirements, weights). */
export interface JobRecord {
  id: string;
  title: string;
  description: string;
  job: Job;
  /** Next "Candidate #N" number handed out for this job (blind display name). */
  nextOrdinal: number;
  createdAt: number;
  updatedAt: number;
}

export type CandidateStatus = 'parsed' | 'image-only' | 'error';

/** One file screened for one job. Error rows are kept so the recruiter sees what failed and why. */
export interface CandidateRecord {
  id: string;
  jobId: string;
  sha256: string;
  fileName: string;
  fileType: string;
  fileSize: number;
  /** Blind display number: shown as "Candidate #ordinal". */
  ordinal: number;
  /** Parsed name (never shown in blind mode). */
  name: string;
  status: CandidateStatus;
  error?: string;
  /** SHA-256 of the normalised text (core/text/dedupe-key); absent when too little text or stored before v3. */
  textSha256?: string;
  /** What ingestion noticed (pages skipped, name/content mismatch, hidden text, owner password, injection). */
  warnings?: string[];
  createdAt: number;
}

export interface FileRecord {
  candidateId: string;
  blob: Blob;
  name: string;
  type: string;
  size: number;
}

export interface ParseRecord {
  candidateId: string;
  extracted: ExtractedText;
  resume: ParsedResume | null;
  parserVersion: string;
  parsedAt: number;
}

export interface ScoreRecord {
  candidateId: string;
  jobId: string;
  result: ScoreResult;
  /** Whether the scorer saw masked text: always true now (scoring.service SCORE_ON_MASKED_TEXT); false marks an old record to re-score. */
  blind: boolean;
  /** The shortlist row's blind-safe profile for this job (core/shortlist/profile); absent on older records. */
  profile?: CandidateProfile;
  scoredAt: number;
  /** The combination the score was computed with: RANKER_SHIPPED when absent, else "<family>#<version>" (rankers table). */
  ranker?: string;
}

export type Decision = 'selected' | 'rejected';

export interface DecisionRecord {
  candidateId: string;
  jobId: string;
  decision: Decision;
  note: string;
  decidedAt: number;
}

/** One move in the pipeline: to which stage, when, and the recruiter's note. */
export interface StageMove {
  stage: Stage;
  note: string;
  at: number;
}

/** Where a candidate stands in the pipeline: the current stage (its note and date) and every move, oldest first. */
export interface StageRecord {
  candidateId: string;
  jobId: string;
  stage: Stage;
  note: string;
  movedAt: number;
  history: StageMove[];
}

export interface BatchRecord {
  id: string;
  jobId: string;
  total: number;
  /** Every file's name in drop order (item `seq` indexes it); absent on batches stored before v3. */
  fileNames?: string[];
  /** False while its files are still being stored; a batch left false by a closed page names its lost files. */
  stored?: boolean;
  createdAt: number;
}

export type BatchItemStatus = 'queued' | 'done' | 'duplicate' | 'error';

/** Why a file was skipped as a duplicate: identical bytes, or the same text in other bytes (a re-saved copy). */
export type DuplicateReason = 'same-file' | 'same-text';

/** One file of a batch. `blob` is dropped once processed (the candidate's `files` row keeps it). */
export interface BatchItemRecord {
  id: string;
  batchId: string;
  jobId: string;
  seq: number;
  fileName: string;
  size: number;
  blob: Blob | null;
  status: BatchItemStatus;
  candidateId?: string;
  /** With status 'duplicate': why (candidateId is the candidate it duplicates). */
  duplicateReason?: DuplicateReason;
  error?: string;
}

/** One job's imported self-identification data (rows matched to its candidates). */
export interface SelfIdRecord {
  jobId: string;
  /** The imported file's name (shown with the data, and in errors). */
  fileName: string;
  importedAt: number;
  rows: SelfIdRow[];
}

export type { DecisionLogEntry };
/** A re-fitted combination as applied to a family: what it was fitted on and how it did on held-out decisions. */
export interface AppliedRanker {
  /** 1, 2, … per family; scores computed with it carry "<family>#<version>". */
  version: number;
  ranker: RankerWeights;
  fittedAt: number;
  /** Decisions it was fitted and judged on (training + held out). */
  decisions: number;
  before: Agreement;
  after: Agreement;
}

/** One job family's ranker state: the applied re-fit (null: the shipped ranker) and the ones it replaced. */
export interface FamilyRankerRecord {
  family: string;
  current: AppliedRanker | null;
  /** Rankers in use before `current`, oldest first (null: the shipped ranker); revert pops the last one. */
  history: Array<AppliedRanker | null>;
  /** The family's decision count when it was last re-fitted (the offer to re-fit comes N decisions later). */
  decisionsAtLastFit: number;
  nextVersion: number;
  updatedAt: number;
}

export const DB_NAME = 'shortlist';

/** Schema of version 1 (kept verbatim: Dexie replays versions to upgrade old databases). */
export const SCHEMA_V1 = {
  jobs: 'id, createdAt',
  candidates: 'id, jobId, &[jobId+sha256], createdAt',
  files: 'candidateId',
  parses: 'candidateId',
  scores: 'candidateId, jobId',
  decisions: 'candidateId, jobId',
  batches: 'id, jobId',
  batchItems: 'id, batchId, jobId, status'
} as const;

/** Version 2 changes: jobs sorted by `updatedAt`; queued items looked up per job. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  jobs: 'id, createdAt, updatedAt',
  batchItems: 'id, batchId, jobId, status, [jobId+status]'
} as const;

/** Version 3 changes: candidates found by normalised text within a job. */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  candidates: 'id, jobId, &[jobId+sha256], [jobId+textSha256], createdAt'
} as const;

/** Version 4 changes: the decision log and the self-identification data, each in its own table; the pipeline's stages; per-family re-fitted rankers. */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  decisionLog: '[jobId+seq], jobId, personal.candidateId',
  selfIdentification: 'jobId',
  stages: 'candidateId, jobId',
  rankers: 'family'
} as const;

export class ShortlistDb extends Dexie {
  jobs!: EntityTable<JobRecord, 'id'>;
  candidates!: EntityTable<CandidateRecord, 'id'>;
  files!: EntityTable<FileRecord, 'candidateId'>;
  parses!: EntityTable<ParseRecord, 'candidateId'>;
  scores!: EntityTable<ScoreRecord, 'candidateId'>;
  decisions!: EntityTable<DecisionRecord, 'candidateId'>;
  stages!: EntityTable<StageRecord, 'candidateId'>;
  batches!: EntityTable<BatchRecord, 'id'>;
  batchItems!: EntityTable<BatchItemRecord, 'id'>;
  decisionLog!: Dexie.Table<DecisionLogEntry, [string, number]>;
  selfIdentification!: EntityTable<SelfIdRecord, 'jobId'>;
  rankers!: EntityTable<FamilyRankerRecord, 'family'>;

  /** Opens (lazily) the database `name`; `upTo` limits the declared versions (tests open v1 to migrate). */
  constructor(name = DB_NAME, options: { upTo?: 1 | 2 | 3 | 4; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
    super(name, options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : undefined);
    const upTo = options.upTo ?? 4;
    this.version(1).stores(SCHEMA_V1);
    if (upTo >= 2) {
      this.version(2)
        .stores(SCHEMA_V2)
        .upgrade(async (tx) => {
          // v1 jobs had no `updatedAt`; their last change is their creation.
          await tx
            .table<JobRecord>('jobs')
            .toCollection()
            .modify((job) => {
              if (typeof job.updatedAt !== 'number') job.updatedAt = job.createdAt;
            });
        });
    }
    if (upTo >= 3) this.version(3).stores(SCHEMA_V3);
    if (upTo >= 4) this.version(4).stores(SCHEMA_V4);
  }
}

let shared: ShortlistDb | null = null;

/** The app's single database connection (created on first use). */
export function getDb(): ShortlistDb {
  shared ??= new ShortlistDb();
  return shared;
}

/** Replaces the shared connection (tests use a fresh fake-indexeddb database per case). */
export function setDb(db: ShortlistDb | null): void {
  shared = db;
}
