/**
 * Test helpers for the data side: where ../shared/data is (tests skip when absent), a quiet command
 * context that captures the summary, temp folders, and JSONL/report readers.
 * Non-goals: fixtures of real data (real data is read from ../shared, never copied).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../../src/cli/run-context';
import type { CommandReport } from '../../src/data/report';

export const sharedData = path.resolve(__dirname, '../../../../shared/data');
export const hasShared = existsSync(path.join(sharedData, 'updated_resume_dataset/UpdatedResumeDataSet.csv'));
if (!hasShared) console.warn(`[skip] ${sharedData} absent: real-data training-node tests are skipped`);

/** A context that records progress events and the summary instead of printing. */
export function quietContext(): CommandContext & { lines: string[]; stages: string[] } {
  const lines: string[] = [];
  const stages: string[] = [];
  return {
    lines,
    stages,
    log: (line) => lines.push(line),
    progress: (e) => {
      if (e.status === 'stage') stages.push(e.stage);
    }
  };
}

/** A fresh temp folder; remove it with `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `tn-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Parses a JSONL file. */
export function readJsonl<T = Record<string, unknown>>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

/** Reads report.json from an output folder. */
export function readReport(dir: string): CommandReport {
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as CommandReport;
}

/** Every file under a folder (relative paths), for "nothing was written" checks. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** Email and phone patterns that must never survive masking. */
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
/** 10+ digits with at most one separator between digits ("+1 415 555 0100", "(555) 010-1234"); not "2012 - 2015". */
export const PHONE_PATTERN = /\+?\(?\d(?:[ \t().-]{0,2}\d){9,}/;
