/** normalizeText, stripHtml and cleanText: behaviour on the messy inputs PDFs, Word and web forms produce. */
import { describe, expect, it } from 'vitest';
import { cleanText, decodeHtmlEntities, normalizeText, stripHtml } from '../../../src/lib/core/text/index';
import { compactString } from '../../../src/lib/core/text/normalize';

describe('normalizeText', () => {
  it('composes to NFC, expands ligatures, folds full-width ASCII', () => {
    expect(normalizeText('cafe\u0301')).toBe('café');
    expect(normalizeText('e\ufb03cient \ufb01nance')).toBe('efficient finance');
    expect(normalizeText('ＰＹＴＨＯＮ３')).toBe('PYTHON3');
  });

  it('drops invisible and control characters and turns symbol-font bullets into •', () => {
    expect(normalizeText('a\u200bb\u00adc\ufeffd')).toBe('abcd');
    expect(normalizeText('x\u0007y\u0085z')).toBe('x y\nz');
    expect(normalizeText('\uf0b7 Java\n\uf0d8 Go')).toBe('• Java\n• Go');
  });

  it('collapses whitespace, keeps paragraph breaks, normalises line endings', () => {
    expect(normalizeText('  a \u00a0\t b  \r\n\r\n\r\n\r\nc\rd  ')).toBe('a b\n\nc\nd');
    expect(normalizeText('a\n\n b', { keepNewlines: false })).toBe('a b');
  });

  it('keeps meaning-bearing characters by default; NFKC folds them when asked', () => {
    expect(normalizeText('H₂O “x” — 25°C ²')).toBe('H₂O “x” — 25°C ²');
    expect(normalizeText('x² ℌ', { form: 'NFKC' })).toBe('x2 H');
  });

  it('is idempotent', () => {
    const inputs = ['  a\u00a0\u00a0b\r\n\r\n\r\nc ', 'e\ufb03\u200b', '\uf0b7  x\t\ty'];
    for (const s of inputs) expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
  });
});

describe('compactString', () => {
  it('returns the same characters, whatever they are', () => {
    const latin1 = Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)).join('');
    const samples = [
      '',
      'plain ASCII resume text\nwith lines',
      latin1, // C0/C1 controls and 0x80-0x9f, which windows-1252 decoders would remap
      'café naïve Müller ß ñ \u00a0',
      'a bullet • and a dash – keep it two bytes wide',
      'lone surrogates \ud800 x \udfff and a pair \ud83d\ude00',
      '"quotes" \\ backslashes \u2028 separators'
    ];
    for (const s of samples) expect(compactString(s)).toBe(s);
    // A string made two bytes wide by its history (a character that was there, then removed).
    const widened = ('Senior Engineer, Contoso\u2022'.repeat(3) + 'x').replace(/\u2022/g, '');
    expect(compactString(widened)).toBe('Senior Engineer, ContosoSenior Engineer, ContosoSenior Engineer, Contosox');
  });

  it('is what normalizeText returns (the same text as before)', () => {
    expect(normalizeText('e\ufb03cient \ufb01nance')).toBe('efficient finance');
    expect(normalizeText('a\n\n b', { keepNewlines: false })).toBe('a b');
  });
});

describe('stripHtml', () => {
  it('drops scripts, styles and comments, keeps block structure and list items', () => {
    const html = '<html><head><title>t</title><style>p{}</style></head><body><script>alert(1)</script>' +
      '<h1>Jane&nbsp;Doe</h1><!-- hidden --><p>Skills:<br>Go &amp; Rust</p><ul><li>AWS</li><li>GCP</li></ul></body></html>';
    expect(stripHtml(html)).toBe('Jane Doe\n\nSkills:\nGo & Rust\n\n• AWS\n\n• GCP');
  });

  it('decodes named and numeric references, leaves unknown names', () => {
    expect(decodeHtmlEntities('&lt;b&gt; &#8217; &#x2022; &rsquo; &bogus; &#0;')).toBe('<b> ’ • ’ &bogus; \ufffd');
  });

  it('separates table cells and removes attributes spanning lines', () => {
    expect(stripHtml('<table><tr><td>A</td><td>B</td></tr></table><span\n class="x">C</span>')).toBe('A B\n\nC');
  });
});

describe('cleanText', () => {
  it('repairs mojibake, strips HTML when it looks like markup, then normalises', () => {
    const result = cleanText('<div>NaÃ¯ve Bayes â€¢ e\ufb00ort</div>');
    expect(result).toEqual({ text: 'Naïve Bayes • effort', mojibakeRepaired: 2, htmlStripped: true });
    expect(cleanText('a < b and c > d').htmlStripped).toBe(false);
  });
});
