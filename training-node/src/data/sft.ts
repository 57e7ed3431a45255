/**
 * SFT record builders: from a cleaned, split record to TRL conversational rows (`messages`) and
 * Alpaca-style rows (`instruction`/`input`/`output`), both carrying the audit metadata.
 *
 * Targets: a recruiter decision gives `{"reasoning", "status"}`; skill scores give the app's skill-score
 * object; category-only data (no decision) is turned into role-fit examples — the resume against its own
 * category (select) and against another category (reject) — flagged `target: "category-match"` so it is
 * never mistaken for a human hiring decision.
 *
 * Prompts and target schemas are the app's own (prompts.ts adapts core/llm).
 *
 * Non-goals: tokenisation and chat templates (the trainer), reasoning generation (reasoning comes from the
 * data or a plain templated sentence).
 */
import { decisionTarget, screeningPrompt, scoresTarget, type TargetKind } from './prompts';
import type { ChatMessage, ChatSftRecord, CleanRecord, Decision, InstructionSftRecord, RecordMetadata } from './types';

export interface SftExample {
  kind: TargetKind;
  role?: string;
  jobDescription?: string;
  resume: string;
  transcript?: string;
  /** The answer: `status` + reasoning for decisions, scores + reasoning for skills. */
  answer: { reasoning: string; status?: Decision; scores?: Record<string, number> };
  skills?: string[];
  metadata: RecordMetadata;
}

/** The prompt messages and the schema-checked target text of one example. */
export function promptAndTarget(example: SftExample): { prompt: ChatMessage[]; target: string } {
  const input = { role: example.role, jobDescription: example.jobDescription, resume: example.resume, transcript: example.transcript, skills: example.skills };
  const { messages, schema } = screeningPrompt(example.kind, input);
  const target = example.kind === 'scores'
    ? scoresTarget(example.answer.reasoning, example.answer.scores ?? {}, schema)
    : decisionTarget(example.answer.reasoning, example.answer.status ?? 'reject', schema);
  return { prompt: messages, target };
}

/** Both SFT row shapes for one example: instruction = system text, input = user text, output = target. */
export function toSftRows(example: SftExample): { chat: ChatSftRecord; instruction: InstructionSftRecord } {
  const { prompt, target } = promptAndTarget(example);
  return {
    chat: { messages: [...prompt, { role: 'assistant', content: target }], metadata: example.metadata },
    instruction: {
      instruction: prompt.filter((m) => m.role === 'system').map((m) => m.content).join('\n'),
      input: prompt.filter((m) => m.role === 'user').map((m) => m.content).join('\n'),
      output: target,
      metadata: example.metadata
    }
  };
}

function metadataOf(record: CleanRecord, target: RecordMetadata['target'], synthetic: boolean): RecordMetadata {
  return {
    id: record.id,
    source: record.source.resumeFile ?? record.source.file,
    line: record.source.line,
    hash: record.hash,
    group: record.group,
    label: record.label,
    split: record.split ?? 'train',
    synthetic: synthetic || record.synthetic === true,
    target
  };
}

function humanCategory(label: string): string {
  return label.replace(/[-_]+/g, ' ').toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
}

/**
 * SFT examples for one record: from its decision or scores when present, else category-match examples
 * (`otherLabel` picks the mismatched category; it should be drawn from the same split's labels).
 */
export function sftExamplesFor(record: CleanRecord, otherLabel: string | undefined, synthetic: boolean): SftExample[] {
  const base = { role: record.role, jobDescription: record.jobDescription, resume: record.resume, transcript: record.transcript };
  if (record.scores) {
    const skills = Object.keys(record.scores);
    const reasoning = record.reasoning ?? `Scores as assessed by the recruiter for: ${skills.join(', ')}.`;
    return [{ ...base, kind: 'scores', skills, answer: { reasoning, scores: record.scores }, metadata: metadataOf(record, 'scores', synthetic) }];
  }
  if (record.decision) {
    const reasoning = record.reasoning ?? (record.decision === 'select' ? 'The recruiter advanced this candidate.' : 'The recruiter did not advance this candidate.');
    return [{ ...base, kind: 'decision', answer: { reasoning, status: record.decision }, metadata: metadataOf(record, 'decision', synthetic) }];
  }
  if (!record.label) return [];
  const own = humanCategory(record.label);
  const examples: SftExample[] = [
    categoryExample(record, own, own, 'select', synthetic)
  ];
  if (otherLabel && otherLabel !== record.label) examples.push(categoryExample(record, humanCategory(otherLabel), own, 'reject', synthetic));
  return examples;
}

function categoryExample(record: CleanRecord, role: string, own: string, status: Decision, synthetic: boolean): SftExample {
  const reasoning = status === 'select'
    ? `The resume's experience is in ${own}, which is the role's field.`
    : `The resume's experience is in ${own}, not in ${role}.`;
  return {
    kind: 'decision',
    role,
    jobDescription: record.jobDescription,
    resume: record.resume,
    transcript: record.transcript,
    answer: { reasoning, status },
    metadata: metadataOf(record, 'category-match', synthetic)
  };
}
