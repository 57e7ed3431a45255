/**
 * Whether text of a given size and colour on a given background is legible to a human reader: one rule shared by
 * PDF (pdf-visibility.ts) and DOCX (docx-hidden.ts), so "3 pt light grey" is hidden text in both.
 * Non-goals: fonts, weights, anti-aliasing, colour blindness; images or gradients behind text (callers pass no
 * background when they do not know it, and then only the size rule applies).
 *
 * Contrast is WCAG 2's ratio of relative luminances, (L1 + 0.05) / (L2 + 0.05), from 1 (same colour) to 21.
 * WCAG's lowest bar for any text is 3:1 (large text, AA; ISO 9241-3 asks the same); text under MIN_CONTRAST
 * is under two thirds of it, which is a watermark or a trick rather than content (rgb 220,220,220 on white is
 * 1.37:1, "silver" 192,192,192 is 1.83:1). Small text needs more contrast than large (WCAG asks 4.5:1 under
 * 18 pt), so under SMALL_PT the bar is SMALL_MIN_CONTRAST. Sizes: under MIN_GLYPH_PT nobody reads print
 * (legal fine print is 6 pt). Checked on the 1,712 kaggle resume PDFs: their smallest text is 7 pt and their
 * faintest 2.48:1 (a light-blue link colour), so none of their visible text falls under these rules.
 *
 * Shape legend: Rgb = [r, g, b] 0..255; sizes in points (1/72 inch).
 */

import type { HiddenReason } from './types';

export type Rgb = [number, number, number];

/** Glyphs smaller than this (points) are not legible. */
export const MIN_GLYPH_PT = 4;
/** Contrast ratio under which text of any size is not legible. */
export const MIN_CONTRAST = 2;
/** Text under this size (points) needs SMALL_MIN_CONTRAST. */
export const SMALL_PT = 6;
export const SMALL_MIN_CONTRAST = 3;
/** Max per-channel difference (0..255) under which text is the very colour behind it ('backgroundColour'). */
export const BACKGROUND_TOLERANCE = 24;
export const WHITE: Rgb = [255, 255, 255];

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Luminances of whole-number colours already computed (a page has a handful of colours; each costs three powers). */
const LUMINANCE = new Map<number, number>();

/** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function relativeLuminance(rgb: Rgb): number {
  const [r, g, b] = rgb;
  const whole = Number.isInteger(r) && Number.isInteger(g) && Number.isInteger(b) && r >= 0 && g >= 0 && b >= 0 && r < 256 && g < 256 && b < 256;
  const key = whole ? (r << 16) | (g << 8) | b : -1;
  const known = whole ? LUMINANCE.get(key) : undefined;
  if (known !== undefined) return known;
  const l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  if (whole) {
    if (LUMINANCE.size >= 4096) LUMINANCE.clear(); // bounded, whatever a document throws at it
    LUMINANCE.set(key, l);
  }
  return l;
}

/** WCAG contrast ratio between two colours, 1..21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `fg` painted with opacity `alpha` over `bg`: the colour a reader sees. */
export function blend(fg: Rgb, bg: Rgb, alpha: number): Rgb {
  const a = Math.min(1, Math.max(0, alpha));
  return [0, 1, 2].map((i) => a * fg[i] + (1 - a) * bg[i]) as Rgb;
}

/**
 * Why text of `sizePt` in colour `fg` on `bg` is not legible, or null. `fg`/`bg` null: colour unknown (pattern,
 * image, theme), so only the size rule applies. `minPt` overrides MIN_GLYPH_PT.
 */
export function illegibleReason(sizePt: number, fg: Rgb | null, bg: Rgb | null, minPt = MIN_GLYPH_PT): HiddenReason | null {
  if (sizePt < minPt) return 'tinyGlyph';
  if (!fg || !bg) return null;
  if (Math.max(Math.abs(fg[0] - bg[0]), Math.abs(fg[1] - bg[1]), Math.abs(fg[2] - bg[2])) <= BACKGROUND_TOLERANCE) return 'backgroundColour';
  const ratio = contrastRatio(fg, bg);
  if (ratio < MIN_CONTRAST || (sizePt < SMALL_PT && ratio < SMALL_MIN_CONTRAST)) return 'lowContrast';
  return null;
}
