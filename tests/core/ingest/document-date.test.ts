/**
 * Ingest facts the resume parser needs: the document's own date (PDF Info ModDate/CreationDate, DOCX
 * docProps/core.xml modified/created) and DOCX data tables read one row per line. Then the CLI's parse of a
 * file resolves "Present" to that date. Generated documents only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ingestCandidateFile } from '../../../src/cli/candidates';
import { extractText } from '../../../src/lib/core/ingest';
import { docxCoreDate, parsePdfDate } from '../../../src/lib/core/ingest/doc-date';
import { flattenDocxTables } from '../../../src/lib/core/ingest/docx-tables';
import { buildDocx, buildPdf, textOp } from '../../fixtures/bad-inputs';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
const cell = (...paras: string[]) => `<w:tc>${paras.map(para).join('')}</w:tc>`;
const row = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;

/** A minimal DOCX from body XML, with an optional docProps/core.xml. */
function docxFromBody(body: string, core?: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    ...(core ? { 'docProps/core.xml': strToU8(core) } : {})
  });
}

const coreXml = (modified: string, created = '2015-01-01T00:00:00Z') =>
  '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${modified}</dcterms:modified></cp:coreProperties>`;

/** buildPdf's output with an Info dictionary in the trailer (the xref offsets are unchanged). */
function pdfWithInfo(info: string): Uint8Array {
  const raw = new TextDecoder('latin1').decode(buildPdf([{ content: textOp(72, 700, 'Senior Analyst 2016 to Present') }]));
  const patched = raw.replace(/(trailer\n<<[^>]*?\/Root \d+ 0 R)/, `$1 /Info << ${info} >>`);
  return Uint8Array.from(patched, (c) => c.charCodeAt(0));
}

describe('document date', () => {
  it('parses PDF date strings with and without offsets, and rejects implausible ones', () => {
    expect(parsePdfDate("D:20190315123000+05'30'")).toBe('2019-03-15T07:00:00.000Z');
    expect(parsePdfDate('D:20190315123000Z')).toBe('2019-03-15T12:30:00.000Z');
    expect(parsePdfDate('D:2019')).toBe('2019-01-01T00:00:00.000Z');
    expect(parsePdfDate('D:19800101000000Z')).toBeUndefined();
    expect(parsePdfDate('D:29990101000000Z')).toBeUndefined();
    expect(parsePdfDate('yesterday')).toBeUndefined();
    expect(docxCoreDate(coreXml('2018-11-02T09:15:00Z'))).toBe('2018-11-02T09:15:00.000Z');
    expect(docxCoreDate(coreXml('garbage', '2017-05-01T00:00:00Z'))).toBe('2017-05-01T00:00:00.000Z');
    expect(docxCoreDate(undefined)).toBeUndefined();
  });

  it('reads ModDate (else CreationDate) from a PDF and modified from a DOCX; TXT has none', async () => {
    const both = await extractText(pdfWithInfo('/CreationDate (D:20170101000000Z) /ModDate (D:20180620101500Z)'), 'a.pdf');
    expect(both.ok && both.value.documentDate).toBe('2018-06-20T10:15:00.000Z');
    const created = await extractText(pdfWithInfo('/CreationDate (D:20170101000000Z)'), 'b.pdf');
    expect(created.ok && created.value.documentDate).toBe('2017-01-01T00:00:00.000Z');
    const none = await extractText(buildPdf([{ content: textOp(72, 700, 'No info here') }]), 'c.pdf');
    expect(none.ok && none.value.documentDate).toBeUndefined();
    const docx = await extractText(docxFromBody(para('Analyst'), coreXml('2018-11-02T09:15:00Z')), 'd.docx');
    expect(docx.ok && docx.value.documentDate).toBe('2018-11-02T09:15:00.000Z');
    const plain = await extractText(buildDocx(['Analyst']), 'e.docx');
    expect(plain.ok && plain.value.documentDate).toBeUndefined();
    const txt = await extractText(strToU8('Analyst 2016 to Present'), 'f.txt');
    expect(txt.ok && txt.value.documentDate).toBeUndefined();
  });

  it('shortlist parse resolves "Present" to the document date', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-date-'));
    try {
      const body = ['Experience', 'Senior Analyst, Example Holdings Ltd | Jan 2016 - Present', 'Built the monthly close.'].map(para).join('');
      const file = path.join(dir, 'cv.docx');
      fs.writeFileSync(file, docxFromBody(body, coreXml('2018-12-10T00:00:00Z')));
      const outcome = await ingestCandidateFile(file);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.value.ingest.documentDate).toBe('2018-12-10T00:00:00.000Z');
      expect(outcome.value.resume.referenceMonth).toBe('2018-12');
      // Jan 2016 .. Dec 2018 = 36 months, not "until today".
      expect(outcome.value.resume.totalYearsExperience).toBe(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DOCX tables', () => {
  it('reads a data table one row per line, cells joined by " | "', async () => {
    const table = `<w:tbl>${row(cell('Qualification'), cell('Institute'), cell('Year'))}${row(cell('B.Tech (CSE)'), cell('Northfield Engineering College'), cell('2016'))}${row(cell('HSC'), cell('Greenfield', 'Junior College'), cell('2012'))}</w:tbl>`;
    const r = await extractText(docxFromBody(para('EDUCATION') + table + para('SKILLS')), 'edu.docx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.text).toBe('EDUCATION\n\nQualification | Institute | Year\n\nB.Tech (CSE) | Northfield Engineering College | 2016\n\nHSC | Greenfield Junior College | 2012\n\nSKILLS');
  });

  it('leaves a layout table (a cell holding a whole column) as paragraphs', () => {
    const left = cell('SKILLS', 'TypeScript', 'Rust', 'PostgreSQL');
    const right = cell('EXPERIENCE', 'Lead engineer at Example Analytics');
    const xml = `<w:document ${W}><w:body><w:tbl>${row(left, right)}</w:tbl></w:body></w:document>`;
    expect(flattenDocxTables(xml)).toEqual({ xml, rows: 0 });
  });

  it('leaves a table holding a table as it is', () => {
    const inner = `<w:tbl>${row(cell('a'), cell('b'))}</w:tbl>`;
    const xml = `<w:body><w:tbl><w:tr><w:tc>${inner}${para('x')}</w:tc><w:tc>${para('y')}</w:tc></w:tr></w:tbl></w:body>`;
    expect(flattenDocxTables(xml).rows).toBe(0);
  });
});
