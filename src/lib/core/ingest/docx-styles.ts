/**
 * DOCX run formatting as Word resolves it, for the properties that make text invisible: hidden (vanish), text
 * colour, size, width scale, highlight and shading. A run's formatting is the document defaults, then its table's
 * style, its paragraph's style, its character style (each style with its basedOn ancestors first), then the
 * run's own properties, the later overriding the earlier (ECMA-376 part 1, 17.7.2). Pure TypeScript on the XML.
 *
 * Non-goals: reading the theme (a theme colour is taken as the colour Word wrote beside it, else unknown),
 * toggle-property XOR between style levels (the last level that sets vanish wins), conditional table
 * formatting (only its shading is noticed, as an unknown background), numbering and list styles, everything
 * that does not affect visibility.
 *
 * Shape legend: Rgb = [r, g, b] 0..255; `null` colour = present but unknown (a bare theme colour, a pattern);
 * sizes in half-points (w:sz), width scale in percent (w:w).
 */

import type { Rgb } from './legibility';

/** The visibility-relevant run properties; undefined = not set at this level. */
export interface RunProps {
  vanish?: boolean;
  /** 'auto': Word picks black or white against the background, so always legible. */
  colour?: Rgb | 'auto' | null;
  halfPoints?: number;
  widthPercent?: number;
  /** Highlight or run shading colour; 'none' = explicitly none. */
  highlight?: Rgb | 'none' | null;
  shading?: Rgb | 'none' | null;
}

interface StyleDef {
  type: string;
  basedOn?: string;
  rPr: RunProps;
  /** Paragraph shading (pPr/shd) of a paragraph style; a table style's cell shading counts as unknown. */
  shading?: Rgb | 'none' | null;
}

export interface DocxStyles {
  defaults: RunProps;
  styles: Map<string, StyleDef>;
  defaultParagraph?: string;
  defaultCharacter?: string;
}

const HIGHLIGHT: Record<string, Rgb> = {
  black: [0, 0, 0],
  blue: [0, 0, 255],
  cyan: [0, 255, 255],
  green: [0, 255, 0],
  magenta: [255, 0, 255],
  red: [255, 0, 0],
  yellow: [255, 255, 0],
  white: [255, 255, 255],
  darkBlue: [0, 0, 128],
  darkCyan: [0, 128, 128],
  darkGreen: [0, 128, 0],
  darkMagenta: [128, 0, 128],
  darkRed: [128, 0, 0],
  darkYellow: [128, 128, 0],
  darkGray: [128, 128, 128],
  lightGray: [192, 192, 192]
};

/** The value of attribute `name` (e.g. "w:val") in a tag, or undefined. */
export function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function hex(value: string | undefined): Rgb | undefined {
  if (!value || !/^[0-9a-f]{6}$/i.test(value)) return undefined;
  return [parseInt(value.slice(0, 2), 16), parseInt(value.slice(2, 4), 16), parseInt(value.slice(4, 6), 16)];
}

/** The colour a <w:shd> paints: clear → its fill, solid → its pattern colour, other patterns unknown. */
export function shadingOf(tag: string): Rgb | 'none' | null {
  const pattern = attr(tag, 'w:val') ?? 'clear';
  if (pattern === 'nil') return 'none';
  if (pattern === 'clear') {
    const fill = attr(tag, 'w:fill');
    if (attr(tag, 'w:themeFill') !== undefined) return hex(fill) ?? null;
    return !fill || fill === 'auto' ? 'none' : (hex(fill) ?? null);
  }
  if (pattern === 'solid') return hex(attr(tag, 'w:color')) ?? null;
  return null;
}

/** The first direct child element `name` of some XML, as its whole tag (self-closing properties only). */
function tagOf(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}(?:\\s[^>]*)?/?>`).exec(xml)?.[0];
}

/** Parses the inner XML of a <w:rPr>. */
export function parseRunProps(rPr: string): RunProps {
  const props: RunProps = {};
  const vanish = tagOf(rPr, 'w:vanish');
  if (vanish) props.vanish = !/^(?:false|0|off)$/.test(attr(vanish, 'w:val') ?? 'true');
  const colour = tagOf(rPr, 'w:color');
  if (colour) {
    const val = attr(colour, 'w:val');
    // With a theme colour, w:val still holds the colour Word last computed for it ("White, Background 1": FFFFFF).
    props.colour = val === 'auto' ? 'auto' : (hex(val) ?? null);
  }
  const size = tagOf(rPr, 'w:sz');
  if (size && /^\d+$/.test(attr(size, 'w:val') ?? '')) props.halfPoints = Number(attr(size, 'w:val'));
  const width = tagOf(rPr, 'w:w');
  if (width && /^\d+%?$/.test(attr(width, 'w:val') ?? '')) props.widthPercent = parseInt(attr(width, 'w:val')!, 10);
  const highlight = tagOf(rPr, 'w:highlight');
  if (highlight) {
    const val = attr(highlight, 'w:val') ?? 'none';
    props.highlight = val === 'none' ? 'none' : (HIGHLIGHT[val] ?? null);
  }
  const shd = tagOf(rPr, 'w:shd');
  if (shd) props.shading = shadingOf(shd);
  return props;
}

/** Later properties override earlier ones, field by field. */
export function mergeRunProps(...layers: RunProps[]): RunProps {
  const out: RunProps = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** The <w:pPr> of an element body with any nested <w:rPr> (the paragraph mark's formatting) removed. */
export function paragraphPropsOnly(pPr: string): string {
  return pPr.replace(/<w:rPr>[\s\S]*?<\/w:rPr>/g, '');
}

/** Parses word/styles.xml (absent or unreadable: no styles, Word's defaults). */
export function parseDocxStyles(xml: string | undefined): DocxStyles {
  const styles = new Map<string, StyleDef>();
  const out: DocxStyles = { defaults: {}, styles };
  if (!xml) return out;
  const rPrDefault = /<w:rPrDefault>[\s\S]*?<w:rPr>([\s\S]*?)<\/w:rPr>[\s\S]*?<\/w:rPrDefault>/.exec(xml);
  if (rPrDefault) out.defaults = parseRunProps(rPrDefault[1]);
  for (const m of xml.matchAll(/<w:style\s([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const open = `<w:style ${m[1]}>`;
    const id = attr(open, 'w:styleId');
    if (!id) continue;
    const type = attr(open, 'w:type') ?? 'paragraph';
    const body = m[2];
    const basedOn = tagOf(body, 'w:basedOn');
    // The style's own rPr, not those of its conditional table parts (<w:tblStylePr>).
    const own = body.replace(/<w:tblStylePr\b[\s\S]*?<\/w:tblStylePr>/g, '');
    const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(own.replace(/<w:pPr>[\s\S]*?<\/w:pPr>/, (p) => paragraphPropsOnly(p)));
    const def: StyleDef = { type, basedOn: basedOn ? attr(basedOn, 'w:val') : undefined, rPr: rPr ? parseRunProps(rPr[1]) : {} };
    if (type === 'paragraph') {
      const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(own);
      const shd = pPr ? tagOf(paragraphPropsOnly(pPr[1]), 'w:shd') : undefined;
      if (shd) def.shading = shadingOf(shd);
    } else if (type === 'table') {
      // Any shading a table style paints (whole table or banded rows) makes the background unknown.
      const shaded = [...body.matchAll(/<w:shd\b[^>]*>/g)].some((s) => shadingOf(s[0]) !== 'none');
      if (shaded) def.shading = null;
    }
    styles.set(id, def);
    if (/\sw:default="(?:1|true|on)"/.test(open)) {
      if (type === 'paragraph') out.defaultParagraph ??= id;
      if (type === 'character') out.defaultCharacter ??= id;
    }
  }
  return out;
}

/** A style's run properties and shading with its basedOn ancestors applied (cycles and depth bounded). */
export function resolveStyle(styles: DocxStyles, id: string | undefined): { rPr: RunProps; shading?: Rgb | 'none' | null } {
  const chain: StyleDef[] = [];
  const seen = new Set<string>();
  for (let cur = id; cur && !seen.has(cur) && chain.length < 32; ) {
    seen.add(cur);
    const def = styles.styles.get(cur);
    if (!def) break;
    chain.unshift(def);
    cur = def.basedOn;
  }
  let shading: Rgb | 'none' | null | undefined;
  for (const def of chain) if (def.shading !== undefined) shading = def.shading;
  return { rPr: mergeRunProps(...chain.map((d) => d.rPr)), ...(shading !== undefined ? { shading } : {}) };
}
