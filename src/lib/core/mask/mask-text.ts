/**
 * maskText: the one masking implementation, with a `blind` (screening) and a `pii` (training data) profile.
 * Purpose: replace personal data and protected-attribute indicators by placeholders, keeping an offset map so
 * evidence found on masked text can be highlighted in the original.
 * Non-goals: images (text only; a photo is never in extracted text), language detection, redaction of PDFs.
 * The finders read reading-view.ts's view of the text (a hyphen-wrapped word joined, LaTeX markup left out); their
 * spans are mapped back, so masking replaces spans of the original and keeps every character outside them.
 * Shape legend: blind placeholders are `[NAME]`, `[EMAIL]`, … (identical for every entity, so swapping a name
 * yields byte-identical masked text); pii placeholders are `[NAME_1]`, `[EMAIL_2]`, … numbered per entity in
 * order of first appearance within the document.
 */
import { detectAddresses } from './addresses';
import {
  detectAges,
  detectDatesOfBirth,
  detectEmails,
  detectPhones,
  detectProtectedAttributes,
  detectUrls
} from './detectors';
import { directionAddresses } from './direction-addresses';
import { finderText } from './invisible';
import { landmarkAddresses } from './landmark-addresses';
import { detectNames } from './names';
import { readingView } from './reading-view';
import type { DetectedSpan, Mask, MaskKind, MaskOptions, MaskProfile, MaskResult } from './types';

const PII_KINDS: ReadonlySet<MaskKind> = new Set<MaskKind>(['name', 'email', 'phone', 'address', 'url', 'dob']);

// When spans overlap, the union is masked as the kind listed first (an email containing a name is an email;
// an address whose postcode looks like a phone number, "Tokyo 160-0023", is an address).
const KIND_PRIORITY: MaskKind[] = [
  'email',
  'url',
  'address',
  'phone',
  'dob',
  'age',
  'nationality',
  'marital',
  'gender',
  'personal',
  'name',
  'title',
  'pronoun'
];

function detectAll(text: string, profile: MaskProfile, knownNames: string[]): DetectedSpan[] {
  const spans = [
    ...detectEmails(text),
    ...detectUrls(text),
    ...detectPhones(text),
    ...detectDatesOfBirth(text),
    ...detectAddresses(text),
    ...landmarkAddresses(text),
    ...directionAddresses(text),
    ...detectNames(text, knownNames)
  ];
  if (profile === 'blind') spans.push(...detectAges(text), ...detectProtectedAttributes(text));
  return spans.filter((s) => s.end > s.start && (profile === 'blind' || PII_KINDS.has(s.kind)));
}

/** The finders read the text's reading view (wrapped words joined, LaTeX markup left out); spans come back as original offsets. */
function detectInView(text: string, profile: MaskProfile, knownNames: string[]): DetectedSpan[] {
  const view = readingView(text);
  if (!view) return detectAll(text, profile, knownNames);
  return detectAll(view.text, profile, knownNames).map((s) => ({ ...s, ...view.toOriginal(s.start, s.end) }));
}

/** Merge overlapping spans into their union, keeping the highest-priority kind (and its entity key). */
function mergeOverlaps(spans: DetectedSpan[]): DetectedSpan[] {
  const rank = (k: MaskKind) => KIND_PRIORITY.indexOf(k);
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || rank(a.kind) - rank(b.kind));
  const merged: DetectedSpan[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      const winner = rank(s.kind) < rank(last.kind) ? s : last;
      merged[merged.length - 1] = { kind: winner.kind, entity: winner.entity, start: last.start, end: Math.max(last.end, s.end) };
    } else {
      merged.push(s);
    }
  }
  return merged;
}

function placeholderFor(profile: MaskProfile, kind: MaskKind, entity: string, numbering: Map<string, string>): string {
  const label = kind.toUpperCase();
  if (profile === 'blind') return `[${label}]`;
  const key = `${kind}\u0000${entity}`;
  let placeholder = numbering.get(key);
  if (!placeholder) {
    const count = [...numbering.keys()].filter((k) => k.startsWith(`${kind}\u0000`)).length + 1;
    placeholder = `[${label}_${count}]`;
    numbering.set(key, placeholder);
  }
  return placeholder;
}

/** Map a masked-text offset back to the original; inside a placeholder, its start maps to the mask start, any later offset to the mask end. */
export function makeToOriginal(masks: Mask[]): (maskedOffset: number) => number {
  return (maskedOffset: number) => {
    let lo = 0;
    let hi = masks.length - 1;
    let found = -1; // last mask with maskedStart <= offset
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (masks[mid].maskedStart <= maskedOffset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return maskedOffset;
    const m = masks[found];
    if (maskedOffset >= m.maskedEnd) return m.end + (maskedOffset - m.maskedEnd);
    return maskedOffset === m.maskedStart ? m.start : m.end;
  };
}

/** Mask personal data in `text` under the given profile; returns masked text, the masks and an offset map. */
export function maskText(text: string, opts: MaskOptions): MaskResult {
  // The finders read a folded copy (invisible.ts: invisible characters as plain text) through its reading view
  // (reading-view.ts: hyphen-wrapped words joined, markup skipped); masks replace spans of the original.
  const finders = finderText(text);
  const spans = mergeOverlaps(finders.toOriginal(detectInView(finders.text, opts.profile, opts.knownNames ?? [])));
  const numbering = new Map<string, string>();
  const masks: Mask[] = [];
  const pieces: string[] = [];
  let cursor = 0;
  let maskedLength = 0;
  for (const s of spans) {
    const before = text.slice(cursor, s.start);
    pieces.push(before);
    maskedLength += before.length;
    const placeholder = placeholderFor(opts.profile, s.kind, s.entity, numbering);
    masks.push({ kind: s.kind, placeholder, start: s.start, end: s.end, maskedStart: maskedLength, maskedEnd: maskedLength + placeholder.length });
    pieces.push(placeholder);
    maskedLength += placeholder.length;
    cursor = s.end;
  }
  pieces.push(text.slice(cursor));
  return { text: pieces.join(''), masks, toOriginal: makeToOriginal(masks) };
}

/** Map a half-open span of the masked text to the smallest original span that covers it. */
export function spanToOriginal(result: MaskResult, span: { start: number; end: number }): { start: number; end: number } {
  const start = result.toOriginal(span.start);
  const end = Math.max(start, result.toOriginal(span.end));
  return { start, end };
}
