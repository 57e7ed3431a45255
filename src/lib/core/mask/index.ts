/**
 * Public surface of masking: one implementation (maskText) with `blind` and `pii` profiles.
 * Non-goals: nothing is implemented here; see mask-text.ts, detectors.ts, names.ts.
 */
export { maskText, spanToOriginal } from './mask-text';
export { detectHeaderName } from './names';
export type { Mask, MaskKind, MaskOptions, MaskProfile, MaskResult } from './types';
