/**
 * File-system helpers of the CLI (the only Node-specific layer besides the worker pool): collecting
 * resume files from paths and folders, and atomic output writes (temp file in the same folder, then
 * rename, so a reader never sees half a file).
 *
 * Non-goals: globbing, following symlinked folders (skipped to avoid cycles), watching.
 */

import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Extensions picked up when walking a folder (explicitly named files are read whatever their name).
 * .doc and .rtf are unsupported but collected so the recruiter sees an error row, not a silent skip.
 */
export const RESUME_EXTENSIONS = new Set(['.pdf', '.docx', '.txt', '.doc', '.rtf']);

export interface CollectedInputs {
  files: string[];
  errors: Array<{ file: string; error: string }>;
}

/** Expands files and folders (recursively, sorted) into resume file paths; missing paths become errors. */
export async function collectInputFiles(inputs: string[]): Promise<CollectedInputs> {
  const files: string[] = [];
  const errors: CollectedInputs['errors'] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ file: dir, error: `${dir}: cannot read folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && RESUME_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) add(full);
    }
  }
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push({ file: input, error: `${input}: ${code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code ?? (e as Error).message})`}` });
      continue;
    }
    if (stat.isDirectory()) await walk(input);
    else add(input);
  }
  return { files, errors };
}

/** A file written in pieces and published atomically: temp file beside it, fsync and rename on commit. */
export interface AtomicWriter {
  write(chunk: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Opens `file` for atomic writing (creating missing folders); nothing appears at `file` before commit(). */
export async function openAtomicWriter(file: string): Promise<AtomicWriter> {
  const dir = path.dirname(path.resolve(file));
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(temp, 'w');
  let closed = false;
  const close = async () => {
    if (!closed) (closed = true), await handle.close();
  };
  return {
    write: async (chunk) => void (await handle.write(chunk, null, 'utf8')),
    async commit() {
      try {
        await handle.sync();
      } finally {
        await close();
      }
      try {
        await fs.rename(temp, file);
      } catch (e) {
        await fs.rm(temp, { force: true });
        throw e;
      }
    },
    async abort() {
      await close();
      await fs.rm(temp, { force: true });
    }
  };
}

/** Writes `data` to `file` atomically (temp file beside it, fsync, rename), creating missing folders. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const writer = await openAtomicWriter(file);
  try {
    await writer.write(data);
  } catch (e) {
    await writer.abort();
    throw e;
  }
  await writer.commit();
}

/** Reads a file into a Uint8Array, or returns a message naming the file and the OS error. */
export async function readFileBytes(file: string): Promise<{ bytes: Uint8Array } | { error: string }> {
  try {
    const buffer = await fs.readFile(file);
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    return { error: `${file}: cannot read (${why})` };
  }
}
