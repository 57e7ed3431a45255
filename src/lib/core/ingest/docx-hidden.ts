/**
 * Hidden text in DOCX, removed before mammoth reads it: runs marked hidden (<w:vanish/>), runs in white
 * or near-white on no shading, and runs under 2 pt (<w:sz> is in half-points). The same prompt-injection
 * trick as in PDFs; mammoth ignores these properties, so document.xml is edited first. Pure TypeScript.
 *
 * Non-goals: hidden formatting inherited from styles (styles.xml), runs inside text boxes (nested runs are
 * left as they are), theme colours, headers/footers (mammoth does not read them).
 *
 * Shape legend: counts are characters of <w:t> text; colours are 6-digit hex RGB.
 */

import type { HiddenReason } from './types';

export interface DocxHiddenResult {
  xml: string;
  hidden: Partial<Record<HiddenReason, number>>;
}

const RUN = /<w:r(?:\s[^>]*)?>([\s\S]*?)<\/w:r>/g;
const TEXT = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g;
/** Half-points: 4 = 2 pt. */
const MIN_HALF_POINTS = 4;
/** Every channel at or above this counts as white-ish. */
const NEAR_WHITE = 0xf0;

function isNearWhite(hex: string | undefined): boolean {
  if (!hex || !/^[0-9a-f]{6}$/i.test(hex)) return false;
  return [0, 2, 4].every((i) => parseInt(hex.slice(i, i + 2), 16) >= NEAR_WHITE);
}

/** The fill of the nearest enclosing paragraph or table cell shading before `at`, if any is dark. */
function hasDarkShadingAround(xml: string, at: number): boolean {
  const fills: string[] = [];
  const paragraph = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
  const cellOpen = Math.max(xml.lastIndexOf('<w:tc>', at), xml.lastIndexOf('<w:tc ', at));
  const cellClose = xml.lastIndexOf('</w:tc>', at);
  for (const start of [paragraph, cellOpen > cellClose ? cellOpen : -1]) {
    if (start < 0) continue;
    const m = /<w:shd\b[^>]*w:fill="([0-9A-Fa-f]{6})"/.exec(xml.slice(start, at));
    if (m) fills.push(m[1]);
  }
  return fills.some((f) => !isNearWhite(f));
}

function runTextLength(run: string): number {
  let n = 0;
  for (const m of run.matchAll(TEXT)) n += m[1].replace(/\s/g, '').length;
  return n;
}

/** Why a run is invisible, or null. */
function runHiddenReason(xml: string, runStart: number, run: string): HiddenReason | null {
  const props = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? '';
  if (/<w:vanish\s*\/>|<w:vanish\s+w:val="(?:true|1|on)"\s*\/>/.test(props)) return 'hiddenFormatting';
  const size = /<w:sz\s+w:val="(\d+)"/.exec(props);
  if (size && Number(size[1]) < MIN_HALF_POINTS) return 'tinyGlyph';
  const colour = /<w:color\s+[^>]*w:val="([0-9A-Fa-f]{6})"/.exec(props)?.[1];
  if (isNearWhite(colour)) {
    const runShading = /<w:shd\b[^>]*w:fill="([0-9A-Fa-f]{6})"/.exec(props)?.[1];
    const highlighted = /<w:highlight\s+w:val="(?!none)/.test(props);
    if (!highlighted && !(runShading && !isNearWhite(runShading)) && !hasDarkShadingAround(xml, runStart)) return 'backgroundColour';
  }
  return null;
}

/** Removes hidden runs from word/document.xml and counts what was removed, by reason. */
export function stripHiddenDocxRuns(xml: string): DocxHiddenResult {
  const hidden: Partial<Record<HiddenReason, number>> = {};
  const out = xml.replace(RUN, (run, body: string, offset: number) => {
    if (/<w:r[\s>]/.test(body)) return run; // a run holding nested runs (text box): left alone
    const reason = runHiddenReason(xml, offset, run);
    if (!reason) return run;
    const chars = runTextLength(run);
    if (chars === 0) return run;
    hidden[reason] = (hidden[reason] ?? 0) + chars;
    return '';
  });
  return { xml: out, hidden };
}
