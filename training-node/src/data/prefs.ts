/**
 * Preference data (`prefs`): TRL DPO rows {prompt, chosen, rejected} from
 *   - recruiter corrections: the model's output (rejected) vs the recruiter's corrected output (chosen);
 *   - ranked outputs: several outputs for one prompt, best first (or with explicit ranks); the best is
 *     chosen against each lower-ranked one.
 * Prompts are the app's own (prompts.ts); outputs are the JSON answers (a decision or a skill-score object),
 * re-serialised compactly. Resumes are cleaned and PII-masked; rows are split by resume group with the
 * same leak check as `prepare`.
 *
 * Non-goals: generating outputs with a model, file I/O.
 */
import { cleanField } from './clean';
import { contentHash } from './hash';
import { maskPii } from './mask';
import { screeningPrompt, type TargetKind } from './prompts';
import { assignSplits, checkLeakage, type LeakageReport } from './split';
import type { ChatMessage, PreferenceRecord, SplitName } from './types';

export interface PreferenceSource {
  file: string;
  line: number;
  role?: string;
  jobDescription?: string;
  resume: string;
  transcript?: string;
  candidate?: string;
  /** Outputs best first: [chosen, rejected] for corrections, any length ≥ 2 for rankings. */
  ranked: string[];
  origin: 'correction' | 'ranking';
  /** Requirement ids and labels for skill-score prompts (from the app's feedback); else ids are the labels. */
  requirements?: { id: string; label: string }[];
  /** Texts were masked before they reached us (app feedback with `masked: true`): do not mask again. */
  alreadyMasked?: boolean;
}

/** Canonical JSON text of an output; plain "select"/"reject" words become a decision object. */
export function canonicalOutput(output: unknown): { text: string; kind: TargetKind } {
  let value = output;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^(select|reject)$/i.test(trimmed)) value = { reasoning: trimmed.toLowerCase() === 'select' ? 'Advance to the next stage.' : 'Do not advance to the next stage.', status: trimmed.toLowerCase() };
    else {
      try {
        value = JSON.parse(trimmed);
      } catch {
        throw new Error(`output is neither JSON nor "select"/"reject": ${JSON.stringify(trimmed.slice(0, 60))}`);
      }
    }
  }
  if (typeof value !== 'object' || value === null) throw new Error('output must be a JSON object');
  const scores = (value as { scores?: unknown }).scores;
  const kind: TargetKind = typeof scores === 'object' && scores !== null ? 'scores' : 'decision';
  if (kind === 'decision' && !['select', 'reject'].includes(String((value as { status?: unknown }).status))) {
    throw new Error('a decision output needs "status": "select" or "reject"');
  }
  return { text: JSON.stringify(value), kind };
}

export interface PreferenceBuild {
  records: PreferenceRecord[];
  leakage: LeakageReport;
  dropped: { identical: number; duplicate: number };
  masksByKind: Record<string, number>;
}

/** Builds split DPO rows from preference sources (conversational or plain-text prompt form). */
export async function buildPreferences(
  sources: readonly PreferenceSource[],
  options: { seed: number; ratios?: readonly [number, number, number]; mask: boolean; synthetic: boolean; format: 'conversational' | 'text'; splitOf?: (source: PreferenceSource) => SplitName }
): Promise<PreferenceBuild> {
  const staged: { record: Omit<PreferenceRecord, 'metadata'>; meta: { file: string; line: number; hash: string; group: string; origin: PreferenceSource['origin'] }; fixedSplit?: SplitName }[] = [];
  const masksByKind: Record<string, number> = {};
  const seen = new Set<string>();
  const dropped = { identical: 0, duplicate: 0 };
  for (const source of sources) {
    const resume = cleanField(source.resume).text;
    const shouldMask = options.mask && source.alreadyMasked !== true;
    const masked = shouldMask ? maskPii(resume) : { text: resume, counts: {} };
    for (const [k, n] of Object.entries(masked.counts)) masksByKind[k] = (masksByKind[k] ?? 0) + n;
    const transcript = source.transcript ? (shouldMask ? maskPii(cleanField(source.transcript).text).text : cleanField(source.transcript).text) : undefined;
    const outputs = source.ranked.map(canonicalOutput);
    const best = outputs[0];
    const skills = best.kind === 'scores' ? Object.keys(JSON.parse(best.text).scores as Record<string, unknown>) : undefined;
    const { messages } = screeningPrompt(best.kind, { role: source.role, jobDescription: source.jobDescription, resume: masked.text, transcript, skills, requirements: best.kind === 'scores' ? source.requirements : undefined });
    const hash = await contentHash(resume);
    for (const worse of outputs.slice(1)) {
      if (worse.text === best.text) {
        dropped.identical++;
        continue;
      }
      const key = `${hash}\u0000${source.role ?? ''}\u0000${source.jobDescription ?? ''}\u0000${best.text}\u0000${worse.text}`;
      if (seen.has(key)) {
        dropped.duplicate++;
        continue;
      }
      seen.add(key);
      const assistant = (content: string): ChatMessage[] => [{ role: 'assistant', content }];
      const record = options.format === 'conversational'
        ? { prompt: messages, chosen: assistant(best.text), rejected: assistant(worse.text) }
        : { prompt: messages.map((m) => `${m.role}: ${m.content}`).join('\n\n'), chosen: best.text, rejected: worse.text };
      staged.push({ record, meta: { file: source.file, line: source.line, hash, group: source.candidate ? `c:${source.candidate}` : `h:${hash}`, origin: source.origin }, fixedSplit: options.splitOf?.(source) });
    }
  }
  // One group per resume (or candidate) so no resume's preferences straddle splits.
  const splits = options.splitOf
    ? staged.map((s) => s.fixedSplit as SplitName)
    : assignSplits(staged.map((s) => ({ group: s.meta.group, label: s.meta.origin })), { seed: options.seed, ratios: options.ratios });
  const leakage = checkLeakage(splits, { group: staged.map((s) => s.meta.group), exactHash: staged.map((s) => s.meta.hash) });
  if (!leakage.ok) throw new Error('leakage check failed for preference pairs');
  const records: PreferenceRecord[] = staged.map((s, i) => ({
    ...s.record,
    metadata: { id: `${s.meta.file}:${s.meta.line}`, source: s.meta.file, line: s.meta.line, hash: s.meta.hash, group: s.meta.group, split: splits[i] as SplitName, synthetic: options.synthetic, target: s.meta.origin }
  }));
  return { records, leakage, dropped, masksByKind };
}
