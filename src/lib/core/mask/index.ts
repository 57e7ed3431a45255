/**
 * Public surface of masking: one implementation (maskText) with `blind` and `pii` profiles, and the
 * candidate-location levels blind mode may show.
 * Non-goals: nothing is implemented here; see mask-text.ts, detectors.ts, addresses.ts, names.ts
 * (name-sources.ts), location.ts (places.ts).
 */
export { maskText, spanToOriginal } from './mask-text';
export { detectHeaderName } from './names';
export { candidateLocation, locationLabel, LOCATION_LEVELS, type CandidateLocation, type LocationLevel } from './location';
export type { Mask, MaskKind, MaskOptions, MaskProfile, MaskResult } from './types';
