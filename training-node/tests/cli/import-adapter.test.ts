/**
 * `training-node import-adapter` on a real export of the browser re-fit (training-node/src/adapt, run here on the
 * CPU): the zip unpacks into a matcher-style run folder whose merged HF model reloads (loadHfBert) to the same
 * embeddings as the exported ONNX and whose adapter/ equals the trained LoRA; a tampered file, a missing file, an
 * unlisted file and a non-zip stop with an error naming the file, writing nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { trainEmbedLora } from '../../src/adapt/embed-lora';
import { ADAPTER_WEIGHTS, exportAdaptedModel, loadEmbeddingModel, type FolderFiles } from '../../src/adapt/export';
import { runImportAdapter } from '../../src/cli/commands/import-adapter';
import { main } from '../../src/cli/main';
import { loadHfBert } from '../../src/io/hf';
import { nodeModelFiles } from '../../src/io/node-files';
import { parseBertPeftAdapter } from '../../src/io/peft';
import { cachedTokenizer, encodeTexts } from '../../src/train/matcher';
import { listFiles, quietContext, readReport, tempDir } from '../data/helpers';
import { sharedModel } from '../io/shared-fixtures';
import { buildTinyBertOnnx } from '../../../tests/fixtures/tiny-bert-onnx';
import { simulatedDecisions } from '../../../tests/fixtures/simulated-decisions';

const tokenizerFixture = sharedModel('minilm-l6-tokenizer');

describe.skipIf(!tokenizerFixture.present)('training-node import-adapter', () => {
  const { dir, cleanup } = tempDir('import-adapter');
  afterAll(cleanup);

  async function adaptedExport(): Promise<{ files: FolderFiles; zip: string }> {
    const baseDir = path.join(dir, 'base');
    buildTinyBertOnnx(baseDir, { tokenizerDir: tokenizerFixture.path, hiddenSize: 32, numLayers: 2, numHeads: 4, intermediateSize: 64, maxPositions: 64, seed: 9 });
    const base: FolderFiles = {};
    for (const p of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) base[p] = new Uint8Array(readFileSync(path.join(baseDir, p)));
    const model = await loadEmbeddingModel(base, baseDir);
    const { jobs, decisions } = simulatedDecisions({ seed: 4 });
    const report = await trainEmbedLora({ ...model, jobs, decisions, options: { steps: 6, lr: 5e-3, seqLen: 32 } });
    const { files } = await exportAdaptedModel({ base, ...model, lora: report.lora, id: 'local/adapted-nurse', label: 'Tiny, adapted', baseModel: 'acme/tiny@fp32', report });
    const zip = path.join(dir, 'adapted.zip');
    writeFileSync(zip, zipSync(files));
    return { files, zip };
  }

  it('unpacks a checked export into model/ and adapter/ that reload to the exported model', async () => {
    const { files, zip } = await adaptedExport();
    const out = path.join(dir, 'run');
    expect(await runImportAdapter([zip, '--out', out], quietContext())).toBe(0);
    expect(listFiles(out).sort()).toEqual(['adapter/adapter_config.json', 'adapter/adapter_model.safetensors', 'model/config.json', 'model/model.safetensors',
      'model/tokenizer.json', 'model/tokenizer_config.json', 'report.json', 'source/manifest.json', 'train-summary.json'].map((p) => p.split('/').join(path.sep)));
    const exported = await loadEmbeddingModel(files, 'export');
    const hf = await loadHfBert(nodeModelFiles(path.join(out, 'model')));
    expect(hf.params.arena).toEqual(exported.params.arena);
    const texts = ['Registered nurse with ICU triage experience', 'Forklift and warehouse shipping'];
    const tokenize = cachedTokenizer(exported.tokenize, 64);
    expect(encodeTexts({ ...hf, lora: null }, tokenize, texts)).toEqual(encodeTexts({ ...exported, lora: null }, tokenize, texts));
    const adapter = parseBertPeftAdapter(hf.config, readFileSync(path.join(out, 'adapter/adapter_config.json'), 'utf8'), new Uint8Array(readFileSync(path.join(out, 'adapter/adapter_model.safetensors'))));
    expect(adapter.arena).toEqual(parseBertPeftAdapter(hf.config, new TextDecoder().decode(files['adapter/adapter_config.json']), files[ADAPTER_WEIGHTS]).arena);
    const summary = JSON.parse(readFileSync(path.join(out, 'train-summary.json'), 'utf8'));
    expect(summary).toMatchObject({ steps: 6, config: { model: 'acme/tiny@fp32', loraR: 8 } });
    expect(readReport(out).counts).toMatchObject({ loraRank: 8, layers: 2, hidden: 32 });

    // The unpacked folder is accepted too.
    const folder = path.join(dir, 'unpacked');
    for (const [p, bytes] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(folder, p)), { recursive: true });
      writeFileSync(path.join(folder, p), bytes);
    }
    expect(await runImportAdapter([folder, '--out', path.join(dir, 'run2')], quietContext())).toBe(0);
  });

  it('refuses tampered, missing, unlisted files and a non-zip, naming the file and writing nothing', async () => {
    const { files } = await adaptedExport();
    const attempt = async (name: string, changed: FolderFiles): Promise<string> => {
      const zip = path.join(dir, `${name}.zip`);
      writeFileSync(zip, zipSync(changed));
      const out = path.join(dir, `out-${name}`);
      const error = await runImportAdapter([zip, '--out', out], quietContext()).then(() => null, (e: Error) => e.message);
      expect(existsSync(out) ? listFiles(out).filter((f) => !f.startsWith('.staging')) : []).toEqual([]);
      return error ?? 'no error';
    };
    const tampered = Uint8Array.from(files[ADAPTER_WEIGHTS]);
    tampered[tampered.length - 1] ^= 1;
    expect(await attempt('tampered', { ...files, [ADAPTER_WEIGHTS]: tampered })).toMatch(/tampered\.zip\/adapter\/adapter_model\.safetensors: SHA-256 [0-9a-f]{64}, manifest\.json says/);
    const { ['onnx/model.onnx']: _onnx, ...noOnnx } = files;
    expect(await attempt('missing', noOnnx)).toContain('missing.zip/onnx/model.onnx: listed in manifest.json but missing');
    expect(await attempt('unlisted', { ...files, 'extra.bin': new Uint8Array(3) })).toContain('unlisted.zip/extra.bin: not listed in manifest.json');
    const { ['manifest.json']: _m, ...noManifest } = files;
    expect(await attempt('nomanifest', noManifest)).toContain('nomanifest.zip/manifest.json: missing');
    const notZip = path.join(dir, 'notes.zip');
    writeFileSync(notZip, 'hello');
    expect(await main(['import-adapter', notZip, '--out', path.join(dir, 'o'), '-q'])).toBe(1);
    await expect(runImportAdapter([notZip, '--out', path.join(dir, 'o')], quietContext())).rejects.toThrow(/notes\.zip: not a zip archive nor a folder/);
  });
});
