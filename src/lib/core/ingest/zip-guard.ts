/**
 * Zip-bomb guard for DOCX, run BEFORE any extraction: reads the ZIP central directory (declared sizes,
 * ratios, entry count), then inflates every entry as a stream, counting bytes and aborting as soon as an
 * entry exceeds what it declared or the archive exceeds the cap, so a lying header cannot get past it.
 * Pure TypeScript (fflate).
 *
 * Non-goals: ZIP64, encryption, multi-disk archives (none occur in real DOCX; all are rejected).
 *
 * Shape legend: offsets and sizes are bytes; ratio = uncompressed / compressed.
 */

import { Inflate } from 'fflate';

export interface ZipEntryInfo {
  name: string;
  method: number; // 0 stored, 8 deflate
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxCompressionRatio: number;
  maxEntries: number;
}

export type ZipVerdict =
  | { ok: true; entries: ZipEntryInfo[]; totalUncompressed: number }
  | { ok: false; code: 'docx-zip-bomb' | 'docx-corrupt'; reason: string };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Ratios only matter for entries big enough to hurt; small XML parts legitimately compress 100×+. */
const RATIO_CHECK_MIN_BYTES = 1 << 20;
const INFLATE_CHUNK = 1 << 16;

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= lowest; i--) if (u32(bytes, i) === EOCD_SIGNATURE) return i;
  return -1;
}

/** Lists the entries of the central directory, or says why the archive is unusable. */
export function readCentralDirectory(bytes: Uint8Array): { entries: ZipEntryInfo[] } | { error: string } {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) return { error: 'no ZIP end-of-central-directory record (the file is truncated or not a ZIP archive)' };
  const count = u16(bytes, eocd + 10);
  const dirOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) return { error: 'ZIP64 archives are not accepted as DOCX' };
  const entries: ZipEntryInfo[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CENTRAL_SIGNATURE) {
      return { error: `ZIP central directory entry ${i + 1} of ${count} is damaged` };
    }
    const nameLength = u16(bytes, p + 28);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({
      name,
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      uncompressedSize: u32(bytes, p + 24),
      localHeaderOffset: u32(bytes, p + 42)
    });
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return { entries };
}

/** Inflates one entry as a stream and returns its true size, stopping once it passes `budget`. */
function measureInflatedSize(data: Uint8Array, budget: number): number {
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > budget) throw new RangeError('budget exceeded');
  });
  try {
    for (let o = 0; o < data.length; o += INFLATE_CHUNK) {
      inflater.push(data.subarray(o, Math.min(o + INFLATE_CHUNK, data.length)), o + INFLATE_CHUNK >= data.length);
    }
  } catch (e) {
    if (e instanceof RangeError) return produced;
    throw e;
  }
  return produced;
}

/** Checks declared and true sizes of every entry against the limits; never extracts to memory in full. */
export function checkZipArchive(bytes: Uint8Array, limits: ZipLimits): ZipVerdict {
  const dir = readCentralDirectory(bytes);
  if ('error' in dir) return { ok: false, code: 'docx-corrupt', reason: dir.error };
  const { entries } = dir;
  if (entries.length > limits.maxEntries) {
    return { ok: false, code: 'docx-zip-bomb', reason: `${entries.length} archive entries (limit ${limits.maxEntries})` };
  }
  let declaredTotal = 0;
  for (const e of entries) {
    declaredTotal += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize >= RATIO_CHECK_MIN_BYTES && ratio > limits.maxCompressionRatio) {
      return { ok: false, code: 'docx-zip-bomb', reason: `entry "${e.name}" expands ${Math.round(ratio)}× (limit ${limits.maxCompressionRatio}×)` };
    }
  }
  if (declaredTotal > limits.maxUncompressedBytes) {
    return { ok: false, code: 'docx-zip-bomb', reason: `archive expands to ${formatMb(declaredTotal)} (limit ${formatMb(limits.maxUncompressedBytes)})` };
  }
  // Declared sizes can lie: inflate each entry and hold it to what it declared.
  let trueTotal = 0;
  for (const e of entries) {
    const h = e.localHeaderOffset;
    if (h + 30 > bytes.length || u32(bytes, h) !== LOCAL_SIGNATURE) {
      return { ok: false, code: 'docx-corrupt', reason: `entry "${e.name}" has no local header (truncated archive?)` };
    }
    const start = h + 30 + u16(bytes, h + 26) + u16(bytes, h + 28);
    const end = start + e.compressedSize;
    if (end > bytes.length) return { ok: false, code: 'docx-corrupt', reason: `entry "${e.name}" is cut off (truncated archive)` };
    let size: number;
    if (e.method === 0) size = e.compressedSize;
    else if (e.method === 8) {
      try {
        size = measureInflatedSize(bytes.subarray(start, end), e.uncompressedSize);
      } catch {
        return { ok: false, code: 'docx-corrupt', reason: `entry "${e.name}" has damaged compressed data` };
      }
    } else return { ok: false, code: 'docx-corrupt', reason: `entry "${e.name}" uses unsupported compression method ${e.method}` };
    if (size > e.uncompressedSize) {
      return { ok: false, code: 'docx-zip-bomb', reason: `entry "${e.name}" inflates past its declared ${e.uncompressedSize} bytes` };
    }
    trueTotal += size;
  }
  return { ok: true, entries, totalUncompressed: trueTotal };
}

function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
