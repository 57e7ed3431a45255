/**
 * `training-node topic-space` through the real CLI: a folder of resumes (one unreadable) becomes a topic space
 * file the app's decoder accepts; bad invocations fail with a message and write nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decodeTopicSpace } from '../../../src/lib/core/score/topic/space';
import { resumeText } from '../../../tests/fixtures/hostile-inputs';
import { main } from '../../src/cli/main';
import { tempDir } from '../data/helpers';

const { dir, cleanup } = tempDir('topic');
afterAll(cleanup);

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(args), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('training-node topic-space', () => {
  it('builds a space the app can load from a folder of resumes, skipping an unreadable file by name', async () => {
    const folder = path.join(dir, 'resumes');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 24; i++) writeFileSync(path.join(folder, `r${i}.txt`), resumeText(i));
    writeFileSync(path.join(folder, 'broken.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >> broken');
    const out = path.join(dir, 'topic-space.json');
    const { code, stderr } = await run(['topic-space', folder, '--out', out, '--dims', '4', '--min-df', '2']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/skipped .*broken\.pdf/);
    expect(stderr).toMatch(/24 resumes \(1 skipped\)/);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const space = decodeTopicSpace(file);
    expect(space.dims).toBe(4);
    expect(space.docCount).toBe(24);
    expect(space.index.size).toBe(file.terms.length);
    expect(file.$comment).toMatch(/24 resumes/);
  });

  it('fails with a message and writes nothing when --out is missing or the folder does not exist', async () => {
    const out = path.join(dir, 'never.json');
    const missing = await run(['topic-space', path.join(dir, 'resumes')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out <file\.json> is required/);
    const absent = await run(['topic-space', path.join(dir, 'no-such-folder'), '--out', out]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/no-such-folder/);
    expect(existsSync(out)).toBe(false);
  });
});
