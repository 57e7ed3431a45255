/**
 * Recruiter preferences as a runes singleton, kept in localStorage (not candidate data, so not IndexedDB).
 * Blind mode is ON by default: names and identity/protected attributes are masked for display (scores are
 * always computed on masked text). In blind mode the candidate's location is shown at most at
 * `locationLevel` (none by default, or country, or region) on the screens and in every export. `refitAfter`:
 * after how many decisions on a job family the app offers to re-fit its ranker (services/refit.service); `adaptSteps`:
 * the training steps of the embedding model's LoRA (services/adapt.service).
 * Non-goals: per-job settings (those live on the job record).
 */
import { LOCATION_LEVELS, type LocationLevel } from '../core/mask/location';

const STORAGE_KEY = 'shortlist.settings.v1';

interface StoredSettings {
  blind: boolean;
  locationLevel: LocationLevel;
  refitAfter: number;
  adaptSteps: number;
}

/** Bounds of `refitAfter` (fewer than 20 decisions cannot hold out enough of both classes to judge a fit). */
export const REFIT_AFTER_MIN = 20;
export const REFIT_AFTER_MAX = 10_000;
/** Bounds of `adaptSteps` (the default is the LoRA's, training-node/src/adapt DEFAULT_EMBED_LORA). */
export const ADAPT_STEPS_MIN = 5;
export const ADAPT_STEPS_MAX = 1000;

const DEFAULTS: StoredSettings = { blind: true, locationLevel: 'none', refitAfter: 100, adaptSteps: 40 };

/** A stored or typed re-fit threshold, as a whole number within bounds (the default when not a number). */
export function clampRefitAfter(value: unknown): number {
  const n = typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(n) ? Math.min(REFIT_AFTER_MAX, Math.max(REFIT_AFTER_MIN, Math.round(n))) : DEFAULTS.refitAfter;
}

/** A stored or typed LoRA step count, as a whole number within bounds (the default when not a number). */
export function clampAdaptSteps(value: unknown): number {
  const n = typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(n) ? Math.min(ADAPT_STEPS_MAX, Math.max(ADAPT_STEPS_MIN, Math.round(n))) : DEFAULTS.adaptSteps;
}

/** Pure: stored JSON (possibly old, partial or corrupt) → settings, unknown values falling back to the defaults. */
export function parseStoredSettings(raw: string | null): StoredSettings {
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<StoredSettings>) : {};
    const level = LOCATION_LEVELS.includes(parsed.locationLevel as LocationLevel) ? (parsed.locationLevel as LocationLevel) : DEFAULTS.locationLevel;
    return { blind: parsed.blind !== false, locationLevel: level, refitAfter: clampRefitAfter(parsed.refitAfter), adaptSteps: clampAdaptSteps(parsed.adaptSteps) };
  } catch {
    return { ...DEFAULTS };
  }
}

function load(): StoredSettings {
  try {
    return parseStoredSettings(typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null);
  } catch {
    return { ...DEFAULTS };
  }
}

class SettingsState {
  blind = $state(load().blind);
  locationLevel = $state<LocationLevel>(load().locationLevel);
  refitAfter = $state(load().refitAfter);
  adaptSteps = $state(load().adaptSteps);

  /** Switches blind mode and remembers the choice. */
  setBlind(value: boolean): void {
    this.blind = value;
    this.save();
  }

  /** Sets how much of a candidate's location blind mode shows, and remembers it. */
  setLocationLevel(level: LocationLevel): void {
    this.locationLevel = level;
    this.save();
  }

  /** Sets after how many decisions on a job family the app offers to re-fit, and remembers it. */
  setRefitAfter(value: number): void {
    this.refitAfter = clampRefitAfter(value);
    this.save();
  }

  /** Sets the embedding LoRA's training steps, and remembers it. */
  setAdaptSteps(value: number): void {
    this.adaptSteps = clampAdaptSteps(value);
    this.save();
  }

  private save(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ blind: this.blind, locationLevel: this.locationLevel, refitAfter: this.refitAfter, adaptSteps: this.adaptSteps } satisfies StoredSettings));
    } catch {
      // Storage full or disabled: the choice still applies for this session.
    }
  }
}

export const settings = new SettingsState();
