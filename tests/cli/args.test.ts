/** Argument parsing of the `shortlist` CLI: commands, flags, defaults and usage errors. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args';
import { collectInputFiles, writeFileAtomic } from '../../src/cli/files';

describe('parseArgs', () => {
  it('parses screen with repeated jobs, blind default on, --no-blind, --out and operands', () => {
    expect(parseArgs(['screen', '--job', 'a.txt', '--job=b.json', 'x.pdf', 'dir'])).toEqual({
      kind: 'screen', jobs: ['a.txt', 'b.json'], inputs: ['x.pdf', 'dir'], out: null, blind: true, mustFirst: false, workers: null
    });
    const cmd = parseArgs(['screen', '--no-blind', '--out', 'r.json', '--workers', '3', '--job', 'j.txt', '--', '-odd.pdf']);
    expect(cmd).toMatchObject({ blind: false, out: 'r.json', workers: 3, inputs: ['-odd.pdf'] });
    expect(parseArgs(['screen', '--must-first', '--job', 'j.txt', 'x.pdf'])).toMatchObject({ mustFirst: true, blind: true });
  });

  it('parses parse and help forms', () => {
    expect(parseArgs(['parse', 'cv.pdf', '--out', 'cv.json'])).toEqual({ kind: 'parse', file: 'cv.pdf', out: 'cv.json' });
    expect(parseArgs([])).toEqual({ kind: 'help', topic: 'main' });
    expect(parseArgs(['screen', '--help'])).toEqual({ kind: 'help', topic: 'screen' });
    expect(parseArgs(['help', 'parse'])).toEqual({ kind: 'help', topic: 'parse' });
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['parse'], /needs a file/],
    [['parse', 'a.pdf', 'b.pdf'], /one file/],
    [['parse', '--verbose', 'a.pdf'], /unknown option "--verbose"/],
    [['screen', 'a.pdf'], /at least one --job/],
    [['screen', '--job', 'j.txt'], /at least one resume/],
    [['screen', '--job'], /--job needs a value/],
    [['screen', '--job', 'j.txt', '--workers', '0', 'a.pdf'], /--workers must be/]
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('files', () => {
  it('walks folders recursively for resume extensions, skips dot files, reports missing paths', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-files-'));
    fs.mkdirSync(path.join(dir, 'sub/deeper'), { recursive: true });
    for (const f of ['b.pdf', 'a.DOCX', 'sub/c.txt', 'sub/deeper/d.pdf', 'notes.md', '.hidden.pdf']) fs.writeFileSync(path.join(dir, f), 'x');
    const { files, errors } = await collectInputFiles([dir, path.join(dir, 'b.pdf'), path.join(dir, 'missing.pdf')]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['a.DOCX', 'b.pdf', 'sub/c.txt', 'sub/deeper/d.pdf']);
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toMatch(/missing\.pdf: no such file/);
    fs.rmSync(dir, { recursive: true });
  });

  it('writes atomically: the target gets the full content and no temp file is left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-atomic-'));
    const target = path.join(dir, 'out.json');
    fs.writeFileSync(target, 'old');
    await writeFileAtomic(target, '{"new":true}');
    expect(fs.readFileSync(target, 'utf8')).toBe('{"new":true}');
    expect(fs.readdirSync(dir)).toEqual(['out.json']);
    await writeFileAtomic(path.join(dir, 'new/folder/out.json'), 'x');
    expect(fs.readFileSync(path.join(dir, 'new/folder/out.json'), 'utf8')).toBe('x');
    await expect(writeFileAtomic(path.join(dir, 'out.json/inside.json'), 'x')).rejects.toThrow(); // parent is a file
    fs.rmSync(dir, { recursive: true });
  });
});
