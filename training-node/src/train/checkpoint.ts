/**
 * Atomic, versioned training checkpoints on the file system: `<out>/checkpoints/step-000120/` holds
 * `state.safetensors` (trainable params, Adam m and v, F32) and `state.json` (magic + version, step, total
 * steps, data cursor, seed, the config fingerprint, and the SHA-256 of each tensor's bytes). Each checkpoint is
 * written into a temp folder and renamed into place, then `latest.json` is replaced atomically; older
 * checkpoints are pruned after that, so a kill at any moment leaves the previous checkpoint intact.
 *
 * Resume trusts nothing it reads: every file that is missing, not JSON, of the wrong shape, or whose tensors do
 * not match their checksums (or hold NaN/Inf) is an error naming that file, with a HINT naming the older
 * checkpoint still kept, instead of a bare SyntaxError or a run that silently trains on corrupted weights.
 *
 * The "RNG state" is (seed, step, cursor): loop.ts derives data order and dropout from them, so nothing
 * else needs saving. Non-goals: saving the frozen base (it is re-read from --model). Node APIs: this file
 * (and metrics.ts) are the trainer's only file-system code.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseSafetensors, readSafetensor, serializeSafetensors, type SafetensorsFile } from '../io/safetensors';
import { readFileBytes, writeFileAtomic } from '../io/node-files';
import type { CheckpointMeta, CheckpointStore, DataCursor, TrainableState } from './loop';

export const CHECKPOINT_MAGIC = 'shortlist-train-checkpoint';
/** 2: state.json carries per-tensor SHA-256 checksums (version 1 had none, so it cannot be verified). */
export const CHECKPOINT_VERSION = 2;
const KEEP = 2;
const TENSORS = ['params', 'm', 'v'] as const;
type TensorName = (typeof TENSORS)[number];

/** Checksum of one stored tensor: SHA-256 (hex) of its raw bytes in state.safetensors, and its value count. */
export interface TensorChecksum {
  sha256: string;
  count: number;
}

/** state.json of a checkpoint. */
export interface CheckpointFile {
  magic: string;
  version: number;
  step: number;
  totalSteps: number;
  cursor: DataCursor;
  seed: number;
  fingerprint: Record<string, unknown>;
  tensors: Record<TensorName, TensorChecksum>;
}

/** A checkpoint file that is missing, unreadable, malformed or corrupted; `file` is the path at fault. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(
    readonly file: string,
    message: string
  ) {
    super(`${file}: ${message}`);
  }
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 and value count of every tensor of a parsed state.safetensors, from the bytes as stored. */
function tensorChecksums(st: SafetensorsFile): Partial<Record<TensorName, TensorChecksum>> {
  const out: Partial<Record<TensorName, TensorChecksum>> = {};
  for (const name of TENSORS) {
    const e = st.entries.get(name);
    if (e) out[name] = { sha256: sha256Hex(st.data.subarray(e.begin, e.end)), count: e.shape.reduce((a, b) => a * b, 1) };
  }
  return out;
}

/** A checkpoint read back: meta plus the three arenas. */
export interface LoadedCheckpoint {
  meta: CheckpointFile;
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
  dir: string;
}

/** A CheckpointStore writing under `<outDir>/checkpoints` with this run's config fingerprint. */
export function fileCheckpointStore(outDir: string, fingerprint: Record<string, unknown>): CheckpointStore {
  const root = path.join(outDir, 'checkpoints');
  return {
    save(state: TrainableState, meta: CheckpointMeta): void {
      mkdirSync(root, { recursive: true });
      const name = `step-${String(meta.step).padStart(6, '0')}`;
      const tmp = path.join(root, `.${name}.tmp-${process.pid}`);
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
      const shape = [state.params.length];
      const bytes = serializeSafetensors([
        { name: 'params', shape, data: state.params, dtype: 'F32' },
        { name: 'm', shape, data: state.m, dtype: 'F32' },
        { name: 'v', shape, data: state.v, dtype: 'F32' }
      ], { format: 'pt' });
      writeFileAtomic(path.join(tmp, 'state.safetensors'), bytes);
      // Checksums of the bytes exactly as written, so resume can tell a corrupted file from a real state.
      const tensors = tensorChecksums(parseSafetensors(bytes, 'state.safetensors')) as Record<TensorName, TensorChecksum>;
      const file: CheckpointFile = { magic: CHECKPOINT_MAGIC, version: CHECKPOINT_VERSION, ...meta, fingerprint, tensors };
      writeFileAtomic(path.join(tmp, 'state.json'), JSON.stringify(file, null, 2) + '\n');
      const final = path.join(root, name);
      rmSync(final, { recursive: true, force: true });
      renameSync(tmp, final);
      writeFileAtomic(path.join(root, 'latest.json'), JSON.stringify({ checkpoint: name, step: meta.step }) + '\n');
      pruneCheckpoints(root, name);
    }
  };
}

function pruneCheckpoints(root: string, latest: string): void {
  const names = readdirSync(root).filter((n) => /^step-\d+$/.test(n)).sort();
  const keep = new Set(names.slice(-KEEP));
  keep.add(latest);
  for (const n of names) if (!keep.has(n)) rmSync(path.join(root, n), { recursive: true, force: true });
}

/** Parse a JSON file of a checkpoint, or throw a CheckpointError naming it (missing, unreadable, not JSON). */
function readCheckpointJson(file: string, hint: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CheckpointError(file, `cannot be read (${code === 'ENOENT' ? 'missing' : (code ?? (e as Error).message)})${hint}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(file, `is not valid JSON (${(e as Error).message})${hint}`);
  }
}

const isInt = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Why a parsed state.json is not a checkpoint this trainer reads, or null when it is. */
function stateJsonProblem(meta: Record<string, unknown>): string | null {
  if (meta.magic !== CHECKPOINT_MAGIC) return `not a training checkpoint (magic ${JSON.stringify(meta.magic)})`;
  if (meta.version !== CHECKPOINT_VERSION) {
    const why = meta.version === 1 ? ' (it has no tensor checksums, so it cannot be verified)' : '';
    return `checkpoint version ${JSON.stringify(meta.version)}, this trainer reads ${CHECKPOINT_VERSION}${why}\n---> HINT: resume with the trainer version that wrote it, or start without --resume`;
  }
  if (!isInt(meta.step) || !isInt(meta.totalSteps) || !isInt(meta.seed)) return 'step, totalSteps and seed must be non-negative integers';
  const cursor = meta.cursor as Record<string, unknown> | undefined;
  if (!isRecord(cursor) || !isInt(cursor.epoch) || !isInt(cursor.offset)) return 'cursor must be {"epoch", "offset"} with non-negative integers';
  if (!isRecord(meta.fingerprint)) return 'fingerprint must be an object';
  const tensors = meta.tensors as Record<string, unknown> | undefined;
  for (const name of TENSORS) {
    const t = isRecord(tensors) ? tensors[name] : undefined;
    if (!isRecord(t) || typeof t.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(t.sha256) || !isInt(t.count)) return `tensors.${name} must be {"sha256": 64 hex digits, "count"}`;
  }
  return null;
}

/** Index of the first NaN/±Inf and how many there are (0 when all finite). */
function nonFinite(values: Float32Array): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { count, first };
}

/**
 * Read the latest checkpoint under `<outDir>/checkpoints`, or undefined when there is none. Every file is
 * checked before anything is returned: latest.json and state.json are parsed and validated, and each tensor of
 * state.safetensors must match the SHA-256 in state.json and hold only finite values; any failure is a
 * CheckpointError naming the file (with a HINT naming an older checkpoint that is still kept).
 */
export function loadLatestCheckpoint(outDir: string): LoadedCheckpoint | undefined {
  const root = path.join(outDir, 'checkpoints');
  const pointer = path.join(root, 'latest.json');
  if (!existsSync(pointer)) return undefined;
  const older = (current?: string) => {
    const names = existsSync(root) ? readdirSync(root).filter((n) => /^step-\d+$/.test(n) && n !== current).sort() : [];
    return names.length
      ? `\n---> HINT: the checkpoint is damaged; an older one is kept at ${path.join(root, names[names.length - 1])} (point latest.json's "checkpoint" at "${names[names.length - 1]}" to resume from it), or start without --resume`
      : '\n---> HINT: the checkpoint is damaged and no older one is kept; start without --resume';
  };
  const latest = readCheckpointJson(pointer, older());
  const name = isRecord(latest) ? latest.checkpoint : undefined;
  if (typeof name !== 'string' || !/^step-\d+$/.test(name)) {
    throw new CheckpointError(pointer, `"checkpoint" must name a folder like "step-000120", got ${JSON.stringify(name)}${older()}`);
  }
  const dir = path.join(root, name);
  const hint = older(name);
  const metaFile = path.join(dir, 'state.json');
  const raw = readCheckpointJson(metaFile, hint);
  if (!isRecord(raw)) throw new CheckpointError(metaFile, `must hold a JSON object${hint}`);
  const problem = stateJsonProblem(raw);
  if (problem) throw new CheckpointError(metaFile, problem.includes('HINT') ? problem : `${problem}${hint}`);
  const meta = raw as unknown as CheckpointFile;

  const tensorsFile = path.join(dir, 'state.safetensors');
  let st: SafetensorsFile;
  try {
    st = parseSafetensors(readFileBytes(tensorsFile), tensorsFile);
  } catch (e) {
    const message = (e as Error).message.replace(`${tensorsFile}: `, '');
    throw new CheckpointError(tensorsFile, `${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : message}${hint}`);
  }
  const actual = tensorChecksums(st);
  const out: Partial<Record<TensorName, Float32Array>> = {};
  for (const t of TENSORS) {
    const want = meta.tensors[t];
    const got = actual[t];
    if (!got || st.entries.get(t)?.dtype !== 'F32') throw new CheckpointError(tensorsFile, `no F32 tensor "${t}"${hint}`);
    if (got.count !== want.count || got.sha256 !== want.sha256) {
      throw new CheckpointError(
        tensorsFile,
        `tensor "${t}" does not match its checksum in ${metaFile} (expected ${want.count} values with sha256 ${want.sha256}, found ${got.count} with ${got.sha256}): the file was corrupted or modified after it was written${hint}`
      );
    }
    out[t] = readSafetensor(st, t);
    const bad = nonFinite(out[t]);
    if (bad.count > 0) throw new CheckpointError(tensorsFile, `tensor "${t}" holds ${bad.count} NaN/Inf values (first at index ${bad.first}): the saved state is unusable${hint}`);
  }
  return { meta, params: out.params!, m: out.m!, v: out.v!, dir };
}

/** Restore a checkpoint into `state`; throws (naming the differing field) when it belongs to another config. */
export function restoreCheckpoint(state: TrainableState, ckpt: LoadedCheckpoint, fingerprint: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fingerprint)) {
    if (JSON.stringify(ckpt.meta.fingerprint[key]) !== JSON.stringify(value)) {
      throw new Error(`${ckpt.dir}: checkpoint was written with ${key}=${JSON.stringify(ckpt.meta.fingerprint[key])}, this run has ${JSON.stringify(value)}\n---> HINT: resume with the same flags, or use a fresh --out`);
    }
  }
  if (ckpt.params.length !== state.params.length) {
    throw new Error(`${ckpt.dir}: checkpoint has ${ckpt.params.length} trainable parameters, the model has ${state.params.length}`);
  }
  state.params.set(ckpt.params);
  state.m.set(ckpt.m);
  state.v.set(ckpt.v);
}
