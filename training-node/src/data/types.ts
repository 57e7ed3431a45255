/**
 * Types of training-node's data side: raw rows as read, the cleaned record every stage passes along, the
 * training formats written (TRL `messages`, instruction/input/output, DPO, sentence-transformers columns)
 * and the audit metadata. Pure types; no logic.
 *
 * Non-goals: file I/O (src/cli), the trainer's tensors (src/train).
 *
 * Shape legend: `line` is the 1-based line where a row starts in its source file; `split` is one of
 * train | val | test; hashes are lowercase hex SHA-256 of the dedupe-normalised text.
 */

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

export type Decision = 'select' | 'reject';

/** One row as read from CSV/JSON/JSONL: field name → raw value, plus where it came from. */
export interface SourceRow {
  file: string;
  line: number;
  fields: Record<string, unknown>;
}

/** Which source field feeds which record field (a dotted path reaches into nested JSON: `meta.id`). */
export interface ColumnMap {
  id?: string;
  candidate?: string;
  role?: string;
  jobDescription?: string;
  resume?: string;
  resumePath?: string;
  transcript?: string;
  label?: string;
  decision?: string;
  reasoning?: string;
  /** A JSON object column `{skill: 0..5}`, or a prefix such as `score_` collecting `score_python` etc. */
  scores?: string;
  /** Matcher relevance 0..1 (pairs). */
  relevance?: string;
}

/** Per-skill scores on the app's 0–5 scale. */
export type SkillScores = Record<string, number>;

/** A row mapped to record fields, before cleaning. */
export interface RawRecord {
  source: { file: string; line: number; resumeFile?: string };
  id: string;
  candidate?: string;
  role?: string;
  jobDescription?: string;
  resume: string;
  transcript?: string;
  label?: string;
  decision?: Decision;
  reasoning?: string;
  scores?: SkillScores;
  /** Matcher relevance of resume to job description, 0..1 (pairs input). */
  relevance?: number;
  /** The row says it is synthetic (a `synthetic` field that is true); carried into every output's metadata. */
  synthetic?: boolean;
}

/** A cleaned record: masked, hashed, clustered and (later) assigned a split. */
export interface CleanRecord extends RawRecord {
  /** SHA-256 of the dedupe-normalised resume text (exact-duplicate key). */
  hash: string;
  /** Union-find component: candidate id, exact and near duplicates share one; the split unit. */
  group: string;
  /** Near-duplicate cluster id (the smallest record index in the cluster). */
  nearDupCluster: number;
  mojibakeRepaired: number;
  htmlStripped: boolean;
  piiMasks: Record<string, number>;
  split?: SplitName;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Audit metadata carried on every training record. */
export interface RecordMetadata {
  id: string;
  source: string;
  line?: number;
  hash: string;
  group: string;
  label?: string;
  split: SplitName;
  synthetic: boolean;
  /** Where the target came from: a recruiter decision, skill scores, or derived from the category. */
  target: 'decision' | 'scores' | 'category-match' | 'feedback' | 'correction' | 'ranking';
}

/** TRL conversational SFT row. */
export interface ChatSftRecord {
  messages: ChatMessage[];
  metadata: RecordMetadata;
}

/** Alpaca-style SFT row. */
export interface InstructionSftRecord {
  instruction: string;
  input: string;
  output: string;
  metadata: RecordMetadata;
}

/** TRL DPO row, conversational form: prompt = system+user turns, chosen/rejected = one assistant turn each. */
export interface PreferenceRecord {
  prompt: ChatMessage[] | string;
  chosen: ChatMessage[] | string;
  rejected: ChatMessage[] | string;
  metadata: RecordMetadata;
}

/** sentence-transformers (anchor, positive, negative) triplet. */
export interface TripletRecord {
  anchor: string;
  positive: string;
  negative: string;
  metadata: { split: SplitName; label: string; synthetic: boolean; positiveHash: string; negativeHash: string; positiveChunk?: number; negativeChunk?: number };
}

/** sentence-transformers (sentence1, sentence2, score) pair; score in 0..1. */
export interface ScoredPairRecord {
  sentence1: string;
  sentence2: string;
  score: number;
  metadata: { split: SplitName; label?: string; synthetic: boolean; hash: string; kind: 'positive' | 'negative' | 'labelled'; chunk?: number }; // chunk: index in chunkText(resume)
}

/** training_metadata.jsonl: one line per source document used. */
export interface DocumentAuditRow {
  sourceFile: string;
  line?: number;
  hash: string;
  label?: string;
  split: SplitName;
  group: string;
  synthetic: boolean;
}

/** A problem with one row or file, kept in the report; the message names the file and line. */
export interface RowIssue {
  file: string;
  line?: number;
  code: string;
  message: string;
}

/** Progress events the CLI renders on stderr. */
export type DataProgress =
  | { status: 'stage'; stage: string }
  | { status: 'progress'; stage: string; done: number; total: number };

export type ProgressCallback = (event: DataProgress) => void;
