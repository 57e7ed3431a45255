/**
 * Recruiter preferences as a runes singleton, kept in localStorage (not candidate data, so not IndexedDB).
 * Blind mode is ON by default: names and identity/protected attributes are masked for scoring and display.
 * Non-goals: per-job settings (those live on the job record).
 */
const STORAGE_KEY = 'shortlist.settings.v1';

interface StoredSettings {
  blind: boolean;
}

function load(): StoredSettings {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
    const parsed = raw ? (JSON.parse(raw) as Partial<StoredSettings>) : {};
    return { blind: parsed.blind !== false };
  } catch {
    return { blind: true };
  }
}

class SettingsState {
  blind = $state(load().blind);

  /** Switches blind mode and remembers the choice. */
  setBlind(value: boolean): void {
    this.blind = value;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ blind: value } satisfies StoredSettings));
    } catch {
      // Storage full or disabled: the choice still applies for this session.
    }
  }
}

export const settings = new SettingsState();
