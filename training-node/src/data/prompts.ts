/**
 * Training prompts = the app's runtime prompts. Every training record is built with core/llm's prompt
 * builders (`buildRecommendationPrompt`, `buildSkillScoresPrompt`), so a fine-tuned model sees exactly
 * the messages it will get in the app: the same system text, the same <job>/<resume>/<transcript> data
 * delimiters (resumes are untrusted input), and answers in the same JSON schemas, which are validated here
 * before a target is written.
 *
 * Non-goals: the prompt wording itself (src/lib/core/llm/prompts.ts owns it), chat templates (the trainer).
 *
 * Shape legend: decision target `{"reasoning": string, "status": "select"|"reject"}`; skill target
 * `{"scores": {"<requirement id>": {"score" 0..5, "rationale", "quotes": []}}}` (quotes empty: the source
 * data has no verbatim evidence spans).
 */
import { buildRecommendationPrompt, buildSkillScoresPrompt, type PromptJob } from '../../../src/lib/core/llm/prompts';
import { LIMITS } from '../../../src/lib/core/llm/schemas';
import { validateJson } from '../../../src/lib/core/llm/validate';
import type { MaskResult } from '../../../src/lib/core/mask/types';
import type { ChatMessage, Decision, SkillScores } from './types';

export type TargetKind = 'decision' | 'scores';

export interface ScreeningInput {
  role?: string;
  jobDescription?: string;
  /** Resume text, already PII-masked by the pipeline. */
  resume: string;
  transcript?: string;
  /** For skill scoring: the skills to score, in order. */
  skills?: string[];
  /** Explicit requirements (app feedback carries the job parser's ids); overrides `skills`. */
  requirements?: { id: string; label: string }[];
}

/** Text that was masked upstream, in the MaskResult shape the app's builders require. */
function maskedText(text: string): MaskResult {
  return { text, masks: [], toOriginal: (offset: number) => offset };
}

/** A stable requirement id for a skill name ("Machine Learning" → "machine-learning"). */
export function skillId(skill: string): string {
  return skill.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'skill';
}

function jobOf(input: ScreeningInput): PromptJob {
  return {
    title: input.role ?? 'Unspecified role',
    description: input.jobDescription ?? '',
    requirements: input.requirements ?? (input.skills ?? []).map((s) => ({ id: skillId(s), label: s }))
  };
}

/** System + user messages for one screening example (the app's own prompt builders, blind mode). */
export function screeningPrompt(kind: TargetKind, input: ScreeningInput): { messages: ChatMessage[]; schema: Record<string, unknown> } {
  const context = { resume: maskedText(input.resume), blind: true, job: jobOf(input) };
  const task = kind === 'scores'
    ? buildSkillScoresPrompt(context)
    : buildRecommendationPrompt({ ...context, ...(input.transcript ? { transcript: maskedText(input.transcript) } : {}) });
  return { messages: task.messages.map((m) => ({ role: m.role as ChatMessage['role'], content: m.content })), schema: task.schema };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The assistant target for a decision, validated against the app's recommendation schema. */
export function decisionTarget(reasoning: string, status: Decision, schema: Record<string, unknown>): string {
  const value = { reasoning: clip(reasoning, LIMITS.reasoningChars), status };
  const checked = validateJson(schema, value, 'training target');
  if (!checked.ok) throw new Error(checked.error.message);
  return JSON.stringify(value);
}

/** Validates an already-built answer object against a task schema and returns its compact JSON. */
export function checkedTarget(value: unknown, schema: Record<string, unknown>): string {
  const checked = validateJson(schema, value, 'training target');
  if (!checked.ok) throw new Error(checked.error.message);
  return JSON.stringify(value);
}

/** The assistant target for skill scores (rounded to integers 0–5), validated against the app's schema. */
export function scoresTarget(reasoning: string, scores: SkillScores, schema: Record<string, unknown>): string {
  const value = {
    scores: Object.fromEntries(
      Object.entries(scores).map(([skill, score]) => [skillId(skill), { score: Math.round(score), rationale: clip(reasoning, LIMITS.rationaleChars), quotes: [] as string[] }])
    )
  };
  const checked = validateJson(schema, value, 'training target');
  if (!checked.ok) throw new Error(checked.error.message);
  return JSON.stringify(value);
}
