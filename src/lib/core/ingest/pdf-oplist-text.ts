/**
 * Text items built from a page's pdf.js operator list — the one the hidden-text defence walks anyway — so the page's
 * content stream is parsed once instead of twice (getTextContent parses it again: ~16 of ~47 CPU-ms per resume,
 * node --cpu-prof on 100 kaggle PDFs). A port of pdf.js 5.x `PartialEvaluator.getTextContent`'s item building
 * (src/core/evaluator.js: compareWithLastPosition, buildTextContentItem, addFakeSpaces, appendEOL, flush) with the
 * same constants and arithmetic, so items (string, transform, width, fake spaces, line ends) are those pdf.js
 * would give; each character also carries the paint state of the glyph that drew it (pdf-visibility.ts), so no
 * text-to-glyph alignment is needed.
 *
 * Needs the operator list's glyphs as pdf.js' own objects (the same-thread worker of pdfjs-port.ts hands them over
 * by reference; their `category` getter and `originalCharCode` are what getTextContent reads) and the main thread's
 * font objects (font matrix, name). Returns `unsupported` instead of items where it would not match getTextContent:
 * vertical fonts, right-to-left text (pdf.js reorders it with its bidi pass), fonts or glyphs it cannot see; the
 * caller then falls back to getTextContent for that page.
 *
 * Known differences from getTextContent: the operator list stores Tm operands as float32 (positions differ in the
 * 7th digit), and a Type3 font's `isCharBBox` is not exported to the main thread (only the font-size-≤-1 case of
 * the Type3 height rule applies).
 *
 * Shape legend: Matrix = [a, b, c, d, e, f] in pdf.js' `Util.transform` order; item.transform is the text rendering
 * matrix at the item's first glyph; paints[i] is the paint of the item's i-th code point (null: space, fake space).
 */

import { isBlank, multiply, type GlyphPaint } from './pdf-visibility';

/** The main-thread font object fields this needs (pdf.js FontFaceObject). */
export interface OpFont {
  name?: string;
  fontMatrix?: number[];
  vertical?: boolean;
  isType3Font?: boolean;
  bbox?: number[];
}

export interface OpTextItem {
  str: string;
  transform: number[] | null;
  width: number;
  paints: (GlyphPaint | null)[];
}

export interface OpText {
  items: OpTextItem[];
  /** Non-blank glyphs drawn but left out of the text (outside the page's view box), as getTextContent does. */
  unplaced: number;
  /** Why this page needs getTextContent instead (null: the items are good). */
  unsupported: string | null;
}

interface OpGlyph {
  unicode?: unknown;
  width?: number;
  originalCharCode?: number;
  category?: { isWhitespace: boolean; isZeroWidthDiacritic: boolean; isInvisibleFormatMark: boolean };
}

type Matrix = number[];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const FONT_IDENTITY: Matrix = [0.001, 0, 0, 0.001, 0, 0];
// pdf.js getTextContent's factors (of the font size).
const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;
/** Characters pdf.js' bidi pass treats as right-to-left (it reorders items holding any of them). */
const RTL = /[\u0590-\u08ac]/;

/** pdf.js Util.transform(m1, m2): m2 then m1; the same products summed in the same order as multiply(m2, m1). */
function transform(m1: ArrayLike<number>, m2: ArrayLike<number>): Matrix {
  return multiply(m2, m1);
}

/** pdf.js TextState, with the font named by its loaded name. */
class TextState {
  ctm: ArrayLike<number> = IDENTITY;
  fontName: string | null = null;
  font: OpFont | null = null;
  fontSize = 0;
  fontMatrix: Matrix = FONT_IDENTITY;
  textMatrix: Matrix = IDENTITY.slice();
  textLineMatrix: Matrix = IDENTITY.slice();
  charSpacing = 0;
  wordSpacing = 0;
  leading = 0;
  textHScale = 1;
  textRise = 0;

  clone(): TextState {
    const c = Object.assign(new TextState(), this);
    c.textMatrix = this.textMatrix.slice();
    c.textLineMatrix = this.textLineMatrix.slice();
    c.fontMatrix = this.fontMatrix.slice();
    return c;
  }

  translateTextMatrix(x: number, y: number): void {
    const m = this.textMatrix;
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }

  translateTextLineMatrix(x: number, y: number): void {
    const m = this.textLineMatrix;
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }

  carriageReturn(): void {
    this.translateTextLineMatrix(0, -this.leading);
    this.textMatrix = this.textLineMatrix.slice();
  }
}

/** getTextContent's `textContentItem` plus the per-call state (one per content stream: the page, each form). */
class ItemContext {
  initialized = false;
  str: string[] = [];
  paints: (GlyphPaint | null)[] = [];
  totalWidth = 0;
  width = 0;
  height = 0;
  prevTransform: Matrix | null = null;
  prevTextRise = 0;
  textAdvanceScale = 0;
  spaceInFlowMin = 0;
  spaceInFlowMax = 0;
  trackingSpaceMin = Infinity;
  negativeSpaceMax = -Infinity;
  notASpace = -Infinity;
  transform: Matrix | null = null;
  hasEOL = false;
  twoLastChars = [' ', ' '];
  twoLastCharsPos = 0;
  current: TextState | null = null;
}

class Builder {
  state = new TextState();
  readonly stack: TextState[] = [];
  ctx = new ItemContext();
  readonly outer: ItemContext[] = [];
  readonly items: OpTextItem[] = [];
  unsupported: string | null = null;
  unplaced = 0;
  private g = 0; // next glyph paint

  constructor(
    private readonly view: number[],
    private readonly glyphPaints: GlyphPaint[]
  ) {}

  /** Appends the paints of one glyph's code points (null for blanks), consumed in collectPagePaint's order. */
  pushPaints(unicode: string, out: (GlyphPaint | null)[]): void {
    for (const ch of unicode) out.push(isBlank(ch) ? null : (this.glyphPaints[this.g++] ?? null));
  }

  /** Skips one glyph's paints: drawn, not in the text. */
  skipPaints(unicode: string, unplaced: boolean): void {
    for (const ch of unicode) {
      if (isBlank(ch)) continue;
      this.g++;
      if (unplaced) this.unplaced++;
    }
  }

  saveLastChar(char: string): boolean {
    const c = this.ctx;
    const nextPos = (c.twoLastCharsPos + 1) % 2;
    const ret = c.twoLastChars[c.twoLastCharsPos] !== ' ' && c.twoLastChars[nextPos] === ' ';
    c.twoLastChars[c.twoLastCharsPos] = char;
    c.twoLastCharsPos = nextPos;
    return ret;
  }

  shouldAddWhitespace(): boolean {
    const c = this.ctx;
    return c.twoLastChars[c.twoLastCharsPos] !== ' ' && c.twoLastChars[(c.twoLastCharsPos + 1) % 2] === ' ';
  }

  resetLastChars(): void {
    this.ctx.twoLastChars[0] = this.ctx.twoLastChars[1] = ' ';
    this.ctx.twoLastCharsPos = 0;
  }

  pushWhitespace(width: number, transform: Matrix | null = this.ctx.prevTransform): void {
    this.items.push({ str: ' ', transform, width, paints: [null] });
  }

  /**
   * pdf.js getCurrentTextTransform, `Util.transform(ctm, Util.transform(textMatrix, tsm))` with tsm = [size × hscale,
   * 0, 0, size', 0, rise], multiplied out without the terms that are products with tsm's zeros (adding ±0 leaves a
   * finite sum unchanged, so the result is the same; this runs several times per glyph).
   */
  currentTextTransform(): Matrix {
    const s = this.state;
    const font = s.font!;
    let sy = s.fontSize;
    const fm = s.fontMatrix;
    if (font.isType3Font && s.fontSize <= 1 && font.bbox && !(fm.length === 6 && fm.every((v, i) => v === FONT_IDENTITY[i]))) {
      const glyphHeight = font.bbox[3] - font.bbox[1];
      if (glyphHeight > 0) sy *= glyphHeight * fm[3];
    }
    const sx = s.fontSize * s.textHScale;
    const rise = s.textRise;
    const t = s.textMatrix;
    const m = s.ctm;
    // inner = textMatrix × tsm
    const i0 = t[0] * sx;
    const i1 = t[1] * sx;
    const i2 = t[2] * sy;
    const i3 = t[3] * sy;
    const i4 = t[2] * rise + t[4];
    const i5 = t[3] * rise + t[5];
    return [m[0] * i0 + m[2] * i1, m[1] * i0 + m[3] * i1, m[0] * i2 + m[2] * i3, m[1] * i2 + m[3] * i3, m[0] * i4 + m[2] * i5 + m[4], m[1] * i4 + m[3] * i5 + m[5]];
  }

  ensureItem(): ItemContext {
    const c = this.ctx;
    if (c.initialized) return c;
    const s = this.state;
    const trm = (c.transform = this.currentTextTransform());
    c.width = c.totalWidth = 0;
    c.height = Math.hypot(trm[2], trm[3]);
    c.textAdvanceScale = Math.hypot(s.ctm[0], s.ctm[1]) * Math.hypot(s.textLineMatrix[0], s.textLineMatrix[1]);
    c.trackingSpaceMin = s.fontSize * TRACKING_SPACE_FACTOR;
    c.notASpace = s.fontSize * NOT_A_SPACE_FACTOR;
    c.negativeSpaceMax = s.fontSize * NEGATIVE_SPACE_FACTOR;
    c.spaceInFlowMin = s.fontSize * SPACE_IN_FLOW_MIN_FACTOR;
    c.spaceInFlowMax = s.fontSize * SPACE_IN_FLOW_MAX_FACTOR;
    c.hasEOL = false;
    c.initialized = true;
    return c;
  }

  updateAdvanceScale(): void {
    const c = this.ctx;
    if (!c.initialized) return;
    const s = this.state;
    const scale = Math.hypot(s.ctm[0], s.ctm[1]) * Math.hypot(s.textLineMatrix[0], s.textLineMatrix[1]);
    if (scale === c.textAdvanceScale) return;
    c.totalWidth += c.width * c.textAdvanceScale;
    c.width = 0;
    c.textAdvanceScale = scale;
  }

  flush(): void {
    const c = this.ctx;
    if (!c.initialized) return;
    c.totalWidth += c.width * c.textAdvanceScale;
    const str = c.str.join('');
    if (RTL.test(str)) this.unsupported ??= 'right-to-left text';
    this.items.push({ str, transform: c.transform, width: Math.abs(c.totalWidth), paints: c.paints });
    c.initialized = false;
    c.str = [];
    c.paints = [];
  }

  appendEOL(): void {
    this.resetLastChars();
    if (this.ctx.initialized) {
      this.ctx.hasEOL = true;
      this.flush();
    } else {
      this.items.push({ str: '', transform: this.currentTextTransform(), width: 0, paints: [] });
    }
  }

  addFakeSpaces(width: number, transf: Matrix | null, orientation: number): boolean {
    const c = this.ctx;
    if (orientation * c.spaceInFlowMin <= width && width <= orientation * c.spaceInFlowMax) {
      if (c.initialized) {
        this.resetLastChars();
        c.str.push(' ');
        c.paints.push(null);
      }
      return false;
    }
    this.flush();
    this.resetLastChars();
    this.pushWhitespace(Math.abs(width), transf || this.currentTextTransform());
    return true;
  }

  compareWithLastPosition(glyphWidth: number): boolean {
    const current = this.currentTextTransform();
    let posX = current[4];
    let posY = current[5];
    const v = this.view;
    if (posX + glyphWidth < v[0] || posX > v[2] || posY < v[1] || posY > v[3]) return false;
    const c = this.ctx;
    if (!c.prevTransform) return true;
    let lastPosX = c.prevTransform[4];
    let lastPosY = c.prevTransform[5];
    if (lastPosX === posX && lastPosY === posY) return true;
    let rotate = -1;
    if (current[0] && current[1] === 0 && current[2] === 0) rotate = current[0] > 0 ? 0 : 180;
    else if (current[1] && current[0] === 0 && current[3] === 0) rotate = current[1] > 0 ? 90 : 270;
    if (rotate === 90) {
      [posX, posY] = [posY, posX];
      [lastPosX, lastPosY] = [lastPosY, lastPosX];
    } else if (rotate === 180) {
      [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
    } else if (rotate === 270) {
      [posX, posY] = [-posY, -posX];
      [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
    } else if (rotate === -1) {
      [posX, posY] = inverseRotation(posX, posY, current);
      [lastPosX, lastPosY] = inverseRotation(lastPosX, lastPosY, c.prevTransform);
    }
    const advanceX = (posX - lastPosX) / c.textAdvanceScale;
    const advanceY = posY - lastPosY;
    const orientation = Math.sign(c.width || c.totalWidth);
    if (advanceX < orientation * c.negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * c.height) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const riseDelta = this.state.textRise - c.prevTextRise;
    const advanceYCorrected = riseDelta === 0 ? advanceY : advanceY - (current[3] / this.state.fontSize) * riseDelta;
    if (Math.abs(advanceYCorrected) > c.height) {
      this.appendEOL();
      return true;
    }
    if (advanceX <= orientation * c.notASpace) this.resetLastChars();
    if (advanceX <= orientation * c.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
        this.pushWhitespace(Math.abs(advanceX));
      } else {
        c.width += advanceX;
      }
    } else if (!this.addFakeSpaces(advanceX, c.prevTransform, orientation)) {
      if (c.str.length === 0) {
        this.resetLastChars();
        this.pushWhitespace(Math.abs(advanceX));
      } else {
        c.width += advanceX;
      }
    }
    if (Math.abs(advanceY) > c.height * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  /** getTextContent's buildTextContentItem for the glyphs of one showText segment (empty: a bare TJ number). */
  build(glyphs: OpGlyph[], extraSpacing: number): void {
    const s = this.state;
    const font = s.font!;
    const cur = this.ctx.current!;
    if (cur.fontSize !== s.fontSize || (cur.fontName !== s.fontName && (cur.font?.name !== font.name || !!cur.font?.vertical !== !!font.vertical))) {
      this.flush();
      this.ctx.current = s.clone();
    }
    const base = s.charSpacing;
    if (glyphs.length === 0) {
      const charSpacing = base + extraSpacing;
      if (charSpacing) s.translateTextMatrix(charSpacing * s.textHScale, 0);
      return;
    }
    const scale = s.fontMatrix[0] * s.fontSize;
    for (let i = 0, n = glyphs.length; i < n; i++) {
      const glyph = glyphs[i];
      const unicode = glyph.unicode as string;
      const category = glyph.category!;
      if (category.isInvisibleFormatMark) {
        this.skipPaints(unicode, false);
        continue;
      }
      let charSpacing = base + (i + 1 === n ? extraSpacing : 0);
      let scaledDim = (glyph.width ?? 0) * scale;
      if (glyph.originalCharCode === 0x20) charSpacing += s.wordSpacing;
      if (category.isWhitespace) {
        charSpacing += scaledDim;
        s.translateTextMatrix(charSpacing * s.textHScale, 0);
        this.saveLastChar(' ');
        this.skipPaints(unicode, false);
        continue;
      }
      if (!category.isZeroWidthDiacritic && !this.compareWithLastPosition(scaledDim)) {
        s.translateTextMatrix(scaledDim * s.textHScale, 0);
        this.skipPaints(unicode, true);
        continue;
      }
      const item = this.ensureItem();
      if (category.isZeroWidthDiacritic) scaledDim = 0;
      scaledDim *= s.textHScale;
      s.translateTextMatrix(scaledDim, 0);
      item.width += scaledDim;
      if (scaledDim) {
        item.prevTransform = this.currentTextTransform();
        item.prevTextRise = s.textRise;
      }
      if (this.saveLastChar(unicode)) {
        item.str.push(' ');
        item.paints.push(null);
      }
      item.str.push(unicode);
      this.pushPaints(unicode, item.paints);
      if (charSpacing) s.translateTextMatrix(charSpacing * s.textHScale, 0);
    }
  }

  /** One showText operator: its glyph array split at non-zero TJ numbers, as getTextContent splits TJ strings. */
  showText(elements: unknown[]): void {
    const s = this.state;
    if (!s.font) return void (this.unsupported ??= 'text drawn with a font the main thread does not have');
    const spaceFactor = -s.fontSize / 1000;
    let segment: OpGlyph[] = [];
    let sawNumber = false;
    for (const el of elements) {
      if (typeof el === 'number') {
        sawNumber = true;
        if (el === 0) continue;
        this.build(segment, el * spaceFactor);
        segment = [];
      } else if (el && typeof (el as OpGlyph).unicode === 'string' && (el as OpGlyph).category) {
        segment.push(el as OpGlyph);
      } else if (el) {
        return void (this.unsupported ??= 'glyphs without pdf.js categories (not the same-thread worker)');
      }
    }
    if (segment.length > 0 || !sawNumber) this.build(segment, 0);
  }

  setFont(loadedName: unknown, size: unknown, fonts: (name: string) => OpFont | null): void {
    const font = typeof loadedName === 'string' ? fonts(loadedName) : null;
    const s = this.state;
    s.fontName = typeof loadedName === 'string' ? loadedName : null;
    s.fontSize = Number(size) || 0;
    s.font = font;
    if (!font) return;
    if (font.vertical) this.unsupported ??= 'vertical font';
    s.fontMatrix = Array.isArray(font.fontMatrix) ? font.fontMatrix : FONT_IDENTITY;
  }

  beginForm(matrix: unknown): void {
    this.flush();
    this.stack.push(this.state);
    this.state = this.state.clone();
    if (Array.isArray(matrix) && matrix.length === 6) this.state.ctm = transform(this.state.ctm, matrix as number[]);
    this.outer.push(this.ctx);
    this.ctx = new ItemContext();
    this.ctx.current = this.state.clone();
  }

  endForm(): void {
    this.flush();
    this.state = this.stack.pop() ?? this.state;
    this.ctx = this.outer.pop() ?? this.ctx;
  }
}

function inverseRotation(x: number, y: number, m: Matrix): [number, number] {
  const scale = Math.hypot(m[0], m[1]);
  return [(m[0] * x + m[1] * y) / scale, (m[2] * x + m[3] * y) / scale];
}

/** What textFromOperatorList does with an operator; anything else is skipped. */
const Act = {
  Skip: 0, Save: 1, Restore: 2, Transform: 3, FormBegin: 4, FormEnd: 5, SetFont: 6, GState: 7, TextRise: 8, HScale: 9, Leading: 10,
  MoveText: 11, LeadingMoveText: 12, NextLine: 13, TextMatrix: 14, CharSpacing: 15, WordSpacing: 16, BeginText: 17, ShowText: 18, Flush: 19
} as const;
type Act = (typeof Act)[keyof typeof Act];

const actsByOps = new WeakMap<Record<string, number>, Map<number, Act>>();

/** Operator code → Act, built once per OPS table (a switch over `OPS.x` cases reads them all for most operators). */
function actsOf(OPS: Record<string, number>): Map<number, Act> {
  let acts = actsByOps.get(OPS);
  if (acts) return acts;
  const map = new Map<number, Act>();
  const named: [string, Act][] = [
    ['save', Act.Save], ['restore', Act.Restore], ['transform', Act.Transform], ['paintFormXObjectBegin', Act.FormBegin],
    ['paintFormXObjectEnd', Act.FormEnd], ['setFont', Act.SetFont], ['setGState', Act.GState], ['setTextRise', Act.TextRise],
    ['setHScale', Act.HScale], ['setLeading', Act.Leading], ['moveText', Act.MoveText], ['setLeadingMoveText', Act.LeadingMoveText],
    ['nextLine', Act.NextLine], ['setTextMatrix', Act.TextMatrix], ['setCharSpacing', Act.CharSpacing], ['setWordSpacing', Act.WordSpacing],
    ['beginText', Act.BeginText], ['showText', Act.ShowText],
    // getTextContent ends the current item at every Do (images here; forms at FormBegin) and marked-content operator.
    ['paintImageXObject', Act.Flush], ['paintImageMaskXObject', Act.Flush], ['paintImageXObjectRepeat', Act.Flush],
    ['paintImageMaskXObjectRepeat', Act.Flush], ['paintImageMaskXObjectGroup', Act.Flush], ['paintSolidColorImageMask', Act.Flush],
    ['beginMarkedContent', Act.Flush], ['beginMarkedContentProps', Act.Flush], ['endMarkedContent', Act.Flush]
  ];
  for (const [name, act] of named) if (OPS[name] !== undefined && !map.has(OPS[name])) map.set(OPS[name], act);
  acts = map;
  actsByOps.set(OPS, acts);
  return acts;
}
/**
 * The page's text items from its operator list. `glyphPaints`: collectPagePaint's glyphs for the same list;
 * `fonts`: the main thread's font object for a loaded font name (null when it has none); `view`: page.view.
 */
export function textFromOperatorList(
  fnArray: ArrayLike<number>,
  argsArray: unknown[],
  OPS: Record<string, number>,
  fonts: (loadedName: string) => OpFont | null,
  view: number[],
  glyphPaints: GlyphPaint[]
): OpText {
  const b = new Builder(view, glyphPaints);
  b.ctx.current = b.state.clone();
  const acts = actsOf(OPS);
  for (let op = 0; op < fnArray.length && !b.unsupported; op++) {
    const act = acts.get(fnArray[op]) ?? Act.Skip;
    if (act === Act.Skip) continue;
    const args = (argsArray[op] ?? []) as unknown[];
    const s = b.state;
    switch (act) {
      case Act.Save:
        b.stack.push(s);
        b.state = s.clone();
        break;
      case Act.Restore:
        b.state = b.stack.pop() ?? s;
        break;
      case Act.Transform:
        s.ctm = transform(s.ctm, args as number[]);
        break;
      case Act.FormBegin:
        b.beginForm(args[0]);
        break;
      case Act.FormEnd:
        b.endForm();
        break;
      case Act.SetFont:
        b.setFont(args[0], args[1], fonts);
        break;
      case Act.GState:
        for (const entry of (Array.isArray(args[0]) ? args[0] : []) as unknown[]) {
          if (!Array.isArray(entry) || entry[0] !== 'Font' || !Array.isArray(entry[1])) continue;
          b.flush();
          b.setFont(entry[1][0], entry[1][1], fonts);
          b.state.fontName = null;
        }
        break;
      case Act.TextRise:
        s.textRise = Number(args[0]);
        break;
      case Act.HScale:
        s.textHScale = Number(args[0]) / 100;
        break;
      case Act.Leading:
        s.leading = Number(args[0]);
        break;
      case Act.MoveText:
        s.translateTextLineMatrix(Number(args[0]), Number(args[1]));
        s.textMatrix = s.textLineMatrix.slice();
        break;
      case Act.LeadingMoveText:
        s.leading = -Number(args[1]);
        s.translateTextLineMatrix(Number(args[0]), Number(args[1]));
        s.textMatrix = s.textLineMatrix.slice();
        break;
      case Act.NextLine:
        s.carriageReturn();
        break;
      case Act.TextMatrix: {
        const m = Array.from((args.length === 1 ? args[0] : args) as ArrayLike<number>);
        s.textMatrix = m.slice();
        s.textLineMatrix = m.slice();
        b.updateAdvanceScale();
        break;
      }
      case Act.CharSpacing:
        s.charSpacing = Number(args[0]);
        break;
      case Act.WordSpacing:
        s.wordSpacing = Number(args[0]);
        break;
      case Act.BeginText:
        s.textMatrix = IDENTITY.slice();
        s.textLineMatrix = IDENTITY.slice();
        break;
      case Act.ShowText:
        if (Array.isArray(args[0])) b.showText(args[0]);
        break;
      case Act.Flush:
        b.flush();
    }
  }
  b.flush();
  return { items: b.items, unplaced: b.unplaced, unsupported: b.unsupported };
}
