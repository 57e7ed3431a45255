/**
 * Checkpoint integrity on resume (train/checkpoint.ts): a checkpoint round-trips exactly; 64 trainable values
 * overwritten in state.safetensors, NaN bytes written into it, a truncated file, a state saved with NaN values, and
 * broken latest.json / state.json (not JSON, wrong shape, a pointer out of the checkpoints folder, an old version,
 * a missing file) are each refused with a CheckpointError that names the file at fault, never a bare SyntaxError,
 * a "training diverged", or a silent resume on corrupted weights. The HINT names the older checkpoint still kept.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { CheckpointError, fileCheckpointStore, loadLatestCheckpoint } from '../../src/train/checkpoint';
import type { TrainableState } from '../../src/train/loop';
import { tempDir } from './fixtures';

const P = 1000;

function state(seed: number): TrainableState {
  const rand = seededRandom(seed);
  const arena = () => Float32Array.from({ length: P }, () => rand() * 2 - 1);
  return { params: arena(), grads: new Float32Array(P), m: arena(), v: arena().map(Math.abs) };
}

/** Writes checkpoints at steps 2 and 4 into a fresh out dir; returns it and the two states. */
function twoCheckpoints(tag: string) {
  const out = tempDir(tag);
  const store = fileCheckpointStore(out, { lr: 0.001 });
  const early = state(1);
  const late = state(2);
  store.save(early, { step: 2, totalSteps: 8, cursor: { epoch: 0, offset: 6 }, seed: 11 });
  store.save(late, { step: 4, totalSteps: 8, cursor: { epoch: 1, offset: 2 }, seed: 11 });
  const dir = path.join(out, 'checkpoints', 'step-000004');
  return { out, late, dir, tensors: path.join(dir, 'state.safetensors'), meta: path.join(dir, 'state.json'), latest: path.join(out, 'checkpoints', 'latest.json') };
}

/** Byte offset of tensor `name`'s data in a safetensors file. */
function tensorOffset(bytes: Buffer, name: string): number {
  const headerLen = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLen).toString('utf8')) as Record<string, { data_offsets: [number, number] }>;
  return 8 + headerLen + header[name].data_offsets[0];
}

/** loadLatestCheckpoint's error, asserting it is a CheckpointError about `file`. */
function refusal(out: string, file: string): CheckpointError {
  let error: unknown;
  try {
    loadLatestCheckpoint(out);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  const e = error as CheckpointError;
  expect(e.file).toBe(file);
  expect(e.message.startsWith(`${file}: `)).toBe(true);
  return e;
}

describe('checkpoint integrity', () => {
  it('round-trips the latest checkpoint exactly, with per-tensor checksums in state.json', () => {
    const { out, late, meta } = twoCheckpoints('ckpt-ok');
    const loaded = loadLatestCheckpoint(out)!;
    expect(loaded.meta.step).toBe(4);
    expect(Array.from(loaded.params)).toEqual(Array.from(late.params));
    expect(Array.from(loaded.m)).toEqual(Array.from(late.m));
    expect(Array.from(loaded.v)).toEqual(Array.from(late.v));
    const written = JSON.parse(readFileSync(meta, 'utf8'));
    for (const t of ['params', 'm', 'v']) expect(written.tensors[t]).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), count: P });
  });

  it('refuses 64 overwritten trainable values, naming state.safetensors and the older checkpoint', () => {
    const { out, tensors } = twoCheckpoints('ckpt-overwrite');
    const bytes = readFileSync(tensors);
    const at = tensorOffset(bytes, 'params');
    for (let i = 0; i < 64; i++) bytes.writeFloatLE(3.5, at + 4 * (100 + i)); // plausible values, not NaN
    writeFileSync(tensors, bytes);
    const e = refusal(out, tensors);
    expect(e.message).toMatch(/tensor "params" does not match its checksum/);
    expect(e.message).toMatch(/HINT: .*step-000002/);
  });

  it('reports NaN bytes as a corrupted file (not "training diverged"), and a state saved with NaN as unusable', () => {
    const nan = twoCheckpoints('ckpt-nan');
    const bytes = readFileSync(nan.tensors);
    bytes.writeUInt32LE(0x7fc00000, tensorOffset(bytes, 'm') + 40);
    writeFileSync(nan.tensors, bytes);
    expect(refusal(nan.out, nan.tensors).message).toMatch(/tensor "m" does not match its checksum/);

    const out = tempDir('ckpt-saved-nan');
    const s = state(3);
    s.v[7] = Number.NaN;
    fileCheckpointStore(out, {}).save(s, { step: 1, totalSteps: 2, cursor: { epoch: 0, offset: 1 }, seed: 1 });
    const file = path.join(out, 'checkpoints', 'step-000001', 'state.safetensors');
    expect(refusal(out, file).message).toMatch(/tensor "v" holds 1 NaN\/Inf values \(first at index 7\)/);
  });

  it('refuses a truncated or missing state.safetensors, naming it', () => {
    const cut = twoCheckpoints('ckpt-truncated');
    writeFileSync(cut.tensors, readFileSync(cut.tensors).subarray(0, 5000));
    expect(refusal(cut.out, cut.tensors).message).toMatch(/do not fit|exceeds/);
    const gone = twoCheckpoints('ckpt-missing');
    rmSync(gone.tensors);
    expect(refusal(gone.out, gone.tensors).message).toMatch(/missing/);
  });

  it('names latest.json when it is not JSON, of the wrong shape, or points out of the checkpoints folder', () => {
    for (const [tag, text, pattern] of [
      ['garbage', '{"checkpoint": "step-0000', /is not valid JSON/],
      ['shape', '[1, 2]', /"checkpoint" must name a folder/],
      ['escape', '{"checkpoint": "../../etc"}', /"checkpoint" must name a folder/]
    ] as const) {
      const { out, latest } = twoCheckpoints(`ckpt-latest-${tag}`);
      writeFileSync(latest, text);
      const e = refusal(out, latest);
      expect(e.message).toMatch(pattern);
      expect(e.message).not.toMatch(/^SyntaxError/);
    }
  });

  it('names state.json when it is not JSON, misses a field, is missing, or is an unverifiable version 1', () => {
    const broken = twoCheckpoints('ckpt-meta-json');
    writeFileSync(broken.meta, '{"magic": "shortlist-train-checkpoint", "version": 2, ');
    expect(refusal(broken.out, broken.meta).message).toMatch(/is not valid JSON.*HINT: .*step-000002/s);

    const field = twoCheckpoints('ckpt-meta-field');
    const meta = JSON.parse(readFileSync(field.meta, 'utf8'));
    delete meta.tensors.v;
    writeFileSync(field.meta, JSON.stringify(meta));
    expect(refusal(field.out, field.meta).message).toMatch(/tensors\.v must be/);

    const v1 = twoCheckpoints('ckpt-meta-v1');
    const old = JSON.parse(readFileSync(v1.meta, 'utf8'));
    delete old.tensors;
    writeFileSync(v1.meta, JSON.stringify({ ...old, version: 1 }));
    expect(refusal(v1.out, v1.meta).message).toMatch(/version 1, this trainer reads 2 \(it has no tensor checksums.*HINT/s);

    const gone = twoCheckpoints('ckpt-meta-gone');
    rmSync(gone.meta);
    expect(refusal(gone.out, gone.meta).message).toMatch(/cannot be read \(missing\)/);
  });
});
