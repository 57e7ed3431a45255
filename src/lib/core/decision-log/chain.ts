/**
 * The decision log's hash chain: every recruiter decision (select, reject, clear, stage change, override of a
 * recommendation) as an append-only entry whose SHA-256 (Web Crypto, crypto.subtle) covers the previous entry's
 * hash, so editing, removing or reordering an entry breaks the chain from that entry on.
 * Purpose: build entries, verify a chain (naming the first broken entry), anonymise an entry without breaking it,
 * and write the log as JSON or CSV.
 * Non-goals: storage and concurrency (src/lib/db/decision-log.repo.ts), what the screens show. A chain cannot show
 * that its LAST entries were cut off (there is no later entry to break); exports carry the head hash to compare.
 *
 * Shape legend: the hashed payload is the non-personal facts plus `commitment` = SHA-256 of the personal fields
 * (candidate id, note) and a random per-entry salt. Deleting a candidate drops `personal` (salt included) but keeps
 * the commitment, so the chain still verifies and the deleted fields can no longer be guessed and checked against
 * it. Hashes are lowercase hex; `at` is ISO 8601 UTC; canonical JSON sorts object keys.
 */
import { sha256HexOfBytes } from '../models/integrity';
import { safeCsv } from '../text/csv';

export const DECISION_LOG_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);

export type DecisionAction = 'select' | 'reject' | 'clear' | 'stage';

/** What an entry records that is not personal data (kept when the candidate is deleted). */
export interface DecisionFacts {
  jobId: string;
  /** 1, 2, 3… per job. */
  seq: number;
  at: string;
  action: DecisionAction;
  /** A pipeline stage change (action 'stage'); absent otherwise. */
  stage?: { from: string | null; to: string };
  /** The candidate's score when the decision was made (null: not scored). */
  score: number | null;
  scorerVersion: string;
  /** Active model per task, "id@version" (empty: default scorer only). */
  models: Record<string, string>;
  /** Whether the recruiter's screens were in blind mode. */
  blind: boolean;
  /** The assistant's recommendation shown for this candidate, if any. */
  recommendation: 'select' | 'reject' | null;
  /** The decision goes against that recommendation. */
  override: boolean;
}

/** Personal fields, removed when the candidate is deleted. */
export interface PersonalFields {
  candidateId: string;
  note: string;
  /** Random hex; hashed with the fields so the commitment cannot be brute-forced after deletion. */
  salt: string;
}

export interface DecisionLogEntry extends DecisionFacts {
  personal: PersonalFields | null;
  commitment: string;
  prevHash: string;
  hash: string;
  /** Set when the personal fields were removed (not hashed). */
  anonymisedAt?: string;
}

/** JSON with object keys sorted at every level (the hashed form). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 of the UTF-8 text, lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  return sha256HexOfBytes(new TextEncoder().encode(text));
}

/** A fresh random salt (128 bits, hex). */
export function newSalt(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function commitmentOf(personal: PersonalFields): Promise<string> {
  return sha256Hex(canonicalJson({ candidateId: personal.candidateId, note: personal.note, salt: personal.salt }));
}

function factsOf(entry: DecisionFacts): DecisionFacts {
  const { jobId, seq, at, action, stage, score, scorerVersion, models, blind, recommendation, override } = entry;
  return { jobId, seq, at, action, stage, score, scorerVersion, models, blind, recommendation, override };
}

function entryHash(facts: DecisionFacts, commitment: string, prevHash: string): Promise<string> {
  return sha256Hex(canonicalJson({ v: DECISION_LOG_VERSION, ...factsOf(facts), commitment, prevHash }));
}

/** The next entry after `previous` (undefined: the job's first entry). */
export async function buildEntry(previous: DecisionLogEntry | undefined, facts: Omit<DecisionFacts, 'seq'>, personal: Omit<PersonalFields, 'salt'>): Promise<DecisionLogEntry> {
  const full: DecisionFacts = { ...facts, seq: (previous?.seq ?? 0) + 1 };
  const withSalt: PersonalFields = { ...personal, salt: newSalt() };
  const commitment = await commitmentOf(withSalt);
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { ...factsOf(full), personal: withSalt, commitment, prevHash, hash: await entryHash(full, commitment, prevHash) };
}

/** The entry without its personal fields; its hash and the chain stay valid. */
export function anonymiseEntry(entry: DecisionLogEntry, now: Date = new Date()): DecisionLogEntry {
  return { ...entry, personal: null, anonymisedAt: entry.anonymisedAt ?? now.toISOString() };
}

export type ChainCheck = { ok: true; entries: number; head: string } | { ok: false; seq: number; reason: string };

/** Verifies one job's chain (entries in seq order); reports the first entry that does not check out. */
export async function verifyChain(entries: readonly DecisionLogEntry[]): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const seq = typeof e.seq === 'number' ? e.seq : i + 1;
    if (e.seq !== i + 1) return { ok: false, seq, reason: `entry ${i + 1} has sequence number ${e.seq}: an entry was removed or reordered` };
    if (e.jobId !== entries[0].jobId) return { ok: false, seq, reason: `entry ${seq} belongs to job ${e.jobId}, not ${entries[0].jobId}` };
    if (e.prevHash !== prev) return { ok: false, seq, reason: `entry ${seq} does not link to entry ${seq - 1} (previous hash differs): an earlier entry was changed or removed` };
    if (e.personal && (await commitmentOf(e.personal)) !== e.commitment) return { ok: false, seq, reason: `entry ${seq}: the candidate or note was changed after it was written` };
    if ((await entryHash(e, e.commitment, e.prevHash)) !== e.hash) return { ok: false, seq, reason: `entry ${seq}: its recorded facts were changed after it was written (hash differs)` };
    prev = e.hash;
  }
  return { ok: true, entries: entries.length, head: prev };
}

/** One CSV row of the log (personal fields empty once anonymised). */
export interface DecisionLogCsvRow {
  seq: number;
  at: string;
  action: string;
  stage_from: string;
  stage_to: string;
  candidate_id: string;
  note: string;
  score: string;
  scorer_version: string;
  models: string;
  blind: string;
  recommendation: string;
  override: string;
  anonymised: string;
  commitment: string;
  prev_hash: string;
  hash: string;
}

export const DECISION_LOG_CSV_COLUMNS: Array<keyof DecisionLogCsvRow> = ['seq', 'at', 'action', 'stage_from', 'stage_to', 'candidate_id', 'note', 'score', 'scorer_version', 'models', 'blind', 'recommendation', 'override', 'anonymised', 'commitment', 'prev_hash', 'hash'];

/** The log as CSV (notes and ids that look like formulas are neutralised). */
export function decisionLogCsv(entries: readonly DecisionLogEntry[]): string {
  const rows = entries.map((e) => ({
    seq: e.seq,
    at: e.at,
    action: e.action,
    stage_from: e.stage?.from ?? '',
    stage_to: e.stage?.to ?? '',
    candidate_id: e.personal?.candidateId ?? '',
    note: e.personal?.note ?? '',
    score: e.score === null ? '' : String(e.score),
    scorer_version: e.scorerVersion,
    models: Object.entries(e.models).map(([task, id]) => `${task}=${id}`).join('; '),
    blind: e.blind ? 'yes' : 'no',
    recommendation: e.recommendation ?? '',
    override: e.override ? 'yes' : 'no',
    anonymised: e.personal ? 'no' : 'yes',
    commitment: e.commitment,
    prev_hash: e.prevHash,
    hash: e.hash
  }));
  return safeCsv(rows, DECISION_LOG_CSV_COLUMNS);
}

/** The log as JSON: the entries as stored (verifiable with verifyChain), the head hash and the check's outcome. */
export function decisionLogJson(jobId: string, entries: readonly DecisionLogEntry[], check: ChainCheck, now: Date = new Date()): string {
  const head = entries.length ? entries[entries.length - 1].hash : GENESIS_HASH;
  return JSON.stringify({ schema: 'shortlist.decision-log/v1', jobId, exportedAt: now.toISOString(), head, verified: check, entries }, null, 2);
}
