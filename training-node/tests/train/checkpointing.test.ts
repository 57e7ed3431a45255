/**
 * Gradient checkpointing in the training loop: a few SFT steps (LoRA with adapter dropout, gradient
 * accumulation, clipping, AdamW) give the IDENTICAL loss curve, gradient norms and adapters with and without
 * `gradientCheckpointing`, on the CPU objective and on the WebGPU objective (bitwise on both: the recompute
 * runs the same ops on the same inputs); likewise a few matcher steps (MNRL, BERT full fine-tune) on the CPU.
 * The objectives' activation peak bytes are lower with it, and the run files pass the flag through to the model: a CLI-parsed
 * sft run (CPU, WebGPU) and matcher run (CPU) report a lower `activationPeakBytes` in train-summary.json with the flag.
 * Also: the `--gradient-checkpointing` flag reaches TrainConfig and is shown in --help. Resume with checkpointing on is covered in resume.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { allocBertParams, allocLlamaParams, allocLoraAdapters, type BertConfig, type LlamaConfig, type LlamaModel } from '../../src/models/index';
import { parseTrainConfig, TRAIN_COMMON_HELP } from '../../src/cli/commands/train-common';
import type { TokenSequence } from '../../src/train/chat-tokenizer';
import { runTrainingLoop, type Objective, type StepMetrics, type TrainableState } from '../../src/train/loop';
import { openDawnDevice } from '../../src/train/node-gpu';
import { createMatcherObjective } from '../../src/train/matcher';
import { createSftObjective } from '../../src/train/sft';
import { createSftObjectiveGpu } from '../../src/train/sft-gpu';
import { runDecoderTraining } from '../../src/train/decoder-run';
import { runMatcherTraining } from '../../src/train/matcher-run';
import { SFT_ROWS, sharedPath, tempDir, writeJsonl, writeTinyBertDir, writeTinyLlamaDir } from './fixtures';

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const bertTok = sharedPath('models/minilm-l6-tokenizer');
const probe = await openDawnDevice();
probe.dev?.destroy();

const cfg: LlamaConfig = {
  vocabSize: 64, hidden: 16, intermediate: 32, layers: 3, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: false, maxSeqLen: 32
};
const loraCfg = { rank: 4, alpha: 8, dropout: 0.1, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as ('q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down')[] };

function tinyModel(): LlamaModel {
  const params = allocLlamaParams(cfg);
  const rand = seededRandom(21);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.3;
  for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) params[n].fill(1);
  return { config: cfg, params };
}

/** Sequences of varied length (padding + key masks in a batch), loss on the second half of each. */
function sequences(): TokenSequence[] {
  const rand = seededRandom(22);
  return Array.from({ length: 6 }, (_, i) => {
    const n = 8 + 2 * i;
    return { ids: Array.from({ length: n }, () => 1 + Math.floor(rand() * (cfg.vocabSize - 1))), mask: Uint8Array.from({ length: n }, (_, t) => (t >= n / 2 ? 1 : 0)) };
  });
}

type MakeObjective = (model: LlamaModel, lora: ReturnType<typeof allocLoraAdapters>, grads: ReturnType<typeof allocLoraAdapters>,
  gradientCheckpointing: boolean) => Objective & { destroy?: () => void; activationPeakBytes?: () => number };

async function train(make: MakeObjective, gradientCheckpointing: boolean): Promise<{ metrics: StepMetrics[]; adapters: Float32Array; peak?: number }> {
  const model = tinyModel();
  const lora = allocLoraAdapters(cfg, loraCfg, 5);
  const grads = allocLoraAdapters(cfg, loraCfg, 0, true);
  const state: TrainableState = { params: lora.arena, grads: grads.arena, m: new Float32Array(lora.arena.length), v: new Float32Array(lora.arena.length) };
  const objective = make(model, lora, grads, gradientCheckpointing);
  try {
    const metrics = await runTrainingLoop(objective, state, {
      totalSteps: 4, batchSize: 2, gradAccum: 2, lr: 1e-2, warmup: 1, weightDecay: 0.01, maxGradNorm: 1, seed: 9, evalEvery: 0, saveEvery: 0
    }, { step: 0, cursor: { epoch: 0, offset: 0 } });
    return { metrics, adapters: lora.arena, peak: objective.activationPeakBytes?.() };
  } finally {
    objective.destroy?.();
  }
}

function expectSameRun(a: Awaited<ReturnType<typeof train>>, b: Awaited<ReturnType<typeof train>>): void {
  const curve = (r: typeof a) => r.metrics.map((m) => [m.step, m.loss, m.grad_norm, m.lr]);
  expect(curve(b)).toEqual(curve(a));
  expect(a.metrics.length).toBe(4);
  expect(a.metrics[3].loss).toBeLessThan(a.metrics[0].loss);
  expect(Buffer.from(b.adapters.buffer).equals(Buffer.from(a.adapters.buffer))).toBe(true);
}

describe('SFT with gradient checkpointing', () => {
  it('CPU: the identical loss curve and adapters', async () => {
    const make: MakeObjective = (model, lora, grads, gradientCheckpointing) =>
      createSftObjective(model, lora, grads, sequences(), [], 2, { gradientCheckpointing });
    const full = await train(make, false), ckpt = await train(make, true);
    expectSameRun(full, ckpt);
    expect(ckpt.peak!).toBeGreaterThan(0);
    expect(ckpt.peak!).toBeLessThan(full.peak!); // saved activations of the largest training forward
  });

  it('WebGPU: the identical loss curve and adapters', async (ctx) => {
    const opened = await openDawnDevice();
    if (!opened.dev) {
      console.warn(`[skip] no WebGPU adapter (${opened.reason})`);
      ctx.skip();
      return;
    }
    const dev = opened.dev;
    try {
      const make: MakeObjective = (model, lora, grads, gradientCheckpointing) =>
        createSftObjectiveGpu(dev, model, lora, grads, sequences(), [], 2, { gradientCheckpointing });
      const full = await train(make, false), ckpt = await train(make, true);
      expectSameRun(full, ckpt);
      expect(ckpt.peak!).toBeLessThan(full.peak!); // the objective's activation pool high-water mark
    } finally {
      dev.destroy();
    }
  }, 60_000);

  it('matcher (BERT full fine-tune, MNRL) on the CPU: the identical loss curve and weights', async () => {
    const bert: BertConfig = { vocabSize: 40, hidden: 16, intermediate: 32, layers: 3, heads: 4, maxPositions: 16, typeVocabSize: 2, layerNormEps: 1e-12 };
    const words = ['cat', 'dog', 'sun', 'tree', 'moon', 'boat', 'red', 'blue', 'fast', 'slow'];
    const tokenize = (text: string) => [1, ...text.split(' ').map((w) => 3 + words.indexOf(w)), 2];
    const rand = seededRandom(31);
    const phrase = () => Array.from({ length: 2 + Math.floor(rand() * 4) }, () => words[Math.floor(rand() * words.length)]).join(' ');
    const examples = Array.from({ length: 8 }, () => ({ texts: [phrase(), phrase()] }));
    const run = async (gradientCheckpointing: boolean) => {
      const params = allocBertParams(bert);
      const r = seededRandom(32);
      for (let i = 0; i < params.arena.length; i++) params.arena[i] = (r() * 2 - 1) * 0.2;
      for (const ln of ['embLnW', 'ln1W', 'ln2W'] as const) params[ln].fill(1);
      const grads = allocBertParams(bert);
      const objective = createMatcherObjective({ config: bert, params, lora: null }, { params: grads, lora: null }, tokenize, examples, [],
        { loss: 'mnrl', scale: 20, margin: 5, batchSize: 4, gradientCheckpointing });
      const state: TrainableState = { params: params.arena, grads: grads.arena, m: new Float32Array(params.arena.length), v: new Float32Array(params.arena.length) };
      const metrics = await runTrainingLoop(objective, state, {
        totalSteps: 3, batchSize: 4, gradAccum: 1, lr: 1e-3, warmup: 0, weightDecay: 0.01, maxGradNorm: 1, seed: 3, evalEvery: 0, saveEvery: 0
      }, { step: 0, cursor: { epoch: 0, offset: 0 } });
      return { metrics: metrics.map((m) => [m.loss, m.grad_norm]), weights: params.arena, peak: objective.activationPeakBytes!() };
    };
    const full = await run(false), ckpt = await run(true);
    expect(ckpt.peak).toBeGreaterThan(0);
    expect(ckpt.peak).toBeLessThan(full.peak);
    expect(ckpt.metrics).toEqual(full.metrics);
    expect(Buffer.from(ckpt.weights.buffer).equals(Buffer.from(full.weights.buffer))).toBe(true);
  });

  it('--gradient-checkpointing sets TrainConfig.gradientCheckpointing and is documented in --help', () => {
    const argv = ['--model', 'm', '--data', 'd.jsonl', '--out', 'o'];
    for (const mode of ['sft', 'dpo', 'matcher'] as const) {
      expect(parseTrainConfig(mode, argv, '')!.gradientCheckpointing).toBe(false);
      expect(parseTrainConfig(mode, [...argv, '--gradient-checkpointing'], '')!.gradientCheckpointing).toBe(true);
    }
    expect(TRAIN_COMMON_HELP).toContain('--gradient-checkpointing');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(parseTrainConfig('sft', ['--help'], 'sft help')).toBeNull();
      expect(String(write.mock.calls.map((c) => c[0]).join(''))).toContain('--gradient-checkpointing');
    } finally {
      write.mockRestore();
    }
  });
});

describe('the run files pass --gradient-checkpointing through to the model (train-summary.json activationPeakBytes)', () => {
  const quiet = { log: () => {} };
  const peakOf = (out: string): number => JSON.parse(readFileSync(path.join(out, 'train-summary.json'), 'utf8')).activationPeakBytes;
  const devices = probe.dev ? ['cpu', 'webgpu'] : ['cpu'];

  it.skipIf(!tok.present)(`sft (${devices.join(', ')}): lower peak with the flag`, async () => {
    const dir = tempDir('ckpt-flag-sft');
    writeTinyLlamaDir(path.join(dir, 'base'), 3);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS.slice(0, 3));
    for (const device of devices) {
      const run = async (flag: string[]) => {
        const out = path.join(dir, `${device}${flag.length}`);
        await runDecoderTraining(parseTrainConfig('sft', ['--model', path.join(dir, 'base'), '--tokenizer', tok.path, '--data', data, '--out', out,
          '--device', device, '--steps', '1', '--batch-size', '3', '--quiet', ...flag], 'help')!, quiet);
        return peakOf(out);
      };
      const full = await run([]), ckpt = await run(['--gradient-checkpointing']);
      console.log(`sft ${device}: activation peak ${full} B → ${ckpt} B with --gradient-checkpointing`);
      expect(ckpt).toBeGreaterThan(0);
      expect(ckpt).toBeLessThan(full);
    }
  }, 60_000);

  it.skipIf(!bertTok.present)('matcher (CPU): lower peak with the flag', async () => {
    const dir = tempDir('ckpt-flag-matcher');
    writeTinyBertDir(path.join(dir, 'base'), 3);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), ['cat', 'dog', 'sun', 'tree'].map((w) => ({ anchor: `a ${w}`, positive: `the ${w} is here` })));
    const run = async (flag: string[]) => {
      const out = path.join(dir, `out${flag.length}`);
      await runMatcherTraining(parseTrainConfig('matcher', ['--model', path.join(dir, 'base'), '--tokenizer', bertTok.path, '--data', data, '--out', out,
        '--device', 'cpu', '--full-finetune', '--steps', '1', '--batch-size', '4', '--quiet', ...flag], 'help')!, quiet);
      return peakOf(out);
    };
    const full = await run([]), ckpt = await run(['--gradient-checkpointing']);
    console.log(`matcher cpu: activation peak ${full} B → ${ckpt} B with --gradient-checkpointing`);
    expect(ckpt).toBeGreaterThan(0);
    expect(ckpt).toBeLessThan(full);
  }, 60_000);
});
