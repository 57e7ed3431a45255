/**
 * Mojibake repair: hand-checked cases, round-trip properties (UTF-8 mis-decoded once or twice as
 * Latin-1/Windows-1252 must come back exactly), safety on correct multilingual text, and the real
 * UpdatedResumeDataSet (68 rows with "Ã"/"Â" mojibake; 700+ with "â€¢"-style bullets).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { hasMojibake, repairMojibake, countMojibake } from '../../../src/lib/core/text/mojibake';

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Simulates the bug: UTF-8 bytes decoded as Windows-1252 (undefined bytes kept as C1) or Latin-1. */
function misdecode(text: string, codePage: 'cp1252' | 'latin1'): string {
  const bytes = new TextEncoder().encode(text);
  return [...bytes]
    .map((b) => (codePage === 'cp1252' && b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b)))
    .join('');
}

describe('repairMojibake: known cases', () => {
  it.each([
    ['NaÃ¯ve Bayes', 'Naïve Bayes'],
    ['don\u00e2\u0080\u0099t', 'don\u2019t'],
    ['donâ€™t', 'don’t'],
    ['â€¢ Python', '• Python'],
    ['cafÃ©', 'café'],
    ['SÃ£o Paulo', 'São Paulo'],
    ['Ã¢â‚¬â„¢', '’'],
    ['ðŸ˜€ done', '😀 done'],
    ['Ð¿Ñ€Ð¸Ð²ÐµÑ‚', 'привет']
  ])('%j → %j', (input, expected) => {
    expect(repairMojibake(input)).toBe(expected);
    expect(hasMojibake(repairMojibake(input))).toBe(false);
  });

  it('leaves correct text unchanged, including lone Ã and â', () => {
    const correct = [
      'Naïve café in São Paulo, Ça va, crème brûlée, Ångström, Øresund',
      'ÃO is a token; â la carte; Ã is a letter; Â alone',
      'Привет мир, Γειά σου, 中文简历, 日本語, 😀 emoji, “quotes” — dashes…',
      'Zürich, Kraków, Łódź, İstanbul, Ñandú, façade, ½ cup, 25°C, N° 5, ©2024',
      'É» odd but valid', 'CAFÉ… and NOËL’s', 'plain ASCII only'
    ];
    for (const text of correct) {
      expect(repairMojibake(text)).toBe(text);
      expect(hasMojibake(text)).toBe(false);
    }
  });
});

describe('repairMojibake: properties', () => {
  // Words as real text has them, joined by ASCII separators. Arbitrary byte-level adjacency ("é–’" right
  // next to "Ü€") is genuinely ambiguous with a deeper layer of encoding and is not what documents contain.
  const words = ['naïve', 'café', 'Zürich', 'don’t', '“quoted”', '• item', '– dash', '€5', 'Brand™', 'Жук',
    'λόγος', '中文', '😀', '✓ done', '➢ next', 'Øre', 'São', 'Ça', 'résumé…', 'plain'];
  const separators = [' ', '. ', '\n', ', ', ' a '];
  /** Case `c`: a deterministic walk over words and separators (co-prime strides visit every pairing). */
  const sample = (c: number): string => {
    let s = 'it’s';
    for (let i = 0; i < 1 + (c % 12); i++) {
      s += separators[(c * 3 + i) % separators.length] + words[(c * 7 + i * 13) % words.length];
    }
    return s;
  };

  it('undoes single mis-decoding as Windows-1252 and Latin-1 exactly (300 generated texts)', () => {
    for (let c = 0; c < 300; c++) {
      const original = sample(c);
      for (const page of ['cp1252', 'latin1'] as const) {
        const broken = misdecode(original, page);
        expect(hasMojibake(broken)).toBe(true);
        expect(repairMojibake(broken)).toBe(original);
      }
    }
  });

  it('undoes double encoding and is idempotent on the result', () => {
    for (let c = 0; c < 100; c++) {
      const original = sample(c);
      const twice = misdecode(misdecode(original, 'cp1252'), 'cp1252');
      const repaired = repairMojibake(twice);
      expect(repaired).toBe(original);
      expect(repairMojibake(repaired)).toBe(repaired);
    }
  });
});

const datasetCsv = path.resolve(__dirname, '../../../../shared/data/updated_resume_dataset/UpdatedResumeDataSet.csv');
const hasShared = existsSync(datasetCsv);
if (!hasShared) console.warn(`[skip] ${datasetCsv} absent: real-data mojibake tests skipped`);

describe.skipIf(!hasShared)('repairMojibake on UpdatedResumeDataSet.csv', () => {
  const rows = hasShared
    ? (Papa.parse<{ Category: string; Resume: string }>(readFileSync(datasetCsv, 'utf8'), { header: true, skipEmptyLines: true }).data)
    : [];

  it('repairs the 68 rows with Ã/Â mojibake and leaves no mojibake sequence in any row', () => {
    expect(rows).toHaveLength(962);
    const latin1Rows = rows.filter((r) => /[ÃÂ]/.test(r.Resume));
    expect(latin1Rows).toHaveLength(68);
    for (const row of latin1Rows) {
      expect(countMojibake(row.Resume)).toBeGreaterThan(0);
      const fixed = repairMojibake(row.Resume);
      expect(fixed).not.toMatch(/[ÃÂ]/);
    }
    for (const row of rows) {
      const fixed = repairMojibake(row.Resume);
      expect(hasMojibake(fixed)).toBe(false);
      // C1 control characters only ever come from mis-decoded continuation bytes here.
      expect(fixed).not.toMatch(/[\u0080-\u009f]/);
      expect(repairMojibake(fixed)).toBe(fixed);
    }
  });

  it('changes only rows that hold mojibake', () => {
    const clean = rows.filter((r) => !/[\u0080-\u009fÃÂâï]/.test(r.Resume));
    expect(clean.length).toBeGreaterThan(100);
    for (const row of clean) expect(repairMojibake(row.Resume)).toBe(row.Resume);
  });
});

describe('repairMojibake: fullwidth punctuation with a dropped third byte', () => {
  it('repairs "ï¼" between spaces (U+FF0D whose 0x8D byte a Windows-1252 decoder dropped)', () => {
    // EF BC 8D is "－"; 0x8D is undefined in Windows-1252, so such decoders keep only "ï¼".
    const truncated = misdecode('Company Name \uff0d City', 'cp1252').replace('\u008d', '');
    expect(truncated).toBe('Company Name ï¼ City');
    expect(countMojibake(truncated)).toBe(1);
    expect(repairMojibake(truncated)).toBe('Company Name \uff0d City');
    expect(repairMojibake('ï¼ at start and end ï¼')).toBe('\uff0d at start and end \uff0d');
  });

  it('repairs the full 3-byte shapes, with the third byte kept as a C1 control or a Windows-1252 char', () => {
    for (const ch of ['\uff0d', '\uff1a', '\uff08', '\uff5c']) {
      expect(repairMojibake(misdecode(`Name ${ch} City`, 'latin1'))).toBe(`Name ${ch} City`);
      expect(repairMojibake(misdecode(`Name ${ch} City`, 'cp1252'))).toBe(`Name ${ch} City`);
    }
  });

  it('reads "Â" stranded before whitespace as the no-break space it came from', () => {
    // "Â" + U+00A0 is a no-break space read as Latin-1; text layers turn the U+00A0 into a space or drop it.
    const nbsp = misdecode('Project tracking\u00a0', 'latin1');
    expect(nbsp).toBe('Project trackingÂ\u00a0');
    for (const [stranded, fixed] of [
      ['Project trackingÂ\nCalm under pressure', 'Project tracking\u00a0\nCalm under pressure'],
      ['deadlines.Â Drove KPIs', 'deadlines.\u00a0 Drove KPIs'],
      ['2019Â ', '2019\u00a0 '],
      ['MANAGERÂ\n', 'MANAGER\u00a0\n']
    ]) {
      expect(hasMojibake(stranded)).toBe(true);
      expect(repairMojibake(stranded)).toBe(fixed);
    }
    expect(repairMojibake(nbsp)).toBe('Project tracking\u00a0');
  });

  it('leaves a real "Â" alone: inside or starting a word, and standing alone', () => {
    for (const text of ['ÂNGELA SILVA', 'Âme', 'ROMÂNIA', 'x Âb', 'the letter Â here']) {
      expect(repairMojibake(text)).toBe(text);
      expect(hasMojibake(text)).toBe(false);
    }
  });

  it('leaves "ï¼" inside a word alone (not a separator, so the dropped byte cannot be told)', () => {
    for (const text of ['naïï¼ word', 'Aï¼B', '100ï¼ ']) {
      expect(repairMojibake(text)).toBe(text);
      expect(hasMojibake(text)).toBe(false);
    }
  });
});
