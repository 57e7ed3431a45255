/**
 * Named-flag parsing for the subcommands (node:util parseArgs, strict): unknown flags and bad values are
 * errors that name the flag and point to `--help`. Also reads column mappings from `--col-*` flags and/or a
 * JSON config (`--config`, flags win).
 *
 * Non-goals: positional sub-sub-commands, environment-variable configuration.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COLUMN_FLAGS } from '../data/records';
import type { ColumnMap } from '../data/types';
import { readJsonFile } from './io';

/** A usage error: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
export type Flags = Record<string, string | boolean | string[] | undefined>;

export const COMMON_FLAGS: FlagSpec = {
  help: { type: 'boolean', short: 'h' },
  out: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  seed: { type: 'string' }
};

export const COLUMN_FLAG_SPEC: FlagSpec = Object.fromEntries(Object.values(COLUMN_FLAGS).map((flag) => [flag.slice(2), { type: 'string' as const }]));

/** Parses argv for one command; throws UsageError on unknown flags or missing values. */
export function parseFlags(command: string, argv: readonly string[], spec: FlagSpec): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { ...COMMON_FLAGS, ...spec }, allowPositionals: true, strict: true });
    return { flags: values as Flags, positionals };
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.replace(/\. To specify.*$/s, '')}. See training-node ${command} --help`);
  }
}

/** A string flag, or undefined. */
export function stringFlag(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** A numeric flag within [min, max], or the default. */
export function numberFlag(flags: Flags, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const raw = stringFlag(flags, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
  return value;
}

/** The seed flag: an integer, or any word (hashed). */
export function seedFlag(flags: Flags, fallback = 42): number {
  const raw = stringFlag(flags, 'seed');
  if (raw === undefined) return fallback;
  if (/^\d+$/.test(raw)) return Number(raw) >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < raw.length; i++) h = Math.imul(h ^ raw.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The required --out folder. */
export function outFlag(command: string, flags: Flags): string {
  const out = stringFlag(flags, 'out');
  if (!out) throw new UsageError(`${command}: --out <folder> is required. See training-node ${command} --help`);
  return out;
}

/** Column map from `--config <json>` (`{"columns": {...}}`) overlaid with `--col-*` flags. */
export async function columnMapFrom(flags: Flags): Promise<{ columns: ColumnMap; config: Record<string, unknown> }> {
  const configFile = stringFlag(flags, 'config');
  const config = configFile ? ((await readJsonFile(configFile)) as Record<string, unknown>) : {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UsageError(`${configFile}: the config must be a JSON object`);
  const columns: ColumnMap = { ...((config.columns as ColumnMap | undefined) ?? {}) };
  for (const [key, flag] of Object.entries(COLUMN_FLAGS) as [keyof ColumnMap, string][]) {
    const value = stringFlag(flags, flag.slice(2));
    if (value !== undefined) columns[key] = value;
  }
  const known = new Set(Object.keys(COLUMN_FLAGS));
  const unknown = Object.keys(columns).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new UsageError(`${configFile}: unknown column keys ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return { columns, config };
}
