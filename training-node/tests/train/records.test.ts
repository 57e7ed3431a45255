/**
 * The trainer's input side and small pure pieces: rows in the data side's own record types (data/types.ts:
 * ChatSftRecord, InstructionSftRecord, PreferenceRecord, TripletRecord, ScoredPairRecord) parse into
 * examples; bad rows fail with file:line; decoder batches shift targets and ignore padding; packing never
 * splits or loses a target and never lets one example predict or see another; the loss-curve PNG is a valid image of the stated size; flags map to TrainConfig.
 */
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ChatSftRecord, InstructionSftRecord, PreferenceRecord, RecordMetadata, ScoredPairRecord, TripletRecord } from '../../src/data/types';
import { IGNORE_INDEX } from '../../src/engine/reference/index';
import { UsageError } from '../../src/cli/args';
import { parseTrainConfig } from '../../src/cli/commands/train-common';
import { causalBatch, packSequences } from '../../src/train/batching';
import { targetCount, type TokenSequence } from '../../src/train/chat-tokenizer';
import { cosineSchedule } from '../../src/engine/reference/index';
import { lossCurvePng, lossCurveSvg } from '../../src/train/loss-curve';
import type { StepMetrics } from '../../src/train/loop';
import { matcherExample, matcherLayout, parseJsonl, preferenceExample, sftMessages, TrainDataError } from '../../src/train/records';

const meta: RecordMetadata = { id: 'r1', source: 'x.csv', hash: 'h', group: 'g', split: 'train', synthetic: true, target: 'decision' };
const rowsOf = (records: unknown[]) => parseJsonl(records.map((r) => JSON.stringify(r)).join('\n'), 'in.jsonl');

describe('training rows in the data side formats', () => {
  it('SFT: TRL messages and Alpaca instruction rows', () => {
    const chat: ChatSftRecord = { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }, { role: 'assistant', content: 'a' }], metadata: meta };
    const alpaca: InstructionSftRecord = { instruction: 'do', input: 'this', output: 'done', metadata: meta };
    const [r1, r2] = rowsOf([chat, alpaca]);
    expect(sftMessages(r1, 'in.jsonl')).toEqual(chat.messages);
    expect(sftMessages(r2, 'in.jsonl')).toEqual([{ role: 'user', content: 'do\n\nthis' }, { role: 'assistant', content: 'done' }]);
  });

  it('DPO: conversational and plain-text preference rows', () => {
    const conv: PreferenceRecord = { prompt: [{ role: 'user', content: 'p' }], chosen: [{ role: 'assistant', content: 'c' }], rejected: [{ role: 'assistant', content: 'r' }], metadata: meta };
    const text: PreferenceRecord = { prompt: 'p', chosen: 'c', rejected: 'r', metadata: meta };
    for (const row of rowsOf([conv, text])) {
      expect(preferenceExample(row, 'in.jsonl')).toEqual({ prompt: [{ role: 'user', content: 'p' }], chosen: [{ role: 'assistant', content: 'c' }], rejected: [{ role: 'assistant', content: 'r' }] });
    }
  });

  it('matcher: triplets and scored pairs', () => {
    const triplet: TripletRecord = { anchor: 'a', positive: 'p', negative: 'n', metadata: { split: 'train', label: 'x', synthetic: true, positiveHash: '1', negativeHash: '2' } };
    const pair: ScoredPairRecord = { sentence1: 's1', sentence2: 's2', score: 0.25, metadata: { split: 'train', synthetic: true, hash: 'h', kind: 'labelled' } };
    const [t, p] = rowsOf([triplet, pair]);
    expect(matcherLayout(t, 'f')).toBe('triplet');
    expect(matcherExample(t, 'triplet', 'f')).toEqual({ texts: ['a', 'p', 'n'] });
    expect(matcherLayout(p, 'f')).toBe('scored-pair');
    expect(matcherExample(p, 'scored-pair', 'f')).toEqual({ texts: ['s1', 's2'], score: 0.25 });
  });

  it('bad rows name the file and line', () => {
    expect(() => parseJsonl('{"messages": []}\n\nnot json', 'bad.jsonl')).toThrow(/^bad\.jsonl:3: not valid JSON/);
    const [row] = parseJsonl('\n{"messages": [{"role": "user", "content": "hi"}]}', 'bad.jsonl');
    expect(() => sftMessages(row, 'bad.jsonl')).toThrow(new TrainDataError('bad.jsonl', 2, '"messages" has no assistant turn, so there is nothing to learn'));
    const [pair] = parseJsonl('{"sentence1": "a", "sentence2": "b", "score": 3}', 'p.jsonl');
    expect(() => matcherExample(pair, 'scored-pair', 'p.jsonl')).toThrow(/^p\.jsonl:1: "score" must be a number in 0\.\.1/);
    expect(() => parseJsonl('\n', 'empty.jsonl')).toThrow(/empty\.jsonl:1: the file has no rows/);
  });
});

describe('decoder batches', () => {
  const seq = (ids: number[], mask: number[]): TokenSequence => ({ ids, mask: Uint8Array.from(mask) });

  it('targets are the next masked token; padding and the prompt are ignored', () => {
    const b = causalBatch([seq([1, 5, 6, 7], [0, 0, 1, 1]), seq([1, 9], [0, 1])], 0);
    expect([b.B, b.T, b.realTokens]).toEqual([2, 4, 6]);
    expect(Array.from(b.tokens)).toEqual([1, 5, 6, 7, 1, 9, 0, 0]);
    const I = IGNORE_INDEX;
    expect(Array.from(b.targets)).toEqual([I, 6, 7, I, 9, I, I, I]);
  });

  it('packing fills rows up to seqLen without splitting or losing targets, deterministically', () => {
    const seqs = [5, 9, 3, 7, 2, 6].map((n, k) => seq(Array.from({ length: n }, (_, i) => 10 * k + i + 1), Array.from({ length: n }, (_, i) => (i > 0 ? 1 : 0))));
    const packed = packSequences(seqs, 10);
    expect(packed.every((r) => r.ids.length <= 10)).toBe(true);
    expect(packed.length).toBe(4); // 32 tokens in rows of 10
    expect(packed.flatMap((r) => r.ids).sort((a, b) => a - b)).toEqual(seqs.flatMap((s) => s.ids).sort((a, b) => a - b));
    expect(packed.reduce((s, r) => s + targetCount(r), 0)).toBe(seqs.reduce((s, r) => s + targetCount(r), 0));
    expect(packSequences(seqs, 10)).toEqual(packed);
    expect(() => packSequences(seqs, 8)).toThrow(/9 tokens, more than seqLen 8/);
  });

  it('a packed row keeps its examples apart: segment ids, positions from 0, no target across a boundary', () => {
    const [row] = packSequences([seq([1, 2, 3], [1, 1, 1]), seq([4, 5], [1, 1])], 5);
    expect(row.packed).toEqual([3, 2]);
    expect(targetCount(row)).toBe(3); // 4 is not predicted from 3: it starts the second example
    const b = causalBatch([row, seq([6, 7], [0, 1])], 0);
    const I = IGNORE_INDEX;
    expect(Array.from(b.targets)).toEqual([2, 3, I, 5, I, 7, I, I, I, I]);
    expect(Array.from(b.segments!)).toEqual([1, 1, 1, 2, 2, 1, 1, 0, 0, 0]);
    expect(Array.from(b.positions!)).toEqual([0, 1, 2, 0, 1, 0, 1, 0, 1, 2]);
    expect(causalBatch([seq([6, 7], [0, 1])]).segments).toBeUndefined(); // unpacked batches stay plain causal
  });

  it('the schedule warms up linearly then decays by cosine to 0', () => {
    expect(cosineSchedule(0, 4, 20, 1e-3, 0)).toBe(0);
    expect(cosineSchedule(2, 4, 20, 1e-3, 0)).toBeCloseTo(5e-4, 12);
    expect(cosineSchedule(4, 4, 20, 1e-3, 0)).toBeCloseTo(1e-3, 12);
    expect(cosineSchedule(12, 4, 20, 1e-3, 0)).toBeCloseTo(5e-4, 12);
    expect(cosineSchedule(20, 4, 20, 1e-3, 0)).toBeCloseTo(0, 12);
  });
});

describe('loss curve', () => {
  const rows: StepMetrics[] = Array.from({ length: 30 }, (_, i) => ({
    step: i + 1, epoch: i / 10, loss: 3 / (i + 1), lr: 1e-3, grad_norm: 1, tokens: 10, tokens_per_s: 100, step_ms: 100,
    ...(i % 10 === 9 ? { eval_loss: 3.5 / (i + 1) } : {})
  }));

  it('PNG: signature, 640x360 RGB header and a full image that is not blank', () => {
    const png = lossCurvePng(rows);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const dv = new DataView(png.buffer, png.byteOffset);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    expect([dv.getUint32(16), dv.getUint32(20), png[24], png[25]]).toEqual([640, 360, 8, 2]);
    const idatLength = dv.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = unzlibSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(360 * (640 * 3 + 1));
    const blue = raw.filter((v) => v === 31).length; // 31 is only the red channel of the train-loss colour
    expect(blue).toBeGreaterThan(50); // the train-loss line was drawn
  });

  it('SVG has the train line and one dot per eval', () => {
    const svg = lossCurveSvg(rows, 'run <1>');
    expect(svg).toContain('<polyline');
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('run &#60;1&#62;');
  });
});

describe('flags → TrainConfig', () => {
  it('maps every named flag and rejects bad values with the flag name', () => {
    const cfg = parseTrainConfig('matcher', ['--model', 'm', '--data', 'd.jsonl', '--out', 'o', '--loss', 'triplet', '--margin', '0.5',
      '--full-finetune', '--lr', '3e-5', '--grad-accum', '4', '--warmup', '10', '--epochs', '2', '--save-every', '50', '--resume', '--seed', '7'], 'help')!;
    expect(cfg).toMatchObject({ mode: 'matcher', loss: 'triplet', margin: 0.5, fullFinetune: true, lr: 3e-5, gradAccum: 4, warmup: 10, epochs: 2, saveEvery: 50, resume: true, seed: 7 });
    expect(() => parseTrainConfig('sft', ['--model', 'm', '--data', 'd', '--out', 'o', '--lora-r', '2.5'], 'help')).toThrow(UsageError);
    expect(() => parseTrainConfig('sft', ['--model', 'm', '--data', 'd', '--out', 'o', '--loss', 'hinge'], 'help')).toThrow(/loss must be mnrl, cosine or triplet/);
    expect(() => parseTrainConfig('sft', ['--data', 'd', '--out', 'o'], 'help')).toThrow(/--model is required/);
    expect(() => parseTrainConfig('sft', ['--model', 'm', '--data', 'd', '--out', 'o', '--bogus'], 'help')).toThrow(UsageError);
  });

  it('--precision auto|f32|f16 (default auto); f16 with --device cpu or an unknown value is refused', () => {
    const base = ['--model', 'm', '--data', 'd', '--out', 'o'];
    expect(parseTrainConfig('sft', base, 'help')!.precision).toBe('auto');
    expect(parseTrainConfig('dpo', [...base, '--precision', 'f16'], 'help')!.precision).toBe('f16');
    expect(parseTrainConfig('matcher', [...base, '--precision', 'f32'], 'help')!.precision).toBe('f32');
    expect(() => parseTrainConfig('sft', [...base, '--precision', 'bf16'], 'help')).toThrow(/precision must be auto, f32 or f16/);
    expect(() => parseTrainConfig('sft', [...base, '--precision', 'f16', '--device', 'cpu'], 'help')).toThrow(/shader-f16/);
  });
});
