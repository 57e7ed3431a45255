/**
 * Loss-curve images from metrics rows: an SVG (axes, tick labels, train loss line, eval loss points) and a
 * PNG raster of the same plot without text (8-bit RGB, zlib via fflate, already a dependency) so viewers
 * without SVG support still get a picture. A PNG encoder is ~30 lines (signature, IHDR, IDAT, IEND with
 * CRC-32), so no image library is added.
 *
 * Non-goals: fonts in the PNG, multiple runs per plot. Pure: returns string / bytes, no Node APIs.
 * Units: x = optimizer step, y = loss (linear axis from 0 to the max observed loss).
 */
import { zlibSync } from 'fflate';
import type { StepMetrics } from './loop';

const W = 640, H = 360, PAD_L = 56, PAD_R = 16, PAD_T = 24, PAD_B = 40;
const TRAIN_RGB: [number, number, number] = [31, 119, 180];
const EVAL_RGB: [number, number, number] = [255, 127, 14];

interface Plot {
  x(step: number): number;
  y(loss: number): number;
  maxStep: number;
  maxLoss: number;
}

function plotOf(rows: readonly StepMetrics[]): Plot {
  const maxStep = Math.max(1, ...rows.map((r) => r.step));
  const losses = rows.flatMap((r) => (r.eval_loss !== undefined ? [r.loss, r.eval_loss] : [r.loss])).filter(Number.isFinite);
  const maxLoss = Math.max(1e-6, ...losses) * 1.05;
  return {
    maxStep, maxLoss,
    x: (step) => PAD_L + ((W - PAD_L - PAD_R) * step) / maxStep,
    y: (loss) => H - PAD_B - ((H - PAD_T - PAD_B) * Math.max(0, loss)) / maxLoss
  };
}

/** An SVG loss curve (train line, eval dots) with a title. */
export function lossCurveSvg(rows: readonly StepMetrics[], title: string): string {
  const p = plotOf(rows);
  const train = rows.map((r) => `${p.x(r.step).toFixed(1)},${p.y(r.loss).toFixed(1)}`).join(' ');
  const evals = rows.filter((r) => r.eval_loss !== undefined)
    .map((r) => `<circle cx="${p.x(r.step).toFixed(1)}" cy="${p.y(r.eval_loss!).toFixed(1)}" r="3" fill="rgb(${EVAL_RGB.join(',')})"/>`).join('');
  const ticks: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const loss = (p.maxLoss * i) / 4, step = Math.round((p.maxStep * i) / 4);
    ticks.push(`<text x="${PAD_L - 6}" y="${p.y(loss).toFixed(1)}" text-anchor="end" dominant-baseline="middle">${loss.toPrecision(3)}</text>`);
    ticks.push(`<text x="${p.x(step).toFixed(1)}" y="${H - PAD_B + 16}" text-anchor="middle">${step}</text>`);
  }
  const esc = title.replace(/[<&>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${esc}</text>` +
    `<path d="M${PAD_L},${PAD_T} V${H - PAD_B} H${W - PAD_R}" stroke="#888" fill="none"/>` + ticks.join('') +
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle">step (blue: train loss, orange: eval loss)</text>` +
    `<polyline points="${train}" fill="none" stroke="rgb(${TRAIN_RGB.join(',')})" stroke-width="1.5"/>${evals}</svg>\n`;
}

/** A PNG raster of the loss curve (no text). */
export function lossCurvePng(rows: readonly StepMetrics[]): Uint8Array {
  const p = plotOf(rows);
  const rgb = new Uint8Array(W * H * 3).fill(255);
  const set = (x: number, y: number, c: readonly number[]): void => {
    const xi = Math.round(x), yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return;
    rgb.set(c, (yi * W + xi) * 3);
  };
  const line = (x0: number, y0: number, x1: number, y1: number, c: readonly number[]): void => {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= n; i++) set(x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n, c);
  };
  const grey = [136, 136, 136];
  line(PAD_L, PAD_T, PAD_L, H - PAD_B, grey);
  line(PAD_L, H - PAD_B, W - PAD_R, H - PAD_B, grey);
  for (let i = 0; i <= 4; i++) {
    line(PAD_L - 4, p.y((p.maxLoss * i) / 4), PAD_L, p.y((p.maxLoss * i) / 4), grey);
    line(p.x((p.maxStep * i) / 4), H - PAD_B, p.x((p.maxStep * i) / 4), H - PAD_B + 4, grey);
  }
  for (let i = 1; i < rows.length; i++) {
    line(p.x(rows[i - 1].step), p.y(rows[i - 1].loss), p.x(rows[i].step), p.y(rows[i].loss), TRAIN_RGB);
  }
  for (const r of rows) {
    if (r.eval_loss === undefined) continue;
    for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) set(p.x(r.step) + dx, p.y(r.eval_loss) + dy, EVAL_RGB);
  }
  return encodePng(rgb, W, H);
}

/** Encode 8-bit RGB pixels (row-major, W*H*3) as a PNG file. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const raw = new Uint8Array(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1); // filter 0
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter method, no interlace
  const chunks = [chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))];
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  const out = new Uint8Array(8 + chunks.reduce((s, c) => s + c.length, 0));
  out.set(signature, 0);
  let offset = 8;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
