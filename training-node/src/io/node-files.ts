/**
 * Node file-system bindings for the byte-level io/ readers and writers: a `ModelFiles` reader over a
 * folder, external-data reading for ONNX, and atomic writes (temp file + rename).
 * This is the only file in io/ that imports Node APIs; the browser supplies its own `ModelFiles`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelFiles } from './hf';
import type { ExternalDataReader } from './onnx';

/** A ModelFiles reader over a local folder (undefined for missing files). */
export function nodeModelFiles(dir: string): ModelFiles {
  return async (name) => {
    const file = path.join(dir, name);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
  };
}

/** Reads ONNX external data files that sit next to the model file. */
export function nodeExternalData(modelDir: string): ExternalDataReader {
  const cache = new Map<string, Uint8Array>();
  return (location, offset, length) => {
    let bytes = cache.get(location);
    if (!bytes) {
      const file = path.join(modelDir, location);
      if (!existsSync(file)) throw new Error(`${file}: ONNX external data file not found`);
      bytes = new Uint8Array(readFileSync(file));
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
