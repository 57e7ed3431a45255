/**
 * Train/val/test splitting: stratified by label, group-aware (every item of a group lands in one split),
 * seeded; plus the leakage check that proves no group, exact hash or near-duplicate cluster spans two splits.
 *
 * Non-goals: k-fold, time-based splits.
 *
 * Shape legend: ratios are fractions summing to 1 in train/val/test order; per-label targets come from
 * the largest-remainder method, so with singleton groups every split is within ±1 row of ratio × count.
 */
import { seededRandom, shuffled } from './random';
import { SPLIT_NAMES, type SplitName } from './types';

export interface SplitItem {
  /** Items sharing a group always get the same split. */
  group: string;
  /** Stratification label (missing labels form their own stratum). */
  label?: string;
}

export interface SplitOptions {
  ratios?: readonly [number, number, number];
  seed?: number;
}

export const DEFAULT_RATIOS: readonly [number, number, number] = [0.7, 0.15, 0.15];

/** Integer targets per split that sum to `count` (largest remainder). */
export function splitTargets(count: number, ratios: readonly [number, number, number]): [number, number, number] {
  const exact = ratios.map((r) => r * count);
  const floors = exact.map(Math.floor) as [number, number, number];
  let left = count - floors.reduce((a, b) => a + b, 0);
  const order = [0, 1, 2].sort((a, b) => exact[b] - floors[b] - (exact[a] - floors[a]) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  return floors;
}

/** Validates ratios: three non-negative numbers summing to 1 (±1e-6). */
export function parseRatios(text: string): [number, number, number] {
  const parts = text.split(/[,/:]/).map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0)) {
    throw new Error(`--split "${text}": give three numbers for train,val,test, e.g. 0.7,0.15,0.15 or 70,15,15`);
  }
  const total = parts[0] + parts[1] + parts[2];
  if (total <= 0) throw new Error(`--split "${text}": the ratios sum to zero`);
  return [parts[0] / total, parts[1] / total, parts[2] / total];
}

/**
 * Assigns a split to every item. Groups take the majority label of their items; within each label the
 * groups are shuffled by the seed, placed largest first, each into the split furthest below its target.
 */
export function assignSplits(items: readonly SplitItem[], options: SplitOptions = {}): SplitName[] {
  const ratios = options.ratios ?? DEFAULT_RATIOS;
  const random = seededRandom(options.seed ?? 42);
  const groups = new Map<string, { members: number[]; labelCounts: Map<string, number> }>();
  items.forEach((item, index) => {
    const group = groups.get(item.group) ?? { members: [] as number[], labelCounts: new Map<string, number>() };
    group.members.push(index);
    const label = item.label ?? '\u0000unlabelled';
    group.labelCounts.set(label, (group.labelCounts.get(label) ?? 0) + 1);
    groups.set(item.group, group);
  });
  const strata = new Map<string, string[]>();
  for (const [key, group] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const majority = [...group.labelCounts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const stratum = strata.get(majority) ?? [];
    stratum.push(key);
    strata.set(majority, stratum);
  }
  const result: SplitName[] = new Array(items.length);
  for (const label of [...strata.keys()].sort()) {
    const keys = shuffled(strata.get(label) as string[], random);
    // Stable sort keeps the seeded order among equal sizes.
    keys.sort((a, b) => (groups.get(b)?.members.length ?? 0) - (groups.get(a)?.members.length ?? 0));
    const total = keys.reduce((sum, k) => sum + (groups.get(k)?.members.length ?? 0), 0);
    const targets = splitTargets(total, ratios);
    const filled = [0, 0, 0];
    for (const key of keys) {
      const members = groups.get(key)?.members ?? [];
      let best = 0;
      let bestDeficit = -Infinity;
      for (let s = 0; s < 3; s++) {
        const deficit = targets[s] - filled[s];
        // Ties go to the earlier split (train), so small strata still feed training first.
        if (deficit > bestDeficit) {
          best = s;
          bestDeficit = deficit;
        }
      }
      filled[best] += members.length;
      for (const m of members) result[m] = SPLIT_NAMES[best];
    }
  }
  return result;
}

export interface LeakageReport {
  ok: boolean;
  /** Keys (of any kind below) found in more than one split; empty when clean. */
  leaks: { kind: string; key: string; splits: SplitName[] }[];
  checked: Record<string, number>;
}

/**
 * Checks that no value of any key kind (group, exact hash, near-duplicate cluster, …) appears in two
 * splits. `keys[kind][i]` is item i's key of that kind.
 */
export function checkLeakage(splits: readonly SplitName[], keys: Record<string, readonly (string | number | undefined)[]>): LeakageReport {
  const leaks: LeakageReport['leaks'] = [];
  const checked: Record<string, number> = {};
  for (const [kind, values] of Object.entries(keys)) {
    const seen = new Map<string, Set<SplitName>>();
    values.forEach((value, i) => {
      if (value === undefined) return;
      const key = String(value);
      const set = seen.get(key) ?? new Set<SplitName>();
      set.add(splits[i]);
      seen.set(key, set);
    });
    checked[kind] = seen.size;
    for (const [key, set] of seen) if (set.size > 1) leaks.push({ kind, key, splits: [...set].sort() });
  }
  return { ok: leaks.length === 0, leaks, checked };
}

/** Label counts per split, for the report. */
export function labelBalance(splits: readonly SplitName[], labels: readonly (string | undefined)[]): Record<SplitName, Record<string, number>> {
  const balance: Record<SplitName, Record<string, number>> = { train: {}, val: {}, test: {} };
  splits.forEach((split, i) => {
    const label = labels[i] ?? '(none)';
    balance[split][label] = (balance[split][label] ?? 0) + 1;
  });
  return balance;
}
