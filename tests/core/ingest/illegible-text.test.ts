/**
 * Text a reader cannot see is dropped and counted, in real generated PDFs and DOCX: faint (low contrast against
 * what is behind), tiny, squeezed, and DOCX text hidden through styles (character and paragraph styles, basedOn
 * inheritance, document defaults, table styles). Designs that only look unusual (white on a dark band, text on an
 * image, a light-blue link, a theme colour) stay.
 */
import { describe, expect, it } from 'vitest';
import { extractText, type ExtractedText } from '../../../src/lib/core/ingest';
import { contrastRatio } from '../../../src/lib/core/ingest/legibility';
import { flagInjection } from '../../../src/lib/core/llm/untrusted';
import { buildDocxFromBody, buildPdf, docxRun, textOp } from '../../fixtures/bad-inputs';
import { DOCX_HIDINGS, PDF_HIDINGS, resumeDocx, resumePdf, STUFFING_STYLES } from '../../fixtures/stuffed-documents';

const RESUME = ['Sam Cook', 'EXPERIENCE', 'Line cook at Diner Co, 2015 - 2019', 'Prepared soups, sauces and salads'];
const PAYLOAD = ['Staff Accountant general ledger GAAP QuickBooks Excel', 'month-end close, R&D reconciliations journal entries'];
const solid = (lines: string[]) => lines.join('').replace(/\s/g, '').length;

async function read(bytes: Uint8Array, name: string): Promise<ExtractedText> {
  const r = await extractText(bytes, name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function expectDropped(x: ExtractedText, reason: string, chars: number): void {
  for (const word of ['QuickBooks', 'GAAP', 'reconciliations']) expect(x.text).not.toContain(word);
  for (const line of RESUME) expect(x.text).toContain(line);
  expect(x.hidden.byReason[reason], JSON.stringify(x.hidden)).toBe(chars);
  expect(x.hidden.chars).toBe(chars);
  expect(flagInjection(x.text, x.hidden).map((f) => f.kind)).toContain('hidden-text');
}

describe('stuffing payloads hidden in a PDF or through DOCX styles', () => {
  const cases: Array<[string, string, (payload?: { lines: string[] }) => Uint8Array]> = [
    ['grey-3pt.pdf', 'tinyGlyph', (p) => resumePdf(RESUME, p && { ...p, hiding: 'grey-3pt' })],
    ['white.pdf', 'backgroundColour', (p) => resumePdf(RESUME, p && { ...p, hiding: 'white' })],
    ['under-box.pdf', 'coveredByShape', (p) => resumePdf(RESUME, p && { ...p, hiding: 'under-box' })],
    ['char-style-vanish.docx', 'hiddenFormatting', (p) => resumeDocx(RESUME, p && { ...p, hiding: 'char-style-vanish' })],
    ['para-style-white.docx', 'backgroundColour', (p) => resumeDocx(RESUME, p && { ...p, hiding: 'para-style-white' })],
    ['para-style-1pt.docx', 'tinyGlyph', (p) => resumeDocx(RESUME, p && { ...p, hiding: 'para-style-1pt' })]
  ];
  it('covers every hiding the harness measures', () => {
    expect(cases.map(([name]) => name.replace(/\.\w+$/, '')).sort()).toEqual([...PDF_HIDINGS, ...DOCX_HIDINGS].sort());
  });
  for (const [name, reason, render] of cases) {
    it(`${name}: dropped, counted under ${reason}, flagged; the same resume without it loses nothing`, async () => {
      expectDropped(await read(render({ lines: PAYLOAD }), name), reason, solid(PAYLOAD));
      const plain = await read(render(), name);
      expect(plain.hidden.chars).toBe(0);
      expect(plain.text.split(/\n+/).filter(Boolean)).toEqual(RESUME);
    });
  }
});

describe('faint, tiny and squeezed PDF text', () => {
  const page = (visible: string, trick: string) => buildPdf([{ content: `${textOp(72, 720, visible)}\n${trick}` }]);

  it('drops light grey at a normal size as low contrast (under 2:1), keeps mid grey and a light-blue link', async () => {
    expect(contrastRatio([220, 220, 220], [255, 255, 255])).toBeLessThan(2);
    const faint = await read(page('Visible line', `q 0.863 0.863 0.863 rg ${textOp(72, 700, 'faint keyword stuffing')} Q`), 'faint.pdf');
    expect(faint.text).toBe('Visible line');
    expect(faint.hidden.byReason.lowContrast).toBe(solid(['faint keyword stuffing']));
    const readable = await read(page('Visible line', `q 0.55 0.55 0.55 rg ${textOp(72, 700, 'mid grey dates')} Q q 0.25 0.69 0.87 rg ${textOp(72, 680, 'link colour')} Q`), 'grey.pdf');
    expect(readable.text).toContain('mid grey dates');
    expect(readable.text).toContain('link colour');
    expect(readable.hidden.chars).toBe(0);
  });

  it('drops black text at 10% opacity (what a reader sees is the blend) and keeps it at 80%', async () => {
    const pdf = (alpha: number) => buildPdf([{ content: `${textOp(72, 720, 'Visible line')}\nq /GSA gs ${textOp(72, 700, 'ghost words here')} Q` }], { fillAlphas: { GSA: alpha } });
    const ghost = await read(pdf(0.1), 'ghost.pdf');
    expect(ghost.text).toBe('Visible line');
    expect(ghost.hidden.byReason.lowContrast).toBe(solid(['ghost words here']));
    const solidText = await read(pdf(0.8), 'solid.pdf');
    expect(solidText.text).toContain('ghost words here');
  });

  it('drops 3.5 pt text, squeezed text (Tz 10) and small faint text, keeps 7 pt footnotes', async () => {
    const x = await read(
      page(
        'Visible line',
        [textOp(72, 700, 'three and a half', 3.5), `q ${textOp(72, 680, 'squeezed words', 11, '10 Tz')} 100 Tz Q`, `q 0.7 0.7 0.7 rg ${textOp(72, 660, 'small pale', 5)} Q`, textOp(72, 640, 'footnote text', 7)].join('\n')
      ),
      'small.pdf'
    );
    expect(x.text.split('\n').filter(Boolean)).toEqual(['Visible line', 'footnote text']);
    expect(x.hidden.byReason.tinyGlyph).toBe(solid(['three and a half', 'squeezed words']));
    expect(x.hidden.byReason.lowContrast).toBe(solid(['small pale']));
  });

  it('keeps white text on a gradient banner (its colour is unknown), still drops tiny text there', async () => {
    const content = [
      textOp(72, 720, 'Visible line'),
      `q 60 690 400 25 re W n /Sh0 sh Q q 1 1 1 rg ${textOp(72, 698, 'white on a gradient')} Q`,
      `q 1 1 1 rg ${textOp(300, 700, 'tiny on a gradient', 2)} Q`
    ].join('\n');
    const x = await read(buildPdf([{ content }], { gradient: true }), 'gradient.pdf');
    expect(x.text).toContain('white on a gradient');
    expect(x.hidden.byReason).toEqual({ tinyGlyph: solid(['tiny on a gradient']) });
  });

  it('drops white outlined text (stroke only) on white, keeps white text on a dark box', async () => {
    const x = await read(
      page('Visible line', `q 1 1 1 RG 1 Tr ${textOp(72, 700, 'outlined white')} Q\nq 0.1 0.1 0.3 rg 60 670 300 25 re f Q\nq 1 1 1 rg ${textOp(72, 678, 'banner text')} Q`),
      'stroke.pdf'
    );
    expect(x.text).not.toContain('outlined');
    expect(x.text).toContain('banner text');
    expect(x.hidden.byReason.backgroundColour).toBe(solid(['outlined white']));
  });
});

describe('DOCX formatting from styles, defaults and tables', () => {
  const para = (text: string, pPr = '', rPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${docxRun(text, rPr)}</w:p>`;

  it('judges colour against paragraph-style shading, highlight, cell and page colour', async () => {
    const styles =
      STUFFING_STYLES +
      '<w:style w:type="paragraph" w:styleId="Banner"><w:basedOn w:val="Footer2"/><w:pPr><w:shd w:val="clear" w:fill="1F3864"/></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Pale"><w:rPr><w:color w:val="DDDDDD"/></w:rPr></w:style>';
    const body = [
      para('Visible line'),
      para('white on a navy banner style', '<w:pStyle w:val="Banner"/>'),
      para('white highlighted in black', '', '<w:color w:val="FFFFFF"/><w:highlight w:val="black"/>'),
      para('pale grey stuffing words', '<w:pStyle w:val="Pale"/>'),
      para('theme coloured heading', '', '<w:color w:val="1F3864" w:themeColor="text2"/>'),
      para('white from the theme palette', '', '<w:color w:val="FFFFFF" w:themeColor="background1"/>'),
      `<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="222222"/></w:tcPr>${para('white in a dark cell', '<w:pStyle w:val="Footer2"/>')}</w:tc></w:tr></w:tbl>`
    ].join('');
    const x = await read(buildDocxFromBody(body, {}, 6, styles), 'styled.docx');
    for (const kept of ['Visible line', 'white on a navy banner style', 'white highlighted in black', 'theme coloured heading', 'white in a dark cell']) expect(x.text).toContain(kept);
    expect(x.text).not.toContain('pale grey');
    expect(x.text).not.toContain('palette');
    expect(x.hidden.byReason).toEqual({ lowContrast: solid(['pale grey stuffing words']), backgroundColour: solid(['white from the theme palette']) });
  });

  it('applies document defaults and table styles, and a run can switch inherited vanish off', async () => {
    const styles =
      '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="4"/></w:rPr></w:rPrDefault></w:docDefaults>' +
      '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="22"/></w:rPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Bare"><w:name w:val="Bare"/></w:style>' +
      '<w:style w:type="table" w:styleId="Quiet"><w:rPr><w:vanish/></w:rPr></w:style>';
    const body = [
      para('Normal paragraph text'),
      `<w:tbl><w:tblPr><w:tblStyle w:val="Quiet"/></w:tblPr><w:tr><w:tc>${para('hidden by the table style')}${para('shown again', '', '<w:vanish w:val="false"/>')}</w:tc></w:tr></w:tbl>`,
      para('two point default size', '<w:pStyle w:val="Bare"/>')
    ].join('');
    const x = await read(buildDocxFromBody(body, {}, 6, styles), 'defaults.docx');
    expect(x.text).toContain('Normal paragraph text');
    expect(x.text).toContain('shown again');
    expect(x.hidden.byReason).toEqual({ hiddenFormatting: solid(['hidden by the table style']), tinyGlyph: solid(['two point default size']) });
  });

  it('looks inside text boxes as Word writes them (DrawingML with a VML fallback), counting each once', async () => {
    const box = (dmlFill: string, vmlFill: string, text: string) => {
      const content = `<w:txbxContent>${para(text, '', '<w:color w:val="FFFFFF"/>')}</w:txbxContent>`;
      return (
        `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:spPr>${dmlFill}</wps:spPr>` +
        `<wps:txbx>${content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
        `<mc:Fallback><w:pict><v:rect ${vmlFill}><v:textbox>${content}</v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`
      );
    };
    const body = para('Visible line') + box('<a:noFill/>', 'filled="f"', 'boxed hidden words') + box('<a:solidFill><a:srgbClr val="003366"/></a:solidFill>', 'fillcolor="#003366"', 'boxed banner');
    const x = await read(buildDocxFromBody(body, {}, 6, STUFFING_STYLES), 'boxes.docx');
    expect(x.hidden.byReason).toEqual({ backgroundColour: solid(['boxed hidden words']) });
    expect(x.text).toContain('boxed banner');
    expect(x.text).not.toContain('boxed hidden');
  });
});
