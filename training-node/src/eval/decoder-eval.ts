/**
 * The decoder half of `training-node eval`: held-out rows of `prepare` (sft/test.jsonl or val.jsonl, TRL messages
 * built by the app's prompt builders) → each model answers every row through the app's own path
 * (core/llm run-task runScreeningTask with the task's schema and budget; checkRecommendation / checkSkillScores
 * validate, schema included) → RowOutcome per row for metrics.ts. The task of a row is read from its reference
 * answer: {"status": "select"|"reject", ...} is the recommendation, {"scores": {...}} the per-skill scores.
 * A prompt longer than --context is fitted like training fits it (train/fit-length.ts: the resume is shortened);
 * one that cannot fit is an outcome with error eval/prompt-too-long, never skipped.
 *
 * Non-goals: metric arithmetic (metrics.ts), loading models (the command), sampling. Node only via readJsonlFile.
 */
import { checkRecommendation } from '../../../src/lib/core/llm/recommendation';
import type { PromptRequirement } from '../../../src/lib/core/llm/prompts';
import { runScreeningTask } from '../../../src/lib/core/llm/run-task';
import { maxTokensFor, recommendationSchema, skillScoresSchema, type JsonSchema } from '../../../src/lib/core/llm/schemas';
import { checkSkillScores } from '../../../src/lib/core/llm/skill-scores';
import type { ChatMessage as AppChatMessage, GenerateRequest, GenerateResult } from '../../../src/lib/core/protocol/llm';
import type { Result } from '../../../src/lib/core/result';
import type { ChatMessage } from '../io/hf';
import { fitConversation, resumeBlockText } from '../train/fit-length';
import { sftMessages, TrainDataError } from '../train/records';
import { readJsonlFile } from '../train/session';
import type { Generator, TracedGeneration } from './generate';
import { type GoldAnswer, predictedStatus, type RowOutcome, spanProbability } from './metrics';

/** One held-out row ready to run. */
export interface EvalRow {
  line: number;
  prompt: ChatMessage[];
  gold: GoldAnswer;
  schema: JsonSchema;
  requirements: PromptRequirement[]; // skills: the ids of the reference answer, labels from the prompt
}

function goldOf(answer: string, file: string, line: number): GoldAnswer {
  let value: unknown;
  try {
    value = JSON.parse(answer);
  } catch {
    throw new TrainDataError(file, line, 'the assistant answer is not JSON; eval needs the app\'s recommendation or skill-score object as the reference');
  }
  const v = value as Record<string, unknown>;
  if (v && (v.status === 'select' || v.status === 'reject')) return { task: 'decision', status: v.status };
  if (v && v.scores && typeof v.scores === 'object' && !Array.isArray(v.scores)) {
    const scores: Record<string, number> = {};
    for (const [id, entry] of Object.entries(v.scores as Record<string, unknown>)) {
      const score = (entry as Record<string, unknown> | null)?.score;
      if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 5) throw new TrainDataError(file, line, `reference score of "${id}" must be an integer 0..5, got ${JSON.stringify(score)}`);
      scores[id] = score;
    }
    if (Object.keys(scores).length === 0) throw new TrainDataError(file, line, 'reference "scores" is empty');
    return { task: 'skills', scores };
  }
  throw new TrainDataError(file, line, 'the assistant answer is neither the app\'s recommendation {"status": "select"|"reject"} nor skill scores {"scores": {...}}');
}

/** Requirement labels as the app's job block lists them ("- id=ID (priority): label"). */
function requirementLabels(prompt: readonly ChatMessage[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const m of prompt) for (const match of m.content.matchAll(/^- id=(\S+?)(?: \([^)]*\))?: (.*)$/gm)) labels.set(match[1], match[2]);
  return labels;
}

/** Read a held-out SFT file (TRL messages or Alpaca rows); errors name the file and line. */
export function readEvalRows(file: string, limit = Infinity): EvalRow[] {
  const rows: EvalRow[] = [];
  for (const row of readJsonlFile(file)) {
    if (rows.length >= limit) break;
    const messages = sftMessages(row, file);
    const last = messages.map((m) => m.role).lastIndexOf('assistant');
    const prompt = messages.slice(0, last);
    if (prompt.length === 0) throw new TrainDataError(file, row.line, 'no prompt turns before the assistant answer');
    const gold = goldOf(messages[last].content, file, row.line);
    const labels = requirementLabels(prompt);
    const requirements = gold.task === 'skills' ? Object.keys(gold.scores).map((id) => ({ id, label: labels.get(id) ?? id })) : [];
    const schema = gold.task === 'skills' ? skillScoresSchema(requirements.map((r) => r.id)) : recommendationSchema;
    rows.push({ line: row.line, prompt, gold, schema, requirements });
  }
  return rows;
}

/** The app's checker for a row's task (schema validation included). */
function checkerFor(row: EvalRow, prompt: readonly ChatMessage[]): (text: string) => Result<unknown> {
  if (row.gold.task === 'decision') return checkRecommendation;
  const resume = resumeBlockText(prompt) ?? '';
  return (text) => checkSkillScores(text, { requirements: row.requirements, resume: { text: resume, masks: [], toOriginal: (o: number) => o } });
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The probability the model gave its own decision: the tokens of the status value in its answer. */
function decisionConfidence(g: TracedGeneration): number | null {
  const status = predictedStatus(g.text);
  if (!status) return null;
  const match = /"status"\s*:\s*"(select|reject)"/.exec(g.text);
  if (!match || match[1] !== status) return null;
  const end = match.index + match[0].length - 1;
  return spanProbability(g.charEnds, g.tokenProbs, end - status.length, end);
}

/** Settings of one eval pass. */
export interface DecoderEvalOptions {
  maxNewTokens: number; // cap on the task budget (maxTokensFor(schema) is thousands of tokens)
  context: number; // prompt + answer budget in tokens (the model's positions by default)
  onRow?: (done: number, total: number) => void;
}

/** Run every row through `generator` the way the app runs a screening task; one outcome per row. */
export async function runDecoderEval(generator: Generator, rows: readonly EvalRow[], opts: DecoderEvalOptions): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  for (const row of rows) {
    const budget = Math.min(opts.maxNewTokens, maxTokensFor(row.schema));
    const fitted = fitConversation(row.prompt, (m) => generator.promptLength(m) + budget, opts.context);
    if (!fitted.ok) {
      outcomes.push({ task: row.gold.task, gold: row.gold, text: '', jsonValid: false, schemaValid: false, error: 'eval/prompt-too-long', confidence: null, ms: 0, tokens: 0 });
    } else {
      let traced: TracedGeneration | undefined;
      const llm = {
        'llm.generate': async (request: GenerateRequest): Promise<GenerateResult> => (traced = await generator.generate(request))
      };
      const started = performance.now();
      const result = await runScreeningTask(llm, { messages: fitted.messages as AppChatMessage[], schema: row.schema, maxTokens: maxTokensFor(row.schema) }, checkerFor(row, fitted.messages), { maxTokens: budget });
      const ms = performance.now() - started;
      const g = traced!;
      outcomes.push({
        task: row.gold.task, gold: row.gold, text: g.text, jsonValid: parsesAsJson(g.text), schemaValid: result.ok,
        ...(result.ok ? {} : { error: result.error.code }),
        confidence: row.gold.task === 'decision' ? decisionConfidence(g) : null, ms, tokens: g.tokens
      });
    }
    opts.onRow?.(outcomes.length, rows.length);
  }
  return outcomes;
}
