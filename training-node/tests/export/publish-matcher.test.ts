/**
 * `publish` of a matcher run (tiny BERT trained here with the real MiniLM tokenizer, CPU): the folder has the
 * transformers.js layout and a version 2 manifest the app's own validator accepts, whose sizes and SHA-256s are
 * true; the exported ONNX equals the engine's forward
 *   - through onnxruntime-node: fp32 last_hidden_state within 1e-4; q8 (dynamic int8) within 0.1 absolute on the
 *     unit-scale LayerNorm outputs;
 *   - through transformers.js in Node (feature-extraction, mean pooling + L2, as the app calls it): fp32 within
 *     1e-5 per component; q8 cosine to the engine's vector ≥ 0.99;
 * and the model card carries the training run's steps and validation MRR. Bad input is refused naming the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateAnyManifest, type ModelManifestV2 } from '../../../src/lib/core/models/catalog';
import { main } from '../../src/cli/main';
import { publishRun } from '../../src/export/publish';
import { loadHfBert, loadHfTokenizer } from '../../src/io/hf';
import { nodeModelFiles } from '../../src/io/node-files';
import { bertForward } from '../../src/models/bert';
import { tempDir } from '../train/fixtures';
import { maxAbsDiff, minilmTokenizer, trainTinyMatcher } from './helpers';

const TEXTS = ['Senior TypeScript engineer, 7 years of WebGPU and Svelte.', 'Nurse', 'Accountant: month-end close, reconciliations and GAAP reporting'];

describe.skipIf(!minilmTokenizer.present)('publish a matcher run', () => {
  let root: string, run: string, out: string, manifest: ModelManifestV2;

  beforeAll(async () => {
    root = tempDir('publish-matcher');
    run = await trainTinyMatcher(root);
    out = path.join(root, 'published');
    manifest = (await publishRun({ run, out, id: 'acme/matcher', label: 'Acme matcher', license: 'apache-2.0', log: () => {} })).manifest;
  }, 120_000);

  /** The engine's pooled, normalised embeddings and token states of TEXTS, right-padded as one batch. */
  async function engine() {
    const { config, params } = await loadHfBert(nodeModelFiles(path.join(run, 'model')));
    const tok = await loadHfTokenizer(nodeModelFiles(path.join(run, 'model')));
    const encoded = TEXTS.map((t) => tok.tokenizer.encode(t).ids);
    const T = Math.max(...encoded.map((e) => e.length)), B = TEXTS.length;
    const tokens = new Int32Array(B * T), mask = new Uint8Array(B * T);
    encoded.forEach((ids, b) => ids.forEach((id, t) => { tokens[b * T + t] = id; mask[b * T + t] = 1; }));
    return { config, tokens, mask, B, T, acts: bertForward(config, params, tokens, mask, B, T) };
  }

  it('writes the transformers.js layout and a manifest the app accepts, with true sizes and SHA-256s', () => {
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'manifest.json']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const parsed = validateAnyManifest(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')), 'manifest.json');
    expect(parsed.ok, parsed.ok ? '' : parsed.error.message).toBe(true);
    expect(manifest).toMatchObject({ version: 2, id: 'acme/matcher', task: 'embeddings', license: 'apache-2.0', dims: 32 });
    expect(manifest.variants.map((v) => [v.id, v.dtype, v.default ?? false])).toEqual([['acme/matcher@fp32', 'fp32', false], ['acme/matcher@q8', 'q8', true]]);
    for (const f of manifest.files) {
      const bytes = readFileSync(path.join(out, f.path));
      expect(bytes.byteLength, f.path).toBe(f.size_bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
    // The tokenizer truncates to the position table (the trained BERT has 128 positions, MiniLM's tokenizer says 512).
    expect(JSON.parse(readFileSync(path.join(out, 'tokenizer_config.json'), 'utf8')).model_max_length).toBe(128);
  });

  it('model card: training steps and the validation MRR of the run', () => {
    const card = manifest.model_card!;
    expect(card.summary).toMatch(/matcher.*"Acme matcher" fine-tuned from base \(full fine-tune, 6 steps on 4 examples\)/);
    expect(card.training).toMatchObject({ mode: 'matcher', method: 'full fine-tune', steps: 6, examples: 4 });
    const summary = JSON.parse(readFileSync(path.join(run, 'train-summary.json'), 'utf8'));
    expect(card.eval?.metrics.eval_mrr).toBe(summary.finalEval.eval_mrr);
    expect(card.eval?.metrics.eval_loss).toBe(summary.finalEval.eval_loss);
  });

  it('onnxruntime-node: fp32 hidden states equal the engine within 1e-4, q8 within 0.1', async () => {
    const { config, tokens, mask, B, T, acts } = await engine();
    const feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens, (v) => BigInt(v)), [B, T]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask, (v) => BigInt(v)), [B, T]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(B * T), [B, T])
    };
    const real = (i: number) => mask[Math.floor(i / config.hidden)] === 1; // padded query rows are never pooled
    const errors: Record<string, number> = {};
    for (const file of ['model.onnx', 'model_quantized.onnx']) {
      const session = await ort.InferenceSession.create(path.join(out, 'onnx', file));
      const hidden = (await session.run(feeds)).last_hidden_state.data as Float32Array;
      errors[file] = maxAbsDiff(hidden, acts.hidden, real);
      await session.release();
    }
    console.log(`[publish-matcher] ORT vs engine, max |Δ| last_hidden_state: fp32 ${errors['model.onnx'].toExponential(2)}, q8 ${errors['model_quantized.onnx'].toExponential(2)}`);
    expect(errors['model.onnx']).toBeLessThan(1e-4);
    expect(errors['model_quantized.onnx']).toBeLessThan(0.1);
    expect(errors['model_quantized.onnx']).toBeGreaterThan(0); // really quantised
  });

  it('transformers.js (Node): feature-extraction embeddings equal the engine (fp32 1e-5, q8 cosine ≥ 0.99)', async () => {
    const { config, acts } = await engine();
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${root}/`;
    const C = config.hidden;
    for (const dtype of ['fp32', 'q8'] as const) {
      const extractor = (await pipeline('feature-extraction', 'published', { device: 'cpu', dtype })) as FeatureExtractionPipeline;
      const vectors = (await extractor(TEXTS, { pooling: 'mean', normalize: true })).data as Float32Array;
      await extractor.dispose();
      if (dtype === 'fp32') {
        const err = maxAbsDiff(vectors, acts.embeddings);
        console.log(`[publish-matcher] transformers.js fp32 vs engine embeddings: max |Δ| ${err.toExponential(2)}`);
        expect(err).toBeLessThan(1e-5);
      } else {
        const cosines = TEXTS.map((_, b) => vectors.subarray(b * C, (b + 1) * C).reduce((s, v, c) => s + v * acts.embeddings[b * C + c], 0));
        console.log(`[publish-matcher] transformers.js q8 vs engine embeddings: cosine ${cosines.map((c) => c.toFixed(5)).join(', ')}`);
        for (const c of cosines) expect(c).toBeGreaterThan(0.99);
      }
    }
  });

  it('refuses bad input naming the file, and an existing --out without --force; the CLI writes the same manifest', async () => {
    const bad = path.join(root, 'bad-run', 'model');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'config.json'), '{"model_type": "t5"}');
    await expect(publishRun({ run: path.dirname(bad), out: path.join(root, 'x'), log: () => {} })).rejects.toThrow(/bad-run\/model\/config\.json: model_type "t5" cannot be published/);
    await expect(publishRun({ run, out, log: () => {} })).rejects.toThrow(/already exists \(pass --force/);
    const cliOut = path.join(root, 'cli-published');
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      expect(await main(['publish', run, '--out', cliOut, '--id', 'acme/matcher', '--label', 'Acme matcher', '--license', 'apache-2.0', '--formats', 'fp32', '--quiet'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const cli = JSON.parse(readFileSync(path.join(cliOut, 'manifest.json'), 'utf8')) as ModelManifestV2;
    expect(cli.variants.map((v) => v.id)).toEqual(['acme/matcher@fp32']);
    const sha = (m: ModelManifestV2, p: string) => m.files.find((f) => f.path === p)?.sha256;
    expect(sha(cli, 'onnx/model.onnx')).toBe(sha(manifest, 'onnx/model.onnx')); // deterministic writer
  });
});
