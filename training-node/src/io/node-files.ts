/**
 * Node file-system bindings for the byte-level io/ readers and writers: a `ModelFiles` reader over a
 * folder, external-data reading for ONNX, and atomic writes (temp file + rename).
 * This is the only file in io/ that imports Node APIs; the browser supplies its own `ModelFiles`.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelFiles } from './hf';
import type { BertConfig, BertParams } from '../models/bert';
import type { LlamaConfig, LlamaParams } from '../models/llama-params';
import type { BertLoraTarget, LoraAdapters, LoraTarget } from '../models/lora';
import type { ExternalDataReader } from './onnx';
import { hfConfigFromBert, mergedDecoderFiles, type MergedSource, serializeHfBert, serializeHfLlama } from './export-hf';
import { mergeLoraIntoParams, serializePeftAdapter } from './peft';

/**
 * Read a whole file into a fresh Uint8Array in 256 MiB chunks: fs.readFileSync refuses files over 2 GiB,
 * and a single-file 1B-parameter bf16 checkpoint is already ~2.5 GB.
 */
export function readFileBytes(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(size);
    const chunk = 256 * 1024 * 1024;
    for (let offset = 0; offset < size; ) {
      const n = readSync(fd, out, offset, Math.min(chunk, size - offset), offset);
      if (n <= 0) throw new Error(`${file}: unexpected end of file at byte ${offset} of ${size}`);
      offset += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** A ModelFiles reader over a local folder (undefined for missing files; names may not leave the folder). */
export function nodeModelFiles(dir: string): ModelFiles {
  const root = path.resolve(dir);
  return async (name) => {
    const file = path.resolve(root, name);
    if (path.isAbsolute(name) || path.relative(root, file).startsWith('..')) {
      throw new Error(`${name}: model files must live inside the model folder ${dir} (check model.safetensors.index.json)`);
    }
    return existsSync(file) ? readFileBytes(file) : undefined;
  };
}

/** Reads ONNX external data files that sit next to the model file. */
export function nodeExternalData(modelDir: string): ExternalDataReader {
  const cache = new Map<string, Uint8Array>();
  return (location, offset, length) => {
    let bytes = cache.get(location);
    if (!bytes) {
      const file = path.resolve(modelDir, location);
      if (path.relative(path.resolve(modelDir), file).startsWith('..') || path.isAbsolute(location)) {
        throw new Error(`${location}: ONNX external data must live inside the model folder ${modelDir}`);
      }
      if (!existsSync(file)) throw new Error(`${file}: ONNX external data file not found`);
      bytes = readFileBytes(file);
      cache.set(location, bytes);
    }
    const end = length === undefined ? bytes.length : offset + length;
    if (end > bytes.length) throw new Error(`${location}: external data [${offset}, ${end}) exceeds the file size ${bytes.length}`);
    return bytes.subarray(offset, end);
  };
}

/** Write a file atomically: write `<file>.tmp-<pid>`, then rename over the target. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Write a PEFT adapter folder (adapter_config.json + adapter_model.safetensors), each file atomically. */
export function writePeftAdapterDir<T extends LoraTarget | BertLoraTarget>(dir: string, lora: LoraAdapters<T>, baseModel: string): void {
  const { adapterConfigJson, adapterSafetensors } = serializePeftAdapter(lora, baseModel);
  writeFileAtomic(path.join(dir, 'adapter_model.safetensors'), adapterSafetensors);
  writeFileAtomic(path.join(dir, 'adapter_config.json'), adapterConfigJson);
}

/**
 * Write merged weights as a Hugging Face folder (config.json + model.safetensors, and generation_config.json when
 * the source had one or token ids): in the source's dtype, with its special token ids (export-hf mergedDecoderFiles).
 */
export function writeMergedModelDir(dir: string, cfg: LlamaConfig, params: LlamaParams, lora: LoraAdapters | null, source: MergedSource = {}): void {
  const merged = lora ? mergeLoraIntoParams(cfg, params, lora) : params;
  const files = mergedDecoderFiles(cfg, source);
  writeFileAtomic(path.join(dir, 'model.safetensors'), serializeHfLlama(cfg, merged, files.dtype));
  writeFileAtomic(path.join(dir, 'config.json'), JSON.stringify(files.config, null, 2) + '\n');
  if (files.generationConfig) writeFileAtomic(path.join(dir, 'generation_config.json'), JSON.stringify(files.generationConfig, null, 2) + '\n');
}

/** Write a BERT encoder as a Hugging Face folder (config.json + model.safetensors). */
export function writeHfBertDir(dir: string, cfg: BertConfig, params: BertParams): void {
  writeFileAtomic(path.join(dir, 'model.safetensors'), serializeHfBert(cfg, params));
  writeFileAtomic(path.join(dir, 'config.json'), JSON.stringify(hfConfigFromBert(cfg), null, 2) + '\n');
}
