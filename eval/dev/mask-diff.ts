/**
 * Dev check (not a test): what a change to the masker does to REAL resumes. Masks every kaggle resume PDF's text
 * (blind profile, the parsed name as known name) with this checkout's masker and with an earlier checkout's, and
 * counts the name masks each adds or removes: the synthetic splits show what a rule catches, this shows what it
 * takes from text nobody wrote for it (a degree subject, a language, a certification, a firm). `--show` prints each
 * added or removed mask with its line (resume content: for a developer's terminal only).
 * Usage: git worktree add /tmp/old <commit> && ln -s "$PWD/node_modules" /tmp/old/node_modules
 *        npx tsx eval/dev/mask-diff.ts --old /tmp/old [--limit 1712] [--show]
 */
import path from 'node:path';
import { loadKagglePdfs } from '../data';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const oldRoot = arg('--old');
if (!oldRoot) {
  console.error('mask-diff: --old <checkout of the earlier commit> is required (see the usage in this file)');
  process.exit(2);
}
const limit = Number(arg('--limit') ?? Infinity);
const show = process.argv.includes('--show');

type Masker = (text: string) => Array<{ start: number; end: number }>;
async function masker(root: string): Promise<Masker> {
  const { maskText } = await import(path.resolve(root, 'src/lib/core/mask/index.ts'));
  const { parseResume } = await import(path.resolve(root, 'src/lib/core/resume/index.ts'));
  return (text) => {
    const r = parseResume(text);
    const known = r.basics.name ? [r.basics.name] : [];
    return maskText(r.text, { profile: 'blind', knownNames: known }).masks.filter((m: { kind: string }) => m.kind === 'name');
  };
}

const [now, before] = [await masker(path.resolve('.')), await masker(oldRoot)];
const { docs } = await loadKagglePdfs({});
let added = 0;
let removed = 0;
let changed = 0;
let total = 0;
for (const d of docs.slice(0, limit)) {
  const key = (m: { start: number; end: number }) => `${m.start}:${m.end}`;
  const a = new Set(before(d.text).map(key));
  const b = new Set(now(d.text).map(key));
  total += b.size;
  const plus = [...b].filter((k) => !a.has(k));
  const minus = [...a].filter((k) => !b.has(k));
  if (!plus.length && !minus.length) continue;
  changed++;
  added += plus.length;
  removed += minus.length;
  if (show) {
    for (const [sign, list] of [['+', plus], ['-', minus]] as const) {
      for (const k of list) {
        const [s, e] = k.split(':').map(Number);
        const lineStart = d.text.lastIndexOf('\n', s) + 1;
        const lineEnd = d.text.indexOf('\n', e);
        console.log(`${sign} ${d.id}: ${d.text.slice(lineStart, s)}<<${d.text.slice(s, e)}>>${d.text.slice(e, lineEnd < 0 ? undefined : lineEnd)}`);
      }
    }
  }
}
console.log(`${Math.min(limit, docs.length)} resumes: ${total} name masks now; ${changed} resumes changed, ${added} masks added, ${removed} removed (spans on the parsed text)`);
