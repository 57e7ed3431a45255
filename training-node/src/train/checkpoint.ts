/**
 * Atomic, versioned training checkpoints on the file system: `<out>/checkpoints/step-000120/` holds
 * `state.safetensors` (trainable params, Adam m and v, F32) and `state.json` (magic + version, step, total
 * steps, data cursor, seed, the config fingerprint). Each checkpoint is written into a temp folder and
 * renamed into place, then `latest.json` is replaced atomically; older checkpoints are pruned after that,
 * so a kill at any moment leaves the previous checkpoint intact.
 *
 * The "RNG state" is (seed, step, cursor): loop.ts derives data order and dropout from them, so nothing
 * else needs saving. Non-goals: saving the frozen base (it is re-read from --model). Node APIs: this file
 * (and metrics.ts) are the trainer's only file-system code.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseSafetensors, readSafetensor, serializeSafetensors } from '../io/safetensors';
import { writeFileAtomic } from '../io/node-files';
import type { CheckpointMeta, CheckpointStore, DataCursor, TrainableState } from './loop';

export const CHECKPOINT_MAGIC = 'shortlist-train-checkpoint';
export const CHECKPOINT_VERSION = 1;
const KEEP = 2;

/** state.json of a checkpoint. */
export interface CheckpointFile {
  magic: string;
  version: number;
  step: number;
  totalSteps: number;
  cursor: DataCursor;
  seed: number;
  fingerprint: Record<string, unknown>;
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
      const file: CheckpointFile = { magic: CHECKPOINT_MAGIC, version: CHECKPOINT_VERSION, ...meta, fingerprint };
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

/** Read the latest checkpoint under `<outDir>/checkpoints`, or undefined when there is none. */
export function loadLatestCheckpoint(outDir: string): LoadedCheckpoint | undefined {
  const root = path.join(outDir, 'checkpoints');
  const pointer = path.join(root, 'latest.json');
  if (!existsSync(pointer)) return undefined;
  const { checkpoint } = JSON.parse(readFileSync(pointer, 'utf8')) as { checkpoint: string };
  const dir = path.join(root, checkpoint);
  const metaFile = path.join(dir, 'state.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CheckpointFile;
  if (meta.magic !== CHECKPOINT_MAGIC) throw new Error(`${metaFile}: not a training checkpoint (magic ${JSON.stringify(meta.magic)})`);
  if (meta.version !== CHECKPOINT_VERSION) {
    throw new Error(`${metaFile}: checkpoint version ${meta.version}, this trainer reads ${CHECKPOINT_VERSION}\n---> HINT: resume with the trainer version that wrote it, or start without --resume`);
  }
  const tensorsFile = path.join(dir, 'state.safetensors');
  const st = parseSafetensors(new Uint8Array(readFileSync(tensorsFile)), tensorsFile);
  return { meta, params: readSafetensor(st, 'params'), m: readSafetensor(st, 'm'), v: readSafetensor(st, 'v'), dir };
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
