/**
 * SFT end to end on the CPU path: a tiny random Llama (HF folder written by the test, llama2.c tok512
 * tokenizer from ../shared) memorises a tiny synthetic chat set (assistant-token loss < 0.1); the assistant
 * mask covers exactly the answers; the written PEFT adapter reloads and reproduces the trained logits and the
 * merged safetensors equal base+adapter; the `sft` CLI runs QLoRA and writes every output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLlama2c, readLlama2cTokenizer } from '../../src/io/llama2c-tokenizer';
import { nodeModelFiles } from '../../src/io/node-files';
import { parsePeftAdapter } from '../../src/io/peft';
import { llamaForward } from '../../src/models/llama';
import { main } from '../../src/cli/main';
import { causalBatch } from '../../src/train/batching';
import { hfChatTokenizer, llama2cChatTokenizer } from '../../src/train/chat-tokenizer';
import { loadHfLlama, loadHfTokenizer } from '../../src/io/hf';
import { makeTrainConfig } from '../../src/train/config';
import { runDecoderTraining } from '../../src/train/decoder-run';
import { readMetrics } from '../../src/train/metrics';
import { buildSftSequences, meanCausalLoss } from '../../src/train/sft';
import { SFT_ROWS, sharedPath, tempDir, TINY_LLAMA, writeJsonl, writeTinyLlamaDir } from './fixtures';

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const quiet = { log: () => {} };

describe.skipIf(!tok.present)('sft on a tiny random Llama (CPU)', () => {
  it('masks exactly the assistant answers (plus their EOS)', () => {
    const t = readLlama2cTokenizer(new Uint8Array(readFileSync(tok.path)), 512);
    const chat = llama2cChatTokenizer(t);
    for (const row of SFT_ROWS) {
      const seq = chat.encodeChat(row.messages);
      const masked = seq.ids.filter((_, i) => seq.mask[i] === 1);
      expect(masked[masked.length - 1]).toBe(2); // EOS is a target, so generation learns to stop
      const answer = row.messages.find((m) => m.role === 'assistant')!.content;
      expect(decodeLlama2c(t, masked.slice(0, -1)).trim()).toBe(answer);
    }
  });

  it('overfits the set (loss < 0.1), and the adapter + merged exports reproduce the trained logits', async () => {
    const dir = tempDir('sft');
    writeTinyLlamaDir(path.join(dir, 'base'), 1);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
    const cfg = makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out: path.join(dir, 'out') }, {
      device: 'cpu', tokenizer: tok.path, steps: 45, lr: 1.5e-2, batchSize: 4, loraR: 8, loraAlpha: 16,
      targetModules: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], quiet: true
    });
    const run = await runDecoderTraining(cfg, quiet);
    const t = readLlama2cTokenizer(new Uint8Array(readFileSync(tok.path)), 512);
    const seqs = buildSftSequences(SFT_ROWS.map((r) => r.messages), llama2cChatTokenizer(t), cfg.seqLen, false).sequences;
    const before = meanCausalLoss(run.model, null, seqs, 4);
    const after = meanCausalLoss(run.model, run.lora, seqs, 4);
    console.log(`[sft] assistant-token loss: base ${before.toFixed(3)} -> trained ${after.toFixed(4)}`);
    expect(before).toBeGreaterThan(2);
    expect(after).toBeLessThan(0.1);
    const metrics = readMetrics(path.join(cfg.out, 'metrics.jsonl'));
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));

    const batch = causalBatch(seqs);
    const trained = llamaForward(run.model, batch.tokens, batch.B, batch.T, { lora: run.lora }).logits;
    const reloaded = parsePeftAdapter(TINY_LLAMA, readFileSync(path.join(cfg.out, 'adapter/adapter_config.json'), 'utf8'),
      new Uint8Array(readFileSync(path.join(cfg.out, 'adapter/adapter_model.safetensors'))));
    const base = await loadHfLlama(nodeModelFiles(path.join(dir, 'base')));
    const viaAdapter = llamaForward(base, batch.tokens, batch.B, batch.T, { lora: reloaded }).logits;
    expect(Array.from(viaAdapter)).toEqual(Array.from(trained));
    const merged = await loadHfLlama(nodeModelFiles(path.join(cfg.out, 'merged')));
    const viaMerged = llamaForward(merged, batch.tokens, batch.B, batch.T).logits;
    let maxDiff = 0;
    for (let i = 0; i < trained.length; i++) maxDiff = Math.max(maxDiff, Math.abs(viaMerged[i] - trained[i]));
    expect(maxDiff).toBeLessThan(1e-3);
  }, 120_000);

  it('the sft CLI trains a QLoRA run with packing and writes adapter, merged, metrics and loss curves', async () => {
    const dir = tempDir('sft-cli');
    writeTinyLlamaDir(path.join(dir, 'base'), 2);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
    const val = writeJsonl(path.join(dir, 'val.jsonl'), SFT_ROWS.slice(0, 2));
    const out = path.join(dir, 'out');
    const code = await main(['sft', '--model', path.join(dir, 'base'), '--tokenizer', tok.path, '--data', data, '--val', val, '--out', out,
      '--qlora', '--pack', '--seq-len', '80', '--steps', '8', '--lr', '1e-2', '--batch-size', '1', '--eval-every', '4', '--quiet']);
    expect(code).toBe(0);
    const metrics = readMetrics(path.join(out, 'metrics.jsonl'));
    expect(metrics).toHaveLength(8);
    expect(metrics.filter((m) => m.eval_loss !== undefined).map((m) => m.step)).toEqual([4, 8]);
    expect(metrics[7].eval_loss!).toBeLessThan(metrics[3].eval_loss!);
    const summary = JSON.parse(readFileSync(path.join(out, 'train-summary.json'), 'utf8')) as { data: { trainSequences: number } };
    expect(summary.data.trainSequences).toBeLessThan(SFT_ROWS.length); // packed rows hold several conversations
    const adapterConfig = JSON.parse(readFileSync(path.join(out, 'adapter/adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(adapterConfig.target_modules).toEqual(['q_proj', 'k_proj', 'v_proj', 'o_proj']);
    expect(Array.from(readFileSync(path.join(out, 'loss-curve.png')).subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(readFileSync(path.join(out, 'loss-curve.svg'), 'utf8')).toContain('<polyline');
    expect(readFileSync(path.join(out, 'merged/config.json'), 'utf8')).toContain('LlamaForCausalLM');
  }, 120_000);
});

const hfTok = sharedPath('models/tiny-random-llama-onnx');

describe.skipIf(!hfTok.present)('chat-template tokenization for Hugging Face models', () => {
  it('SFT masks the assistant turns; DPO masks only the completion (Llama-2 template)', async () => {
    const tokz = await loadHfTokenizer(nodeModelFiles(hfTok.path));
    const chat = hfChatTokenizer(tokz);
    const decode = (ids: number[]) => tokz.tokenizer.decode(ids, { skip_special_tokens: true }).replace(/\s+/g, ' ').trim();
    const messages = [
      { role: 'user', content: 'Is the cat happy?' }, { role: 'assistant', content: 'Yes.' },
      { role: 'user', content: 'And the dog?' }, { role: 'assistant', content: 'It sleeps.' }
    ];
    const full = chat.encodeChat(messages);
    expect(decode(full.ids.filter((_, i) => full.mask[i] === 1))).toBe('Yes. It sleeps.');
    const dpo = chat.encodePromptCompletion(messages.slice(0, 3), messages.slice(3));
    expect(decode(dpo.ids.filter((_, i) => dpo.mask[i] === 1))).toBe('It sleeps.');
    expect(dpo.ids).toEqual(full.ids);
  });
});
