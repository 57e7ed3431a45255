/**
 * Curation shared by `prepare` and `pairs`: raw records → cleaned, junk-filtered, de-duplicated,
 * PII-masked records with groups and a leak-free split, plus the report so far. Pure orchestration over
 * records already read (the CLI reads files and resolves resume paths).
 *
 * Order and why: clean first (so hashes see repaired text) → junk rules → exact dedupe (same resume and
 * same role/job/label; the first row is kept) → near-duplicate clusters (MinHash/LSH) → groups (candidate
 * id ∪ exact hash ∪ near-dup cluster, via union-find) → mask PII (after dedupe: fewer rows, and masking
 * does not change which rows are duplicates) → stratified group split → leakage check (a leak throws).
 *
 * Non-goals: file I/O, progress rendering, training formats (sft.ts, pairs.ts).
 */
import { describeJunkRules, cleanField, DEFAULT_JUNK_RULES, findBoilerplateLines, junkRuleBroken, type JunkRules } from './clean';
import { clustersFromPairs, findNearDuplicates, UnionFind } from './dedupe';
import { contentHash } from './hash';
import { addCounts, maskPii } from './mask';
import { addIssue, newReport, type CommandReport } from './report';
import { assignSplits, checkLeakage, DEFAULT_RATIOS, labelBalance } from './split';
import type { CleanRecord, DocumentAuditRow, ProgressCallback, RawRecord, SplitName } from './types';

export interface CurateOptions {
  ratios?: readonly [number, number, number];
  seed?: number;
  nearDuplicateThreshold?: number;
  junk?: Partial<JunkRules>;
  /** Mask PII (default true). */
  mask?: boolean;
  /** Drop near-duplicates too (keep the first of each cluster) instead of only grouping them. */
  dropNearDuplicates?: boolean;
  synthetic?: boolean;
  onProgress?: ProgressCallback;
}

export interface CurateResult {
  records: CleanRecord[];
  audit: DocumentAuditRow[];
  report: CommandReport;
}

interface Cleaned {
  record: RawRecord;
  mojibake: number;
  html: boolean;
}

/** Cleans every text field of a record with core/text; returns repair counts. */
function cleanRecord(record: RawRecord): Cleaned {
  const resume = cleanField(record.resume);
  const fields = [record.role, record.jobDescription, record.transcript, record.reasoning].map(cleanField);
  const mojibake = resume.mojibakeRepaired + fields.reduce((n, f) => n + f.mojibakeRepaired, 0);
  const orUndefined = (s: string) => (s === '' ? undefined : s);
  return {
    record: {
      ...record,
      resume: resume.text,
      role: orUndefined(fields[0].text),
      jobDescription: orUndefined(fields[1].text),
      transcript: orUndefined(fields[2].text),
      reasoning: orUndefined(fields[3].text)
    },
    mojibake,
    html: resume.htmlStripped || fields.some((f) => f.htmlStripped)
  };
}

/** Cleans, filters, de-duplicates, masks and splits records; throws if the split would leak. */
export async function curateRecords(raw: readonly RawRecord[], command: string, options: CurateOptions = {}): Promise<CurateResult> {
  const started = Date.now();
  const report = newReport(command);
  const progress = options.onProgress ?? (() => {});
  const rules: JunkRules = { ...DEFAULT_JUNK_RULES, ...options.junk };
  const threshold = options.nearDuplicateThreshold ?? 0.8;
  const ratios = options.ratios ?? DEFAULT_RATIOS;
  const seed = options.seed ?? 42;
  const counts = report.counts;
  counts.rowsIn = raw.length;

  progress({ status: 'stage', stage: 'clean' });
  const cleaned = raw.map((r, i) => {
    if (i % 200 === 0) progress({ status: 'progress', stage: 'clean', done: i, total: raw.length });
    return cleanRecord(r);
  });
  counts.rowsWithMojibakeRepaired = cleaned.filter((c) => c.mojibake > 0).length;
  counts.mojibakeSequencesRepaired = cleaned.reduce((n, c) => n + c.mojibake, 0);
  counts.rowsHtmlStripped = cleaned.filter((c) => c.html).length;
  const cleanInfo = new Map<RawRecord, Cleaned>(cleaned.map((c) => [c.record, c]));

  counts.distinctRawTexts = new Set(raw.map((r) => r.resume)).size;
  counts.distinctCleanTexts = new Set(await Promise.all(cleaned.map((c) => contentHash(c.record.resume)))).size;

  progress({ status: 'stage', stage: 'junk rules' });
  const boilerplate = findBoilerplateLines(cleaned.map((c) => c.record.resume));
  Object.assign(report.rules, describeJunkRules(rules));
  const kept: RawRecord[] = [];
  for (const rule of ['empty', 'too-short', 'mostly-non-letters', 'repeated-lines', 'boilerplate']) counts[`dropped.${rule}`] = 0;
  for (const { record } of cleaned) {
    const broken = record.resume.trim() === '' ? 'empty' : junkRuleBroken(record.resume, rules, boilerplate);
    if (broken) {
      counts[`dropped.${broken}`]++;
      addIssue(report, { file: record.source.resumeFile ?? record.source.file, line: record.source.line, code: `junk-${broken}`, message: `dropped by junk rule "${broken}"` });
    } else kept.push(record);
  }

  progress({ status: 'stage', stage: 'exact dedupe' });
  const hashes = await Promise.all(kept.map((r) => contentHash(r.resume)));
  const firstByKey = new Map<string, number>();
  const unique: { record: RawRecord; hash: string }[] = [];
  let exactDuplicates = 0;
  let labelConflicts = 0;
  kept.forEach((record, i) => {
    const key = `${hashes[i]}\u0000${record.role ?? ''}\u0000${record.jobDescription ?? ''}`;
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, unique.length);
      unique.push({ record, hash: hashes[i] });
      return;
    }
    exactDuplicates++;
    const keptLabel = unique[first].record.decision ?? unique[first].record.label;
    if ((record.decision ?? record.label) !== keptLabel) labelConflicts++;
  });
  counts.distinctTextsAfterJunk = new Set(hashes).size;
  counts['dropped.exact-duplicate'] = exactDuplicates;
  counts.exactDuplicateLabelConflicts = labelConflicts;
  report.rules['exact-duplicate'] = 'same SHA-256 of the lower-cased, punctuation-free resume text and the same role and job description; the first row is kept (a label conflict is counted)';

  progress({ status: 'stage', stage: 'near-duplicate clusters' });
  const nearPairs = findNearDuplicates(unique.map((u) => u.record.resume), { threshold }).filter((p) => unique[p.a].hash !== unique[p.b].hash);
  const clusters = clustersFromPairs(unique.length, nearPairs);
  const clusterSizes = new Map<number, number>();
  for (const c of clusters) clusterSizes.set(c, (clusterSizes.get(c) ?? 0) + 1);
  counts.nearDuplicatePairs = nearPairs.length;
  counts.nearDuplicateClusters = [...clusterSizes.values()].filter((n) => n > 1).length;
  counts.rowsInNearDuplicateClusters = [...clusterSizes.values()].filter((n) => n > 1).reduce((a, b) => a + b, 0);
  report.rules['near-duplicate'] = `Jaccard similarity ≥ ${threshold} of word 3-shingle sets (MinHash 128 + LSH candidates, exact Jaccard confirms); ${options.dropNearDuplicates ? 'all but the first of a cluster are dropped' : 'a cluster is kept whole in one split'}`;

  // Groups: union of candidate id, exact hash and near-dup cluster.
  const forest = new UnionFind(unique.length);
  const firstOf = new Map<string, number>();
  unique.forEach((u, i) => {
    for (const key of [`h:${u.hash}`, `c:${clusters[i]}`, u.record.candidate ? `p:${u.record.candidate}` : '']) {
      if (!key) continue;
      const other = firstOf.get(key);
      if (other === undefined) firstOf.set(key, i);
      else forest.union(i, other);
    }
  });
  let survivors = unique.map((u, i) => ({ ...u, cluster: clusters[i], root: forest.find(i) }));
  if (options.dropNearDuplicates) {
    const before = survivors.length;
    survivors = survivors.filter((s, i) => s.cluster === i);
    counts['dropped.near-duplicate'] = before - survivors.length;
  }

  progress({ status: 'stage', stage: 'mask PII' });
  const masksByKind: Record<string, number> = {};
  let recordsMasked = 0;
  const records: CleanRecord[] = survivors.map((s, i) => {
    if (i % 100 === 0) progress({ status: 'progress', stage: 'mask PII', done: i, total: survivors.length });
    const piiMasks: Record<string, number> = {};
    const masked = { ...s.record };
    if (options.mask !== false) {
      for (const field of ['resume', 'transcript', 'jobDescription'] as const) {
        const value = masked[field];
        if (!value) continue;
        const m = maskPii(value);
        if (field === 'resume') masked.resume = m.text;
        else masked[field] = m.text;
        addCounts(piiMasks, m.counts);
      }
      if (Object.keys(piiMasks).length > 0) recordsMasked++;
      addCounts(masksByKind, piiMasks);
    }
    const cleanedInfo = cleanInfo.get(s.record);
    return {
      ...masked,
      hash: s.hash,
      group: `g${s.root}`,
      nearDupCluster: s.cluster,
      mojibakeRepaired: cleanedInfo?.mojibake ?? 0,
      htmlStripped: cleanedInfo?.html ?? false,
      piiMasks
    };
  });
  report.pii = { masker: options.mask === false ? 'off (--no-mask)' : 'core/mask maskText profile "pii"', masksByKind, recordsMasked };

  progress({ status: 'stage', stage: 'split' });
  const splits = assignSplits(records.map((r) => ({ group: r.group, label: r.decision ?? r.label })), { ratios, seed });
  records.forEach((r, i) => (r.split = splits[i]));
  const leakage = checkLeakage(splits, {
    group: records.map((r) => r.group),
    exactHash: records.map((r) => r.hash),
    nearDuplicateCluster: records.map((r) => r.nearDupCluster),
    candidate: records.map((r) => r.candidate)
  });
  report.leakage = leakage;
  if (!leakage.ok) throw new Error(`leakage check failed: ${leakage.leaks.slice(0, 3).map((l) => `${l.kind} ${l.key} in ${l.splits.join('+')}`).join('; ')}`);
  const groupsPerSplit = { train: new Set<string>(), val: new Set<string>(), test: new Set<string>() };
  records.forEach((r) => groupsPerSplit[r.split as SplitName].add(r.group));
  report.split = {
    ratios,
    seed,
    rows: { train: splits.filter((s) => s === 'train').length, val: splits.filter((s) => s === 'val').length, test: splits.filter((s) => s === 'test').length },
    groups: { train: groupsPerSplit.train.size, val: groupsPerSplit.val.size, test: groupsPerSplit.test.size },
    labelBalance: labelBalance(splits, records.map((r) => r.decision ?? r.label))
  };

  counts.rowsOut = records.length;
  const audit: DocumentAuditRow[] = records.map((r) => ({
    sourceFile: r.source.resumeFile ?? r.source.file,
    line: r.source.line,
    hash: r.hash,
    label: r.decision ?? r.label,
    split: r.split as SplitName,
    group: r.group,
    synthetic: (options.synthetic ?? false) || r.synthetic === true
  }));
  report.seconds = (Date.now() - started) / 1000;
  return { records, audit, report };
}
