/**
 * Hidden text in DOCX, removed before mammoth reads it: runs that are hidden (vanish), too small, or too faint
 * for their background (legibility.ts's rule, the one PDFs get), whether the run says so itself or inherits it
 * from its character, paragraph or table style or the document defaults (docx-styles.ts). The same
 * prompt-injection and keyword-stuffing trick as in PDFs; mammoth ignores these properties, so the part's XML is
 * edited first. The background of a run is its highlight or shading, else its paragraph's, its table cell's,
 * its text box's, the page's, else white; a background that cannot be known (a bare theme colour, a pattern, a
 * table style's banding, a text box filled from the theme) leaves the colour unjudged. Pure TypeScript.
 *
 * Non-goals: reading the theme part, conditional table formatting, headers/footers (mammoth does not read them), text
 * hidden by position (frames off the page), fonts whose glyphs are blank.
 *
 * Shape legend: counts are non-whitespace characters of <w:t> text, once per text box although Word writes each
 * twice (mc:Choice and mc:Fallback); a run is an innermost <w:r> (a run holding a drawing whose text box holds
 * runs is not itself a run here: its inner runs are).
 */

import { attr, mergeRunProps, paragraphPropsOnly, parseDocxStyles, parseRunProps, resolveStyle, shadingOf, type DocxStyles, type RunProps } from './docx-styles';
import { illegibleReason, WHITE, type Rgb } from './legibility';
import type { HiddenReason } from './types';

export interface DocxHiddenResult {
  xml: string;
  hidden: Partial<Record<HiddenReason, number>>;
}

/** An innermost run: its body holds no other run. */
const RUN = /<w:r(?:\s[^>]*)?>((?:(?!<w:r[\s>])[\s\S])*?)<\/w:r>/g;
const TEXT = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g;
/** Word's size when nothing sets one: 10 pt. */
const DEFAULT_HALF_POINTS = 20;

type Shade = Rgb | 'none' | null;

interface ParagraphContext {
  start: number;
  end: number;
  style?: string;
  shading?: Shade;
  /** Nearest enclosing table cell's shading, table style id, and text box fill (if inside one). */
  cell?: Shade;
  tableStyle?: string;
  box?: Shade;
  /** Inside <mc:Choice>: Word's second copy of a text box (mammoth reads the mc:Fallback one), removed but not counted. */
  duplicate?: boolean;
}

/** The properties element right after an opening tag at `from` (e.g. <w:pPr> after <w:p>), or ''. */
function propsAfter(xml: string, from: number, name: string): string {
  const re = new RegExp(`\\s*<${name}>([\\s\\S]*?)</${name}>`, 'y');
  re.lastIndex = from;
  return re.exec(xml)?.[1] ?? '';
}

const rgbOf = (h: string): Rgb => [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];

/**
 * A text box's fill from the shape markup just before its <w:txbxContent>: DrawingML (wps, Word's mc:Choice) or
 * VML (w:pict, the mc:Fallback mammoth reads; VML fills white unless told otherwise).
 */
function textBoxFill(xml: string, at: number): Shade {
  const before = xml.slice(Math.max(0, at - 4000), at);
  const dml = before.lastIndexOf('<wps:wsp');
  const vml = before.lastIndexOf('<w:pict');
  if (dml < 0 && vml < 0) return null;
  const markup = before.slice(Math.max(dml, vml));
  if (dml > vml) {
    if (/<a:noFill\s*\/>/.test(markup)) return 'none';
    const srgb = /<a:solidFill>\s*<a:srgbClr\s+val="([0-9A-Fa-f]{6})"/.exec(markup)?.[1];
    return srgb ? rgbOf(srgb) : null;
  }
  if (/\sfilled="(?:f|false)"/.test(markup)) return 'none';
  const fill = /\sfillcolor="([^"]*)"/.exec(markup)?.[1];
  if (fill === undefined) return WHITE;
  return /^#[0-9A-Fa-f]{6}$/.test(fill) ? rgbOf(fill.slice(1)) : null;
}

/** Every paragraph of the part with its style and the shading around it, in order of start. */
function paragraphContexts(xml: string): ParagraphContext[] {
  const out: ParagraphContext[] = [];
  const stack: Array<{ kind: string; para?: ParagraphContext; cell?: Shade; tableStyle?: string; box?: Shade }> = [];
  const nearest = <K extends 'cell' | 'tableStyle' | 'box'>(key: K) => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i][key] !== undefined) return stack[i][key];
    return undefined;
  };
  let choice = 0;
  for (const m of xml.matchAll(/<(\/?)(?:w:(p|tc|tbl|txbxContent)|mc:(Choice))\b([^>]*?)(\/?)>/g)) {
    const [tag, closing, name, mc, , selfClosing] = m;
    if (selfClosing) continue;
    if (mc) {
      choice += closing ? -1 : 1;
      continue;
    }
    const kind = name;
    const end = m.index + tag.length;
    if (closing) {
      const top = stack.pop();
      if (top?.para) top.para.end = m.index;
      continue;
    }
    if (kind === 'p') {
      const pPr = paragraphPropsOnly(propsAfter(xml, end, 'w:pPr'));
      const style = /<w:pStyle\s[^>]*>/.exec(pPr)?.[0];
      const shd = /<w:shd\s[^>]*>/.exec(pPr)?.[0];
      const para: ParagraphContext = {
        start: m.index,
        end: xml.length,
        style: style ? attr(style, 'w:val') : undefined,
        shading: shd ? shadingOf(shd) : undefined,
        cell: nearest('cell'),
        tableStyle: nearest('tableStyle'),
        box: nearest('box'),
        duplicate: choice > 0
      };
      out.push(para);
      stack.push({ kind, para });
    } else if (kind === 'tc') {
      // An unshaded cell shows what is behind it (an outer cell, for a nested table).
      const shd = /<w:shd\s[^>]*>/.exec(propsAfter(xml, end, 'w:tcPr'))?.[0];
      stack.push({ kind, cell: shd ? shadingOf(shd) : undefined });
    } else if (kind === 'tbl') {
      const style = /<w:tblStyle\s[^>]*>/.exec(propsAfter(xml, end, 'w:tblPr'))?.[0];
      stack.push({ kind, tableStyle: (style && attr(style, 'w:val')) ?? '' });
    } else {
      // A text box is its own background: what is around its anchor no longer shows through.
      stack.push({ kind, box: textBoxFill(xml, m.index), cell: 'none', tableStyle: '' });
    }
  }
  return out;
}

/** The innermost paragraph holding offset `at`. */
function paragraphAt(paragraphs: ParagraphContext[], at: number): ParagraphContext | undefined {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (paragraphs[mid].start <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = hi; i >= 0; i--) if (paragraphs[i].end > at) return paragraphs[i];
  return undefined;
}

function runTextLength(run: string): number {
  let n = 0;
  // An entity (&amp;, &#233;) is one character of text.
  for (const m of run.matchAll(TEXT)) n += m[1].replace(/&(?:#\d+|#x[0-9a-f]+|[a-z]+);/gi, '_').replace(/\s/g, '').length;
  return n;
}

/** The first known colour behind a run, from the run outwards; null when one of the layers is unknown. */
function backgroundOf(props: RunProps, para: ParagraphContext | undefined, paraStyleShading: Shade | undefined, tableShading: Shade | undefined, page: Rgb): Rgb | null {
  const layers: Array<Shade | undefined> = [props.highlight, props.shading, para?.shading ?? paraStyleShading, para?.cell, tableShading, para?.box];
  for (const layer of layers) {
    if (layer === undefined || layer === 'none') continue;
    return layer;
  }
  return page;
}

/** Removes hidden runs from a WordprocessingML part (document, footnotes…) and counts what was removed, by reason. */
export function stripHiddenDocxRuns(xml: string, styles: DocxStyles = parseDocxStyles(undefined)): DocxHiddenResult {
  const hidden: Partial<Record<HiddenReason, number>> = {};
  const paragraphs = paragraphContexts(xml);
  const pageTag = /<w:background\s[^>]*>/.exec(xml)?.[0];
  const pageHex = pageTag ? attr(pageTag, 'w:color') : undefined;
  const page: Rgb = pageHex && /^[0-9a-f]{6}$/i.test(pageHex) ? [parseInt(pageHex.slice(0, 2), 16), parseInt(pageHex.slice(2, 4), 16), parseInt(pageHex.slice(4, 6), 16)] : WHITE;
  const styleCache = new Map<string, { rPr: RunProps; paraShading?: Shade; tableShading?: Shade }>();
  const styled = (para: ParagraphContext | undefined, rStyle: string | undefined) => {
    const pStyle = para?.style ?? styles.defaultParagraph;
    const cStyle = rStyle ?? styles.defaultCharacter;
    const key = `${para?.tableStyle ?? ''}|${pStyle ?? ''}|${cStyle ?? ''}`;
    let hit = styleCache.get(key);
    if (!hit) {
      const table = resolveStyle(styles, para?.tableStyle || undefined);
      const paragraph = resolveStyle(styles, pStyle);
      const character = resolveStyle(styles, cStyle);
      hit = { rPr: mergeRunProps(styles.defaults, table.rPr, paragraph.rPr, character.rPr), paraShading: paragraph.shading, tableShading: table.shading };
      styleCache.set(key, hit);
    }
    return hit;
  };
  const out = xml.replace(RUN, (run: string, _body: string, offset: number) => {
    const chars = runTextLength(run);
    if (chars === 0) return run;
    const para = paragraphAt(paragraphs, offset);
    const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? '';
    const rStyleTag = /<w:rStyle\s[^>]*>/.exec(rPr)?.[0];
    const base = styled(para, rStyleTag ? attr(rStyleTag, 'w:val') : undefined);
    const props = mergeRunProps(base.rPr, parseRunProps(rPr));
    let reason: HiddenReason | null = props.vanish ? 'hiddenFormatting' : null;
    if (!reason) {
      const points = (props.halfPoints ?? DEFAULT_HALF_POINTS) / 2;
      const size = Math.min(points, (points * (props.widthPercent ?? 100)) / 100);
      const colour = props.colour === undefined || props.colour === 'auto' ? null : props.colour;
      reason = illegibleReason(size, colour, colour ? backgroundOf(props, para, base.paraShading, base.tableShading, page) : null);
    }
    if (!reason) return run;
    if (!para?.duplicate) hidden[reason] = (hidden[reason] ?? 0) + chars;
    return '';
  });
  return { xml: out, hidden };
}
