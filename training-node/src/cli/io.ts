/**
 * The CLI's file I/O: reading tables (any encoding core/ingest can detect), resume files through the
 * app's own `extractText`, and writing outputs through a staging directory so a run either publishes all
 * of its files or none (each file is written to a temp path, then renamed into place at the very end).
 *
 * Non-goals: parsing (src/data), progress rendering (progress.ts).
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectAndDecode, extractText } from '../../../src/lib/core/ingest/index';
import { DataInputError, formatFromFileName, parseTable, type ReadOptions, type ReadResult, type TableFormat } from '../data/read';

/** Reads and decodes a table file (UTF-8/UTF-16 with BOM, or Windows-1252), then parses it. */
export async function readTableFile(file: string, options: ReadOptions & { format?: TableFormat } = {}): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new DataInputError(file, undefined, 'unreadable', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (bytes.length === 0) throw new DataInputError(file, undefined, 'empty-file', 'the file is empty (0 bytes)');
  const { text } = detectAndDecode(bytes);
  return parseTable(text, file, options.format ?? formatFromFileName(file), options);
}

/** Reads a JSON file, naming the file on error. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new DataInputError(file, undefined, 'unreadable', `cannot read the file (${e.code ?? e.message})`);
  });
  if (text.trim() === '') throw new DataInputError(file, undefined, 'empty-file', 'the file is empty');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DataInputError(file, undefined, 'malformed-json', `not valid JSON (${(e as Error).message})`);
  }
}

export type ResumeFileResult = { ok: true; text: string; sha256: string } | { ok: false; code: string; message: string };

/** Extracts a resume file's visible text with core/ingest (the same code the app runs). */
export async function readResumeFile(file: string): Promise<ResumeFileResult> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    return { ok: false, code: 'unreadable', message: `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const result = await extractText(bytes, path.basename(file));
  if (!result.ok) return { ok: false, code: result.error.code, message: `${file}: ${result.error.message.replace(`${path.basename(file)}: `, '')}` };
  if (result.value.imageOnly) return { ok: false, code: 'image-only', message: `${file}: the PDF has no text layer (a scan); it needs OCR` };
  return { ok: true, text: result.value.text, sha256: result.value.sha256 };
}

/** Lists `root/<CATEGORY>/*.{pdf,docx,txt}` as {category, file}, sorted for determinism. */
export async function listCategoryFolder(root: string, limitPerClass?: number): Promise<{ category: string; file: string }[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw new DataInputError(root, undefined, 'unreadable', 'cannot list the folder; expected data-root/<CATEGORY>/*.pdf|docx|txt');
  });
  const out: { category: string; file: string }[] = [];
  for (const dir of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const files = (await readdir(path.join(root, dir))).filter((f) => /\.(pdf|docx|txt)$/i.test(f)).sort(naturalCompare);
    for (const f of files.slice(0, limitPerClass ?? files.length)) out.push({ category: dir, file: path.join(root, dir, f) });
  }
  if (out.length === 0) throw new DataInputError(root, undefined, 'no-documents', 'no <CATEGORY>/*.pdf|docx|txt files found under this folder');
  return out;
}

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Collects output files in memory-light staged form: each `write` goes to `<out>/.staging-<pid>/<name>`;
 * `commit` renames them all into `<out>`; `abort` removes the staging directory. Nothing appears in `<out>`
 * until `commit`, so a failed run leaves the previous outputs untouched.
 */
export class StagedOutput {
  private readonly staging: string;
  private readonly names: string[] = [];

  constructor(readonly outDir: string) {
    this.staging = path.join(outDir, `.staging-${process.pid}-${Date.now()}`);
  }

  /** Writes one output file (relative name, may include sub-folders) into staging. */
  async write(name: string, content: string): Promise<void> {
    const target = path.join(this.staging, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
    this.names.push(name);
  }

  /** Writes one binary output file (relative name, may include sub-folders) into staging. */
  async writeBytes(name: string, content: Uint8Array): Promise<void> {
    const target = path.join(this.staging, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    this.names.push(name);
  }

  /** Writes records as JSON Lines. */
  async writeJsonl(name: string, records: readonly unknown[]): Promise<void> {
    await this.write(name, records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : ''));
  }

  /** Moves every staged file into place (each rename is atomic), then removes staging. */
  async commit(): Promise<string[]> {
    for (const name of this.names) {
      const target = path.join(this.outDir, name);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(this.staging, name), target);
    }
    await rm(this.staging, { recursive: true, force: true });
    return this.names.map((n) => path.join(this.outDir, n));
  }

  /** Discards everything staged. */
  async abort(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }
}

/** Whether a path exists. */
export async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
