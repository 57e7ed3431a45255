/**
 * Types shared by the masking detectors and maskText.
 * Purpose: one vocabulary for "what was hidden, where, and as what placeholder".
 * Non-goals: no detection logic here.
 * Shape legend: offsets are UTF-16 code-unit indices; `start/end` index the ORIGINAL text, `maskedStart/
 * maskedEnd` index the MASKED text; all ranges are half-open [start, end).
 */

/** What kind of personal or protected information a mask hides. */
export type MaskKind =
  | 'name'
  | 'email'
  | 'phone'
  | 'address'
  | 'url'
  | 'dob'
  | 'age'
  | 'gender'
  | 'marital'
  | 'nationality'
  | 'title'
  | 'pronoun'
  | 'personal';

/** `blind`: screening (hide identity and protected attributes); `pii`: training data (stable numbered placeholders). */
export type MaskProfile = 'blind' | 'pii';

/** One hidden span: where it was in the original, what replaced it, and where the replacement sits. */
export interface Mask {
  kind: MaskKind;
  placeholder: string;
  start: number;
  end: number;
  maskedStart: number;
  maskedEnd: number;
}

/** The masked text, its masks (sorted by start) and an offset map back to the original text. */
export interface MaskResult {
  text: string;
  masks: Mask[];
  /** Maps an offset in the masked text to the corresponding offset in the original text. */
  toOriginal(maskedOffset: number): number;
}

export interface MaskOptions {
  profile: MaskProfile;
  /** Names the caller already knows (e.g. the parser's detected name); every occurrence is masked. */
  knownNames?: string[];
}

/** A detector's raw finding before overlap resolution; `entity` groups spans of the same real-world entity. */
export interface DetectedSpan {
  kind: MaskKind;
  start: number;
  end: number;
  entity: string;
}
