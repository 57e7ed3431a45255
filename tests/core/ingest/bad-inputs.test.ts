/**
 * Every bad file becomes a Result error with a stable code and a message naming the file; nothing throws.
 * Also: type sniffing by magic bytes, and awkward-but-valid text encodings.
 */
import { describe, expect, it } from 'vitest';
import { extractText, sniffKind } from '../../../src/lib/core/ingest';
import { expectOnlyVisibleText } from './expect-visible';
import { AWKWARD_INPUTS, BAD_INPUTS, DOCX_HIDDEN, buildDocx, buildPdf, hiddenTextDocx, textOp } from '../../fixtures/bad-inputs';

describe('bad-input corpus', () => {
  for (const fixture of BAD_INPUTS) {
    it(`${fixture.name} → ${fixture.expectCode}`, async () => {
      const result = await extractText(fixture.bytes(), fixture.name);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe(fixture.expectCode);
      expect(result.error.file).toBe(fixture.name);
      expect(result.error.message).toContain(fixture.name);
    });
  }
});

describe('sniffKind', () => {
  it('goes by content, not extension', () => {
    expect(sniffKind(buildPdf([{ content: textOp(72, 700, 'x') }]))).toBe('pdf');
    expect(sniffKind(buildDocx(['x']))).toBe('docx');
    expect(sniffKind(new TextEncoder().encode('%PDF is mentioned but not at the start? no: plain text'))).toBe('txt');
    expect(sniffKind(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBe('txt');
  });
});

describe('valid documents', () => {
  it('reads a DOCX through mammoth and a PDF named .txt as a PDF, with a warning', async () => {
    const docx = await extractText(buildDocx(['Jane Roe', 'Skills: Go, Kubernetes']), 'cv.docx');
    expect(docx.ok && docx.value.kind).toBe('docx');
    expect(docx.ok && docx.value.text).toMatch(/Jane Roe\s+Skills: Go, Kubernetes/);
    const misnamed = await extractText(buildPdf([{ content: textOp(72, 700, 'Plain PDF text') }]), 'notes.txt');
    expect(misnamed.ok && misnamed.value.kind).toBe('pdf');
    expect(misnamed.ok && misnamed.value.text).toBe('Plain PDF text');
    expect(misnamed.ok && misnamed.value.warnings.join(' ')).toMatch(/named \.txt/);
  });

  it('drops hidden DOCX runs (vanish, white on white, under 2 pt) but keeps white text on dark shading', async () => {
    const r = await extractText(hiddenTextDocx(), 'hidden.docx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expectOnlyVisibleText(r.value, DOCX_HIDDEN);
  });

  it('returns a stable SHA-256 of the bytes', async () => {
    const bytes = new TextEncoder().encode('abc');
    const r = await extractText(bytes, 'a.txt');
    expect(r.ok && r.value.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('text encodings', () => {
  const cases: Array<[string, () => Uint8Array, string, string]> = [
    ['mojibake', AWKWARD_INPUTS.mojibakeTxt, 'Naïve Bayes résumé – 5 years “Python”', 'mojibake'],
    ['UTF-16 LE with BOM', AWKWARD_INPUTS.utf16leTxt, 'Zoë Ångström — Data engineer', 'utf-16le'],
    ['UTF-16 BE with BOM', AWKWARD_INPUTS.utf16beTxt, 'Zoë Ångström — Data engineer', 'utf-16be'],
    ['Windows-1252', AWKWARD_INPUTS.windows1252Txt, 'Café manager – 10 years', 'windows-1252'],
    ['UTF-8 with BOM', AWKWARD_INPUTS.utf8BomTxt, 'Straße engineer', '']
  ];
  for (const [label, bytes, expected, warning] of cases) {
    it(`decodes ${label}`, async () => {
      const r = await extractText(bytes(), `${label}.txt`);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.text).toBe(expected);
      if (warning) expect(r.value.warnings.join(' ')).toContain(warning);
    });
  }
});
