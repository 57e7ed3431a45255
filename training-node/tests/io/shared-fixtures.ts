/**
 * Locate the read-only model fixtures in `../shared/models` (relative to the repo root) for tests.
 * Tests that need them skip with a console note when the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Absolute path of ../shared/models as seen from the repo root. */
export const sharedModelsDir = path.resolve(here, '../../../../shared/models');

/** Path of a fixture inside ../shared/models, and whether it exists (logs a skip note if not). */
export function sharedModel(relative: string): { path: string; present: boolean } {
  const full = path.join(sharedModelsDir, relative);
  const present = existsSync(full);
  if (!present) console.warn(`[skip] ${full} is absent: tests that need this fixture are skipped`);
  return { path: full, present };
}

/** Read a fixture file as bytes. */
export function readShared(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(sharedModelsDir, relative)));
}
