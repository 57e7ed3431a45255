/**
 * PDF text built from the operator list (one content-stream parse, the default) must be what pdf.js getTextContent
 * gives (`pdfTextSource: 'textContent'`, the reference): same text, same hidden-text verdicts. Checked on generated
 * PDFs that exercise the spacing rules (TJ kerning and gaps, Tc, Tw, Tz, Ts, T*, ', ", rotation, a second column)
 * and every hiding trick, and on kaggle resumes when ../shared is present; plus the per-page fallback cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, type ExtractedText } from '../../../src/lib/core/ingest';
import { textFromOperatorList, type OpFont } from '../../../src/lib/core/ingest/pdf-oplist-text';
import type { GlyphPaint } from '../../../src/lib/core/ingest/pdf-visibility';
import { buildPdf, hiddenTextPdf, textOp } from '../../fixtures/bad-inputs';
import { PDF_HIDINGS, resumePdf } from '../../fixtures/stuffed-documents';

async function both(bytes: Uint8Array, name: string): Promise<[ExtractedText, ExtractedText]> {
  const ops = await extractText(bytes, name);
  const ref = await extractText(bytes, name, { pdfTextSource: 'textContent' });
  if (!ops.ok || !ref.ok) throw new Error(`${name}: ${ops.ok ? '' : ops.error.message} ${ref.ok ? '' : ref.error.message}`);
  return [ops.value, ref.value];
}

function expectSame([ops, ref]: [ExtractedText, ExtractedText]): void {
  expect(ops.text).toBe(ref.text);
  expect(ops.hidden).toEqual(ref.hidden);
  expect(ops.warnings).toEqual(ref.warnings);
}

const SPACING_PAGE = [
  'BT /F1 11 Tf 72 720 Td [(Kerned) -30 (Text) -250 (with) -700 (gaps) 4000 (and) 0 (joins)] TJ ET',
  'BT /F1 10 Tf 2 Tc 72 700 Td (Letter spaced heading) Tj 0 Tc 3 Tw 0 -14 Td (Word spaced line here) Tj ET',
  'BT /F1 12 Tf 14 TL 72 660 Td 80 Tz (Condensed text) Tj 100 Tz T* (Next line) Tj (After quote) \' 1 0 (Double quote) " ET',
  'BT /F1 9 Tf 72 600 Td (E = mc) Tj 4 Ts (2) Tj 0 Ts ( and H) Tj -2 Ts (2) Tj 0 Ts (O) Tj ET',
  'q 0 1 -1 0 560 300 cm BT /F1 10 Tf 0 0 Td (Rotated sidebar label) Tj ET Q',
  textOp(320, 560, 'Right column: Python, SQL, AWS'),
  textOp(72, 560, 'Left column: Experience 2015 - 2019'),
  'BT /F1 11 Tf 1 0 0 1 72 500 Tm (Set by Tm) Tj 1 0 0 1 140 500 Tm (same baseline) Tj ET'
].join('\n');

describe('PDF text from the operator list matches getTextContent', () => {
  it('matches on spacing rules: TJ kerning and gaps, Tc, Tw, Tz, Ts, T*, quotes, rotation, columns, Tm', async () => {
    const pair = await both(buildPdf([{ content: SPACING_PAGE }]), 'spacing.pdf');
    expectSame(pair);
    expect(pair[0].text).toContain('Kerned');
    expect(pair[0].text).toContain('Rotated sidebar label');
  });

  it('matches on the hidden-text PDF and every stuffing hiding, and still drops the hidden text', async () => {
    const [ops, ref] = await both(hiddenTextPdf(), 'hidden.pdf');
    expectSame([ops, ref]);
    expect(ops.hidden.chars).toBeGreaterThan(0);
    for (const hiding of PDF_HIDINGS) {
      const pair = await both(resumePdf(['Sam Cook', 'EXPERIENCE', 'Line cook'], { lines: ['GAAP QuickBooks reconciliations'], hiding }), `${hiding}.pdf`);
      expectSame(pair);
      expect(pair[0].text).not.toContain('QuickBooks');
      expect(pair[0].hidden.chars).toBeGreaterThan(0);
    }
  });

  const dataDir = path.resolve(process.cwd(), '../shared/data/kaggle_resume_pdfs/data');
  it.skipIf(!fs.existsSync(dataDir))('matches on kaggle resumes (skipped without ../shared/data/kaggle_resume_pdfs)', async () => {
    const files = fs
      .readdirSync(dataDir)
      .sort()
      .flatMap((d) => fs.readdirSync(path.join(dataDir, d)).sort().slice(0, 1).map((f) => path.join(dataDir, d, f)));
    for (const file of files) expectSame(await both(new Uint8Array(fs.readFileSync(file)), path.basename(file)));
  }, 60_000);
});

describe('textFromOperatorList', () => {
  const OPS: Record<string, number> = { save: 10, restore: 11, transform: 12, setFont: 37, beginText: 31, moveText: 40, showText: 44, setTextMatrix: 42 };
  const helvetica: OpFont = { name: 'Helvetica', fontMatrix: [0.001, 0, 0, 0.001, 0, 0] };
  const glyph = (ch: string) => ({
    unicode: ch,
    width: 500,
    originalCharCode: ch.charCodeAt(0),
    category: { isWhitespace: ch === ' ', isZeroWidthDiacritic: false, isInvisibleFormatMark: false }
  });
  const paintsFor = (text: string): GlyphPaint[] =>
    [...text.replace(/\s/g, '')].map((ch, i) => ({ ch, op: i, renderMode: 0, fill: [0, 0, 0], alpha: 1, stroke: [0, 0, 0], strokeAlpha: 1 }));
  const run = (elements: unknown[], x: number, fonts: (n: string) => OpFont | null = () => helvetica, view = [0, 0, 612, 792]) =>
    textFromOperatorList(
      [OPS.beginText, OPS.setFont, OPS.moveText, OPS.showText],
      [[], ['g_f1', 10], [x, 700], [elements]],
      OPS,
      fonts,
      view,
      paintsFor(elements.map((e) => (typeof e === 'number' ? '' : (e as { unicode: string }).unicode)).join(''))
    );

  it('gives each character the paint of the glyph that drew it, a fake space for a TJ gap, an item per far jump', () => {
    const r = run([...'ab'].map(glyph).concat([-300 as never], [...'cd'].map(glyph), [-5000 as never], [...'ef'].map(glyph)), 72);
    expect(r.unsupported).toBeNull();
    const texts = r.items.map((i) => i.str);
    expect(texts).toEqual(['ab cd', ' ', 'ef']);
    expect(r.items[0].paints.map((p) => p?.ch ?? null)).toEqual(['a', 'b', null, 'c', 'd']);
    expect(r.items[2].paints.map((p) => p?.ch)).toEqual(['e', 'f']);
    expect(r.unplaced).toBe(0);
  });

  it('counts glyphs drawn outside the view box as unplaced and leaves them out', () => {
    const r = run([...'abc'].map(glyph), 700);
    expect(r.items.map((i) => i.str).join('')).toBe('');
    expect(r.unplaced).toBe(3);
  });

  it('hands back pages it cannot match getTextContent on: right-to-left text, vertical fonts, unknown fonts', () => {
    expect(run([...'שלום'].map(glyph), 72).unsupported).toMatch(/right-to-left/);
    expect(run([...'ab'].map(glyph), 72, () => ({ ...helvetica, vertical: true })).unsupported).toMatch(/vertical/);
    expect(run([...'ab'].map(glyph), 72, () => null).unsupported).toMatch(/font/);
    expect(run([{ unicode: 'a', width: 500 }], 72).unsupported).toMatch(/categories/);
  });
});
