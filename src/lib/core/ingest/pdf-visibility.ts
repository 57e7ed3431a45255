/**
 * Which PDF text a human can actually see. pdf.js `getTextContent` gives positions but not render mode,
 * colour or alpha, so this walks the page's operator list (`getOperatorList`) tracking the graphics
 * state (CTM, fill and stroke colour and alpha, text render mode, save/restore, form XObjects), records the
 * state of every glyph drawn, every filled shape, image and shading, then aligns the glyph stream with the
 * text-content items character by character (both follow content-stream order). Whether a glyph is legible
 * against what is behind it (contrast, size) is legibility.ts's rule. Pure TypeScript.
 *
 * Non-goals: clipping paths (a shading is taken to fill the last path drawn), blend modes, soft masks,
 * pattern/shading colours and text over images (colour unknown: treated as visible unless too small),
 * exact glyph boxes (a text item's box stands in for its glyphs when testing what lies behind/on top).
 *
 * Shape legend: Matrix = [a, b, c, d, e, f] (PDF order); Rgb = [r, g, b] in 0..255; Box = page-space
 * points [x0, y0, x1, y1]; `op` = index in the operator list (paint order).
 */

import { blend, contrastRatio, illegibleReason, WHITE, type Rgb } from './legibility';
import type { HiddenReason } from './types';

export type { Rgb } from './legibility';
export type Matrix = [number, number, number, number, number, number];
export type Box = [number, number, number, number];

/** Graphics state of one drawn glyph. */
export interface GlyphPaint {
  ch: string;
  op: number;
  renderMode: number;
  fill: Rgb | null; // null: pattern/unknown colour
  alpha: number;
  stroke: Rgb | null;
  strokeAlpha: number;
}

/** A filled shape, image or shading: its page-space bounding box, colour (null: unknown) and paint order. */
export interface FilledShape {
  box: Box;
  fill: Rgb | null;
  alpha: number;
  op: number;
  /** Images and shadings (gradients): backgrounds of unknown colour, never covers (they may be transparent). */
  backdrop?: boolean;
}

export interface PagePaint {
  glyphs: GlyphPaint[]; // non-whitespace glyphs only, in content order
  shapes: FilledShape[];
  paintsImages: boolean;
}

interface GraphicsState {
  ctm: Matrix;
  fill: Rgb | null;
  alpha: number;
  stroke: Rgb | null;
  strokeAlpha: number;
  renderMode: number;
}

/** Fill alpha at or under which text is transparent. */
const TRANSPARENT_ALPHA = 0.05;
/** Shapes more opaque than this, painted after text over it, hide it. */
const OPAQUE_ALPHA = 0.9;
/** Whitespace and zero-width/format characters: pdf.js text content drops the latter, so neither side counts them. */
export const WHITESPACE = /[\s\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/;

/** WHITESPACE.test for one character, without the regex for printable ASCII (nearly every glyph of a resume). */
export function isBlank(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return WHITESPACE.test(ch);
}

/** What collectPagePaint does with an operator; anything else is skipped. */
const Act = { Skip: 0, Push: 1, Pop: 2, Transform: 3, FillRgb: 4, StrokeRgb: 5, FillPattern: 6, StrokePattern: 7, RenderMode: 8, GState: 9, ShowText: 10, Path: 11, Shading: 12, Image: 13 } as const;
type Act = (typeof Act)[keyof typeof Act];

const actsByOps = new WeakMap<Record<string, number>, Map<number, Act>>();

/** Operator code → Act, built once per OPS table (one if-chain of property reads per operator was measurable). */
function actsOf(OPS: Record<string, number>): Map<number, Act> {
  let acts = actsByOps.get(OPS);
  if (acts) return acts;
  acts = new Map<number, Act>();
  const set = (names: string[], act: Act) => names.forEach((n) => OPS[n] !== undefined && !acts!.has(OPS[n]) && acts!.set(OPS[n], act));
  set(['save', 'paintFormXObjectBegin', 'beginGroup'], Act.Push);
  set(['restore', 'paintFormXObjectEnd', 'endGroup'], Act.Pop);
  set(['transform'], Act.Transform);
  set(['setFillRGBColor'], Act.FillRgb);
  set(['setStrokeRGBColor'], Act.StrokeRgb);
  set(['setFillColorN'], Act.FillPattern);
  set(['setStrokeColorN'], Act.StrokePattern);
  set(['setTextRenderingMode'], Act.RenderMode);
  set(['setGState'], Act.GState);
  set(['showText'], Act.ShowText);
  set(['constructPath'], Act.Path);
  set(['shadingFill'], Act.Shading);
  set(['paintImageXObject', 'paintInlineImageXObject', 'paintImageXObjectRepeat', 'paintInlineImageXObjectGroup'], Act.Image);
  actsByOps.set(OPS, acts);
  return acts;
}

/** m then n (a point is mapped by m, then by n), in PDF's row-vector order. */
export function multiply(m: ArrayLike<number>, n: ArrayLike<number>): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5]
  ];
}

function transformBox(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[x0, y0], [x0, y1], [x1, y0], [x1, y1]]) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function parseHexColour(value: unknown): Rgb | null {
  if (typeof value !== 'string' || !/^#[0-9a-f]{6}$/i.test(value)) return null;
  return [parseInt(value.slice(1, 3), 16), parseInt(value.slice(3, 5), 16), parseInt(value.slice(5, 7), 16)];
}

/** Walks a pdf.js operator list and records glyph and filled-shape paint state. */
export function collectPagePaint(fnArray: ArrayLike<number>, argsArray: unknown[], OPS: Record<string, number>): PagePaint {
  const fillOps = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const acts = actsOf(OPS);
  const glyphs: GlyphPaint[] = [];
  const shapes: FilledShape[] = [];
  let paintsImages = false;
  let lastPath: Box | null = null; // a shading (sh) paints the current clip, most often the last path drawn
  let state: GraphicsState = { ctm: [1, 0, 0, 1, 0, 0], fill: [0, 0, 0], alpha: 1, stroke: [0, 0, 0], strokeAlpha: 1, renderMode: 0 };
  const stack: GraphicsState[] = [];
  for (let op = 0; op < fnArray.length; op++) {
    const fn = fnArray[op];
    const act = acts.get(fn) ?? Act.Skip;
    if (act === Act.Skip) continue;
    const args = argsArray[op] as unknown[] | null;
    switch (act) {
      case Act.Push:
        stack.push({ ...state });
        if (fn === OPS.paintFormXObjectBegin && Array.isArray(args?.[0]) && (args[0] as number[]).length === 6) {
          state = { ...state, ctm: multiply(args[0] as Matrix, state.ctm) };
        }
        break;
      case Act.Pop:
        state = stack.pop() ?? state;
        break;
      case Act.Transform:
        if (args) state = { ...state, ctm: multiply(args as unknown as Matrix, state.ctm) };
        break;
      case Act.FillRgb:
        if (args) state = { ...state, fill: parseHexColour(args[0]) };
        break;
      case Act.StrokeRgb:
        if (args) state = { ...state, stroke: parseHexColour(args[0]) };
        break;
      case Act.FillPattern:
        state = { ...state, fill: null };
        break;
      case Act.StrokePattern:
        state = { ...state, stroke: null };
        break;
      case Act.RenderMode:
        if (args) state = { ...state, renderMode: Number(args[0]) };
        break;
      case Act.GState:
        if (!Array.isArray(args?.[0])) break;
        for (const entry of args[0] as unknown[]) {
          if (Array.isArray(entry) && entry[0] === 'ca' && typeof entry[1] === 'number') state = { ...state, alpha: entry[1] };
          if (Array.isArray(entry) && entry[0] === 'CA' && typeof entry[1] === 'number') state = { ...state, strokeAlpha: entry[1] };
        }
        break;
      case Act.ShowText:
        if (!Array.isArray(args?.[0])) break;
        for (const glyph of args[0] as unknown[]) {
          const unicode = (glyph as { unicode?: unknown } | null)?.unicode;
          if (typeof unicode !== 'string') continue;
          for (const ch of unicode) {
            if (!isBlank(ch)) glyphs.push({ ch, op, renderMode: state.renderMode, fill: state.fill, alpha: state.alpha, stroke: state.stroke, strokeAlpha: state.strokeAlpha });
          }
        }
        break;
      case Act.Path: {
        if (!args) break;
        const minMax = args[2] as ArrayLike<number> | null;
        if (minMax && Number.isFinite(minMax[0])) {
          const box = transformBox(state.ctm, minMax[0], minMax[1], minMax[2], minMax[3]);
          lastPath = box;
          if (fillOps.has(args[0] as number) && box[2] - box[0] >= 2 && box[3] - box[1] >= 2) shapes.push({ box, fill: state.fill, alpha: state.alpha, op });
        }
        break;
      }
      case Act.Shading:
        shapes.push({ box: lastPath ?? [-Infinity, -Infinity, Infinity, Infinity], fill: null, alpha: 1, op, backdrop: true });
        break;
      case Act.Image: {
        paintsImages = true;
        // An image is drawn into the unit square of the current CTM.
        const box = transformBox(state.ctm, 0, 0, 1, 1);
        if (box[2] - box[0] >= 2 && box[3] - box[1] >= 2) shapes.push({ box, fill: null, alpha: 1, op, backdrop: true });
        break;
      }
    }
  }
  return { glyphs, shapes, paintsImages };
}

/** Non-whitespace characters the aligner tries to match together when it has to resynchronise. */
const RESYNC_CONTEXT = 4;

/**
 * Per text item: the paint state of each of its characters (null for whitespace or unmatched), plus
 * how many item characters found no glyph (`misses`) and how many glyphs no item character
 * (`unplaced`: pdf.js leaves glyphs drawn outside the page box out of text content).
 */
export function alignItemsToGlyphs(
  itemTexts: string[],
  glyphs: GlyphPaint[]
): { paints: (GlyphPaint | null)[][]; misses: number; unplaced: number } {
  let p = 0;
  let misses = 0;
  let matched = 0;
  const paints = itemTexts.map((str) => {
    const chars = [...str];
    let solid: string[] | null = null; // the item's non-whitespace characters, built on the first mismatch only
    let s = 0; // index into `solid`
    return chars.map((ch) => {
      if (isBlank(ch)) return null;
      const at = s++;
      let q = p;
      if (!(q < glyphs.length && glyphs[q].ch === ch)) {
        solid ??= chars.filter((c) => !isBlank(c));
        const want = solid.slice(at, at + RESYNC_CONTEXT);
        q = -1;
        for (let k = p + 1; k + want.length <= glyphs.length; k++) {
          if (want.every((c, i) => glyphs[k + i].ch === c)) {
            q = k;
            break;
          }
        }
      }
      if (q < 0) {
        misses++;
        return null;
      }
      p = q + 1;
      matched++;
      return glyphs[q];
    });
  });
  return { paints, misses, unplaced: glyphs.length - matched };
}

function contains(box: Box, x: number, y: number): boolean {
  return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

/** Colour painted behind a point before paint-order `op` (white page when nothing covers it; null: unknown, an image, shading or pattern). */
export function backgroundAt(shapes: FilledShape[], x: number, y: number, op: number): Rgb | null {
  for (let i = shapes.length - 1; i >= 0; i--) {
    const s = shapes[i];
    if (s.op < op && s.alpha > OPAQUE_ALPHA && contains(s.box, x, y)) return s.fill;
  }
  return WHITE;
}

/** Whether an opaque shape (not an image or shading) painted after `op` covers the point. */
export function coveredAfter(shapes: FilledShape[], x: number, y: number, op: number): boolean {
  return shapes.some((s) => s.op > op && !s.backdrop && s.alpha > OPAQUE_ALPHA && contains(s.box, x, y));
}

/** The colour a reader sees for a glyph on `behind`: its fill, its stroke, or for fill+stroke the more visible one. */
function seenColour(paint: GlyphPaint, behind: Rgb): Rgb | null {
  const fills = paint.renderMode === 0 || paint.renderMode === 2 || paint.renderMode === 4 || paint.renderMode === 6;
  const strokes = paint.renderMode === 1 || paint.renderMode === 2 || paint.renderMode === 5 || paint.renderMode === 6;
  const fill = fills && paint.fill ? blend(paint.fill, behind, paint.alpha) : null;
  const stroke = strokes && paint.stroke ? blend(paint.stroke, behind, paint.strokeAlpha) : null;
  if ((fills && !paint.fill) || (strokes && !paint.stroke)) return null; // a pattern: colour unknown
  if (fill && stroke) return contrastRatio(fill, behind) >= contrastRatio(stroke, behind) ? fill : stroke;
  return fill ?? stroke;
}

/**
 * Why one glyph of `sizePt` painted at page point (x, y) is invisible or illegible, or null when a reader
 * sees it. `minPt`: the smallest legible size (legibility.ts's MIN_GLYPH_PT unless the caller says otherwise).
 */
export function glyphHiddenReason(paint: GlyphPaint, shapes: FilledShape[], x: number, y: number, sizePt: number, minPt?: number): HiddenReason | null {
  if (paint.renderMode === 3 || paint.renderMode === 7) return 'invisibleRenderMode';
  const fills = paint.renderMode === 0 || paint.renderMode === 2 || paint.renderMode === 4 || paint.renderMode === 6;
  const strokes = paint.renderMode === 1 || paint.renderMode === 2 || paint.renderMode === 5 || paint.renderMode === 6;
  if ((!fills || paint.alpha <= TRANSPARENT_ALPHA) && (!strokes || paint.strokeAlpha <= TRANSPARENT_ALPHA)) return 'transparent';
  const behind = backgroundAt(shapes, x, y, paint.op);
  const reason = illegibleReason(sizePt, behind ? seenColour(paint, behind) : null, behind, minPt);
  if (reason) return reason;
  if (coveredAfter(shapes, x, y, paint.op)) return 'coveredByShape';
  return null;
}
