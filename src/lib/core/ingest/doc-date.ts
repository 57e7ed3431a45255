/**
 * A document's own date, from its metadata: PDF Info ModDate/CreationDate ("D:20190315120000+05'30'") and
 * DOCX docProps/core.xml dcterms:modified/created ("2019-03-15T12:00:00Z"). Pure TypeScript.
 * Purpose: the date a resume's "Present" means (resume parsing resolves open date ranges to it).
 * Non-goals: file-system dates (not part of the bytes), XMP metadata streams.
 * Shape legend: results are ISO 8601 UTC strings; a date before 1990 or after `notAfter` (default now) is
 * ignored as implausible (zeroed or future metadata).
 */

const EARLIEST = Date.UTC(1990, 0, 1);

function plausible(ms: number, notAfter: Date): string | undefined {
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > notAfter.getTime() + 86_400_000) return undefined;
  return new Date(ms).toISOString();
}

/** A PDF date string ("D:YYYYMMDDHHmmSS" with an optional "Z", "+HH'mm'" or "-HH'mm'" offset) as ISO, or undefined. */
export function parsePdfDate(raw: unknown, notAfter: Date = new Date()): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?/.exec(raw.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2] ?? '01', m[3] ?? '01', m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (m[8]) ms -= (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0)) * 60_000;
  return plausible(ms, notAfter);
}

/** The modified (else created) date of a DOCX from docProps/core.xml, as ISO, or undefined. */
export function docxCoreDate(coreXml: string | undefined, notAfter: Date = new Date()): string | undefined {
  if (!coreXml) return undefined;
  for (const tag of ['dcterms:modified', 'dcterms:created']) {
    const m = new RegExp(`<${tag}\\b[^>]*>\\s*([^<]+?)\\s*</${tag}>`).exec(coreXml);
    if (!m || !/^\d{4}-\d{2}-\d{2}/.test(m[1])) continue;
    const iso = plausible(Date.parse(m[1]), notAfter);
    if (iso) return iso;
  }
  return undefined;
}
