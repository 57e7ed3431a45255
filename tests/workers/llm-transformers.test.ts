// transformers.js LLM backend on the real tiny random Llama ONNX (fp16, local folder, remote models disabled):
// xgrammar-constrained decoding yields schema-valid JSON from random weights; streaming and cancellation work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { AutoModelForCausalLM, AutoTokenizer } from '@huggingface/transformers';
import { createLlmApi } from '../../workers/llm/api';
import { createTransformersBackend } from '../../workers/llm/transformers-backend';
import { describeVocabulary, type TokenizerJson } from '../../workers/llm/xgrammar';
import { maxTokensFor, recommendationSchema, skillScoresSchema, type JsonSchema } from '../../src/lib/core/llm/schemas';
import type { LlmApi } from '../../src/lib/core/protocol/llm';
import { buildSkillScoresPrompt } from '../../src/lib/core/llm/prompts';
import { runScreeningTask } from '../../src/lib/core/llm/run-task';
import { checkSkillScores } from '../../src/lib/core/llm/skill-scores';
import { maskText } from '../../src/lib/core/mask';
import { parseJob } from '../../src/lib/core/job';

const modelsDir = path.resolve(__dirname, '../../../shared/models');
const hasModel = existsSync(path.join(modelsDir, 'tiny-random-llama-onnx/onnx/model_fp16.onnx'));
if (!hasModel) console.warn(`[skip] ${modelsDir}/tiny-random-llama-onnx is absent: transformers.js LLM tests skipped`);

const load = { backend: 'transformers.js' as const, model: 'tiny-random-llama-onnx', localModelPath: modelsDir + '/', allowRemoteModels: false, dtype: 'fp16' as const, device: 'cpu' as const };
const messages = [{ role: 'system' as const, content: 'Answer in JSON.' }, { role: 'user' as const, content: 'Assess the candidate for the role.' }];

describe.skipIf(!hasModel)('transformers.js backend on tiny-random-llama-onnx', () => {
  let api: LlmApi;
  const ajv = new Ajv({ allErrors: true, strict: false });

  beforeAll(async () => {
    api = createLlmApi({ 'transformers.js': createTransformersBackend });
    const info = await api['llm.load']({ options: load });
    expect(info).toMatchObject({ backend: 'transformers.js', device: 'cpu/fp16' });
  });
  afterAll(async () => api?.['llm.unload']());

  // The per-skill schema is exercised end to end (masked prompt → generate → checkSkillScores) below.
  const cases: [string, JsonSchema][] = [['recommendation', recommendationSchema]];
  for (const [name, schema] of cases) {
    it(`constrained decoding gives schema-valid JSON for the ${name} schema, streamed token by token`, async () => {
      const deltas: string[] = [];
      const r = await api['llm.generate']({ messages, schema, maxTokens: maxTokensFor(schema) }, (d) => void deltas.push(d));
      expect(r.finishReason).toBe('stop');
      const parsed = JSON.parse(r.text);
      const valid = ajv.validate(schema, parsed);
      expect(ajv.errorsText(), r.text).toBe('No errors');
      expect(valid).toBe(true);
      expect(deltas.length).toBeGreaterThan(5);
      expect(deltas.join('')).toBe(r.text);
    });
  }

  it('per-skill scores end to end on masked text: schema-valid by construction, streamed, quotes checked, totals from code', async () => {
    const resumeText = 'Dana Smith\ndana@example.com\n\nExperience\nRan Kubernetes clusters and wrote Terraform modules for 40 services.';
    const masked = maskText(resumeText, { profile: 'blind', knownNames: ['Dana Smith'] });
    const job = parseJob({ title: 'Platform Engineer', description: 'Requirements:\n- Kubernetes\n- Terraform' });
    const task = buildSkillScoresPrompt({ resume: masked, blind: true, job });
    expect(task.messages.map((m) => m.content).join('')).not.toContain('Dana');
    const deltas: string[] = [];
    const r = await runScreeningTask(api, task, (text) => checkSkillScores(text, { requirements: job.requirements, resume: masked }), { onToken: (d) => void deltas.push(d) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.raw.finishReason).toBe('stop');
    const schema = skillScoresSchema(job.requirements.map((q) => q.id));
    expect(ajv.validate(schema, JSON.parse(r.value.raw.text)), ajv.errorsText()).toBe(true);
    expect(deltas.join('')).toBe(r.value.raw.text);
    const { scores, totals } = r.value.answer;
    expect(scores.map((s) => s.requirementId)).toEqual(job.requirements.map((q) => q.id));
    expect(scores.every((s) => s.status !== 'missing')).toBe(true); // the schema forces one entry per id
    // Random weights cannot quote the resume, so any positive score must have been voided.
    for (const s of scores) if (s.score !== null && s.score > 0) expect(s.quotes.every((q) => q.verified)).toBe(true);
    const expected = scores.reduce((n, s) => n + (s.score ?? 0) * s.weight, 0);
    expect(totals.points).toBeCloseTo(expected);
  });

  it('without a schema, random weights produce text that is not JSON (so the constraint is doing the work)', async () => {
    const r = await api['llm.generate']({ messages, maxTokens: 24 });
    expect(r.finishReason).toBe('length');
    expect(r.tokens).toBe(24);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('temperature 0 is deterministic', async () => {
    const a = await api['llm.generate']({ messages, maxTokens: 12 });
    const b = await api['llm.generate']({ messages, maxTokens: 12 });
    expect(b.text).toBe(a.text);
  });

  it('the step-wise KV-cached loop matches one plain transformers.js generate call', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('tiny-random-llama-onnx');
    const model = await AutoModelForCausalLM.from_pretrained('tiny-random-llama-onnx', { dtype: 'fp16', device: 'cpu' });
    // This tokenizer ships a Llama-2 chat template, so the prompt goes through it, as in our backend.
    expect(tokenizer.chat_template).toBeTruthy();
    const text = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as unknown as string;
    const enc = tokenizer(text, { add_special_tokens: false });
    const out = (await model.generate({ ...enc, max_new_tokens: 16, do_sample: false })) as unknown as { data: BigInt64Array };
    const direct = tokenizer.decode(Array.from(out.data).slice(enc.input_ids.dims[1]).map(Number), { skip_special_tokens: true });
    const ours = await api['llm.generate']({ messages, maxTokens: 16 });
    expect(ours.text).toBe(direct);
    await model.dispose();
  });

  it('cancellation stops a running generation and the next one still works', async () => {
    let seen = 0;
    const pending = api['llm.generate']({ messages, maxTokens: 400 }, () => {
      if (++seen === 3) void api['llm.cancel']();
    });
    const r = await pending;
    expect(r.finishReason).toBe('cancelled');
    expect(r.tokens).toBeLessThan(10);
    const next = await api['llm.generate']({ messages, maxTokens: 4 });
    expect(next.tokens).toBe(4);
  });

  it('refuses a second concurrent generation with a clear error', async () => {
    const first = api['llm.generate']({ messages, maxTokens: 8 });
    await expect(api['llm.generate']({ messages, maxTokens: 8 })).rejects.toThrow(/already running/);
    await first;
  });
});

describe('describeVocabulary', () => {
  it('detects byte-fallback (SentencePiece) and byte-level (GPT-2 style) vocabularies and orders tokens by id', () => {
    const sp = describeVocabulary({
      model: { type: 'BPE', vocab: { '<unk>': 0, '<s>': 1, '</s>': 2, '▁a': 3 }, byte_fallback: true },
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }] }
    } as TokenizerJson);
    expect(sp).toEqual({ encodedVocab: ['<unk>', '<s>', '</s>', '▁a'], vocabType: 'byte_fallback', prependSpace: true });
    const bl = describeVocabulary({
      model: { type: 'BPE', vocab: { 'Ġa': 1, b: 0 } },
      added_tokens: [{ id: 2, content: '<|im_end|>' }],
      pre_tokenizer: { type: 'ByteLevel' },
      decoder: { type: 'ByteLevel' }
    } as TokenizerJson);
    expect(bl).toEqual({ encodedVocab: ['b', 'Ġa', '<|im_end|>'], vocabType: 'byte_level', prependSpace: false });
  });
});

describe.skipIf(!hasModel)('transformers.js backend load failures', () => {
  it('names the model and the disabled remote loading when files are missing', async () => {
    const api = createLlmApi({ 'transformers.js': createTransformersBackend });
    await expect(api['llm.load']({ options: { ...load, model: 'missing-model' } })).rejects.toThrow(/missing-model.*remote models are disabled/s);
    await expect(api['llm.load']({ options: { backend: 'web-llm', modelId: 'x', modelUrl: 'https://a/b', modelLib: 'https://a/c.wasm' } })).rejects.toThrow(/backend "web-llm" is not available/);
  });
});
