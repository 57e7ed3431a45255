/**
 * Dev check (not a test): PDF text built from the operator list (the default, one content-stream parse) against
 * pdf.js getTextContent aligned to the same list (`pdfTextSource: 'textContent'`, the reference) over kaggle PDFs
 * evenly spaced over ../shared/data/kaggle_resume_pdfs/data. Reports the share of documents whose text, hidden
 * count and warnings are identical, and for the others whether only whitespace differs; `--show` adds each
 * differing document's first differing stretch (resume content: for a developer's terminal only).
 * Usage: npx tsx eval/dev/pdf-text-parity.ts [--limit 300] [--show]
 */
import fs from 'node:fs';
import path from 'node:path';
import { collectInputFiles } from '../../src/cli/files';
import { extractText } from '../../src/lib/core/ingest';

const i = process.argv.indexOf('--limit');
const limit = i >= 0 ? Number(process.argv[i + 1]) : 300;
const show = process.argv.includes('--show');
const dataDir = path.resolve(process.cwd(), '../shared/data/kaggle_resume_pdfs/data');
if (!fs.existsSync(dataDir)) {
  console.log(`[skip] ${dataDir} not found (the shared dataset is not on this machine)`);
  process.exit(0);
}
const all = (await collectInputFiles([dataDir])).files;
const files = limit >= all.length ? all : Array.from({ length: limit }, (_, k) => all[Math.floor((k * all.length) / limit)]);

/** The first stretch where a and b differ, with a little context. */
function firstDifference(a: string, b: string): string {
  let s = 0;
  while (s < a.length && s < b.length && a[s] === b[s]) s++;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) ea--, eb--;
  const from = Math.max(0, s - 30);
  return `${JSON.stringify(a.slice(from, Math.min(ea, s + 60) + 10))}\n      ref ${JSON.stringify(b.slice(from, Math.min(eb, s + 60) + 10))}`;
}

let same = 0;
let whitespaceOnly = 0;
let textDiffers = 0;
let hiddenDiffers = 0;
let warningsDiffer = 0;
let failed = 0;
let chars = 0;
let changedChars = 0;
for (const file of files) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const [ops, ref] = [await extractText(bytes, file), await extractText(bytes, file, { pdfTextSource: 'textContent' })];
  if (!ops.ok || !ref.ok) {
    if (ops.ok !== ref.ok) console.log(`${path.basename(file)}: one side failed (${ops.ok ? '' : ops.error.code} / ${ref.ok ? '' : ref.error.code})`);
    failed++;
    continue;
  }
  const a = ops.value;
  const b = ref.value;
  chars += b.text.length;
  const textSame = a.text === b.text;
  const hiddenSame = (a.hidden?.chars ?? 0) === (b.hidden?.chars ?? 0);
  const warningsSame = JSON.stringify(a.warnings) === JSON.stringify(b.warnings);
  if (textSame && hiddenSame && warningsSame) {
    same++;
    continue;
  }
  if (!textSame) {
    const squash = (t: string) => t.replace(/\s+/g, '');
    if (squash(a.text) === squash(b.text)) whitespaceOnly++;
    else textDiffers++;
    changedChars += Math.abs(a.text.length - b.text.length);
    if (show) console.log(`${path.basename(file)}\n      ops ${firstDifference(a.text, b.text)}`);
  }
  if (!hiddenSame) hiddenDiffers++;
  if (!warningsSame) {
    warningsDiffer++;
    if (show) console.log(`${path.basename(file)} warnings\n      ops ${JSON.stringify(a.warnings)}\n      ref ${JSON.stringify(b.warnings)}`);
  }
}
const n = files.length - failed;
console.log(`pdf-text-parity  ${files.length} PDFs (${failed} unreadable on either side), ${chars} reference characters`);
console.log(`identical        ${same}/${n} (${((100 * same) / Math.max(1, n)).toFixed(1)}%)`);
console.log(`text differs     ${whitespaceOnly} in whitespace only, ${textDiffers} in other characters (length change ${changedChars} chars in all)`);
console.log(`hidden count     differs in ${hiddenDiffers}; warnings differ in ${warningsDiffer}`);
