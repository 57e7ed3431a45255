/**
 * HTML to plain text without a DOM (works in workers, Node and the CLI): drops script/style/head/comments,
 * turns block elements into line breaks and list items into "• " lines, removes the remaining tags and
 * decodes character references. Pure TypeScript.
 *
 * Non-goals: rendering (CSS, tables as grids), sanitising HTML for display (the output is plain text),
 * the full HTML5 named-entity table (the common ~60 names plus every numeric reference are decoded).
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003',
  thinsp: '\u2009', shy: '\u00ad', zwnj: '\u200c', zwj: '\u200d', ndash: '–', mdash: '—', minus: '−',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»',
  lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', hellip: '…', prime: '′', Prime: '″', dagger: '†',
  copy: '©', reg: '®', trade: '™', deg: '°', plusmn: '±', times: '×', divide: '÷', frac12: '½',
  frac14: '¼', frac34: '¾', sup2: '²', sup3: '³', micro: 'µ', para: '¶', sect: '§', cent: '¢',
  pound: '£', euro: '€', yen: '¥', iexcl: '¡', iquest: '¿', rarr: '→', larr: '←', harr: '↔',
  uarr: '↑', darr: '↓', check: '✓', eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à',
  acirc: 'â', auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß',
  ccedil: 'ç', ntilde: 'ñ', oacute: 'ó', iacute: 'í', uacute: 'ú', Eacute: 'É'
};

/** Elements whose content is never visible text. */
const INVISIBLE_ELEMENTS = /<(script|style|head|template|noscript|svg)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** Elements that start a new line when they open or close. */
const BLOCK_TAG =
  /<\/?(p|div|section|article|header|footer|main|aside|nav|h[1-6]|ul|ol|dl|dt|dd|table|thead|tbody|tfoot|tr|blockquote|pre|hr|address|form|fieldset|figure|figcaption)\b[^>]*>/gi;

/** Decodes named (the common set) and numeric character references; unknown names are kept verbatim. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** Converts an HTML fragment or document to plain text with line structure kept; no DOM needed. */
export function stripHtml(html: string): string {
  let text = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
  text = text.replace(/<!doctype[^>]*>/gi, '').replace(INVISIBLE_ELEMENTS, ' ');
  text = text.replace(/<br\s*\/?>/gi, '\n');
  text = text.replace(/<li\b[^>]*>/gi, '\n• ').replace(/<\/li\s*>/gi, '\n');
  text = text.replace(/<\/(td|th)\s*>/gi, '\t');
  text = text.replace(BLOCK_TAG, '\n');
  // Any other tag (inline elements, unknown tags, stray attributes spanning lines) is removed.
  text = text.replace(/<\/?[a-z][^>]*>/gi, '');
  text = decodeHtmlEntities(text);
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cheap test for "this string is HTML markup" (a tag or entity near the start), used to pick stripHtml. */
export function looksLikeHtml(text: string): boolean {
  return /<(html|body|div|p|span|br|table|ul|li|h[1-6])\b[^>]*>/i.test(text.slice(0, 4000));
}
