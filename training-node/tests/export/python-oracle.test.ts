/**
 * A second, independent reading of our ONNX files (dev oracle; skips unless `.cache/py-onnx` exists —
 * `python3 -m venv .cache/py-onnx && .cache/py-onnx/bin/pip install onnx onnxruntime`): the `onnx` package's
 * checker with full_check (strict type and shape inference) accepts every variant, and its pure-Python
 * ReferenceEvaluator — no ONNX Runtime involved — runs the fp32 BERT and decoder graphs to the engine's outputs
 * within 1e-4. The product stays TypeScript; this only reads what it writes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bertOnnxModel } from '../../src/export/bert-onnx';
import { llamaOnnxModel } from '../../src/export/llama-onnx';
import { seededRandom } from '../../src/data/random';
import { allocBertParams, bertForward } from '../../src/models/bert';
import { llamaForward } from '../../src/models/llama';
import { allocLlamaParams } from '../../src/models/llama-params';
import { tempDir, TINY_BERT, TINY_LLAMA } from '../train/fixtures';
import { maxAbsDiff } from './helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const python = path.join(repo, '.cache/py-onnx/bin/python');
const present = existsSync(python);
if (!present) console.warn(`[skip] python ONNX oracle: ${python} is absent (python3 -m venv .cache/py-onnx && .cache/py-onnx/bin/pip install onnx onnxruntime)`);

const SCRIPT = `
import json, sys
import numpy as np
import onnx
from onnx.reference import ReferenceEvaluator
job = json.load(open(sys.argv[1]))
out = {}
for f in job["check"]:
    onnx.checker.check_model(f, full_check=True)
    out[f] = "ok"
for run in job["run"]:
    feeds = {k: np.array(v["data"], dtype=v["dtype"]).reshape(v["shape"]) for k, v in run["feeds"].items()}
    result = ReferenceEvaluator(run["file"]).run([run["output"]], feeds)[0]
    out[run["file"] + ":" + run["output"]] = result.astype(np.float64).ravel().tolist()
print(json.dumps(out))
`;

describe.skipIf(!present)('python onnx oracle (checker full_check + ReferenceEvaluator)', () => {
  it('every variant passes the strict checker; the reference evaluator reproduces the engine on fp32', () => {
    const dir = tempDir('py-oracle');
    mkdirSync(dir, { recursive: true });
    const r = seededRandom(21);
    const bert = allocBertParams({ ...TINY_BERT, vocabSize: 200 });
    for (let i = 0; i < bert.arena.length; i++) bert.arena[i] = (r() - 0.5) * 0.4;
    const bertCfg = { ...TINY_BERT, vocabSize: 200 };
    const llama = allocLlamaParams(TINY_LLAMA);
    for (let i = 0; i < llama.arena.length; i++) llama.arena[i] = (r() - 0.5) * 0.4;
    const files: string[] = [];
    for (const f of ['fp32', 'q8'] as const) writeFileSync(files[files.push(path.join(dir, `bert-${f}.onnx`)) - 1], bertOnnxModel(bertCfg, bert, f));
    for (const f of ['fp32', 'q4', 'q4f16'] as const) writeFileSync(files[files.push(path.join(dir, `llama-${f}.onnx`)) - 1], llamaOnnxModel(TINY_LLAMA, llama, f));
    const B = 2, T = 5;
    const ids = Array.from({ length: B * T }, () => Math.floor(r() * 200));
    const mask = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    const tokens = [3, 77, 401, 12, 9, 250];
    const i64 = (data: number[], shape: number[]) => ({ data, shape, dtype: 'int64' });
    const past: Record<string, unknown> = {};
    for (let l = 0; l < TINY_LLAMA.layers; l++) for (const k of ['key', 'value']) past[`past_key_values.${l}.${k}`] = { data: [], shape: [1, TINY_LLAMA.kvHeads, 0, TINY_LLAMA.headDim], dtype: 'float32' };
    const job = {
      check: files,
      run: [
        { file: files[0], output: 'last_hidden_state', feeds: { input_ids: i64(ids, [B, T]), attention_mask: i64(mask, [B, T]), token_type_ids: i64(new Array(B * T).fill(0), [B, T]) } },
        { file: files[2], output: 'logits', feeds: { input_ids: i64(tokens, [1, 6]), attention_mask: i64([1, 1, 1, 1, 1, 1], [1, 6]), position_ids: i64([0, 1, 2, 3, 4, 5], [1, 6]), ...past } }
      ]
    };
    writeFileSync(path.join(dir, 'job.json'), JSON.stringify(job));
    writeFileSync(path.join(dir, 'oracle.py'), SCRIPT);
    const out = JSON.parse(execFileSync(python, [path.join(dir, 'oracle.py'), path.join(dir, 'job.json')], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })) as Record<string, string | number[]>;
    for (const f of files) expect(out[f], f).toBe('ok');
    const hidden = bertForward(bertCfg, bert, Int32Array.from(ids), Uint8Array.from(mask), B, T).hidden;
    const bertErr = maxAbsDiff(out[`${files[0]}:last_hidden_state`] as number[], hidden, (i) => mask[Math.floor(i / bertCfg.hidden)] === 1);
    const logits = llamaForward({ config: TINY_LLAMA, params: llama }, Int32Array.from(tokens), 1, 6).logits;
    const llamaErr = maxAbsDiff(out[`${files[2]}:logits`] as number[], logits);
    console.log(`[python-oracle] onnx.checker full_check: ${files.length} files ok; ReferenceEvaluator vs engine: BERT ${bertErr.toExponential(2)}, decoder ${llamaErr.toExponential(2)}`);
    expect(bertErr).toBeLessThan(1e-4);
    expect(llamaErr).toBeLessThan(1e-4);
  }, 120_000);
});
