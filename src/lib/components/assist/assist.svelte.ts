/**
 * One candidate's screening-assistant session (runes class): builds what the model may see (MASKED text in blind
 * mode, via core/mask; raw text only when blind mode is off), flags instruction-like text, runs the four LLM tasks
 * through models.service (streaming, cancel) and keeps each checked answer. Scores are totalled and quotes verified
 * by core/llm; this class never interprets model text itself.
 *
 * Non-goals: rendering (the *.svelte files beside it), persistence (answers are advice, recomputed on demand; the
 * recruiter's decision is stored by the app's DecisionPanel). Shape legend: TaskKey names one running task.
 */
import { maskText } from '../../core/mask';
import type { MaskResult } from '../../core/mask/types';
import type { Job } from '../../core/job';
import { buildFollowUpPrompt, buildInterviewKitPrompt, buildRecommendationPrompt, buildSkillScoresPrompt, unmaskedForModel, type PreparedTask, type PromptJob } from '../../core/llm/prompts';
import { checkSkillScores, type SkillScoresChecked } from '../../core/llm/skill-scores';
import { checkRecommendation, type Recommendation } from '../../core/llm/recommendation';
import { checkFollowUp, checkInterviewKit, detectVagueness, type FollowUpDecision, type InterviewKit } from '../../core/llm/interview';
import { flagInjection, type InjectionFlag } from '../../core/llm/untrusted';
import type { Result } from '../../core/result';
import { cancelAssistTask, runAssistTask } from '../../services/models.service';

export interface AssistInput {
  job: Pick<Job, 'title' | 'description' | 'requirements'>;
  /** The candidate's extracted resume text (original; masked here when blind). */
  resumeText: string;
  /** The parsed name, masked wherever it occurs in blind mode. */
  knownName?: string;
  blind: boolean;
  /** Ingest's report of invisible text it dropped (white, tiny, off-page). */
  hidden?: { chars: number; byReason?: Record<string, number> };
}

export type TaskKey = 'skills' | 'recommendation' | 'kit' | `follow-up:${number}`;
export type RecommendationView = Recommendation & { advisory: true; notice: string };
export type KitView = InterviewKit & { dropped: number };

/** What the model may see: masked in blind mode, else the text as is. */
export function modelVisible(text: string, blind: boolean, knownName?: string): MaskResult {
  return blind ? maskText(text, { profile: 'blind', knownNames: knownName ? [knownName] : [] }) : unmaskedForModel(text);
}

/** The job as prompts take it (labels and weights from the recruiter-edited requirements). */
export function promptJobOf(job: AssistInput['job']): PromptJob {
  return { title: job.title, description: job.description, requirements: job.requirements.map((r) => ({ id: r.id, label: r.label || r.id, kind: r.kind, priority: r.priority, weight: r.weight })) };
}

export class AssistSession {
  running = $state<TaskKey | null>(null);
  /** Raw tokens of the running task as they stream in. */
  stream = $state('');
  skills = $state<SkillScoresChecked | null>(null);
  recommendation = $state<RecommendationView | null>(null);
  kit = $state<KitView | null>(null);
  followUps = $state<Record<number, FollowUpDecision>>({});
  errors = $state<Partial<Record<TaskKey, string>>>({});

  constructor(private readonly input: () => AssistInput) {}

  /** The resume as the model sees it (recomputed when the candidate or blind mode changes). */
  readonly seen = $derived.by(() => modelVisible(this.input().resumeText, this.input().blind, this.input().knownName));
  readonly flags: InjectionFlag[] = $derived.by(() => flagInjection(this.seen.text, this.input().hidden));
  readonly job = $derived.by(() => promptJobOf(this.input().job));

  private context() {
    return { resume: this.seen, blind: this.input().blind, injectionFlags: this.flags, job: this.job };
  }

  private async run<T>(key: TaskKey, task: PreparedTask, check: (text: string) => Result<T>, keep: (value: T) => void): Promise<void> {
    if (this.running) return;
    this.running = key;
    this.stream = '';
    const { [key]: _previous, ...rest } = this.errors;
    this.errors = rest;
    try {
      const result = await runAssistTask(task, check, (delta) => (this.stream += delta));
      if (result.ok) keep(result.value.answer);
      else this.errors = { ...this.errors, [key]: result.error.message };
    } catch (error) {
      this.errors = { ...this.errors, [key]: error instanceof Error ? error.message : String(error) };
    } finally {
      this.running = null;
    }
  }

  /** Per-requirement 0–5 scores; quotes verified and totals computed in code. */
  scoreSkills(): Promise<void> {
    const ctx = this.context();
    return this.run('skills', buildSkillScoresPrompt(ctx), (t) => checkSkillScores(t, { requirements: ctx.job.requirements, resume: ctx.resume }), (v) => (this.skills = v));
  }

  /** Select/reject advice, optionally informed by a pasted interview transcript (masked like the resume). */
  recommend(transcript: string): Promise<void> {
    const ctx = this.context();
    const t = transcript.trim() ? modelVisible(transcript, ctx.blind, this.input().knownName) : undefined;
    return this.run('recommendation', buildRecommendationPrompt({ ...ctx, transcript: t }), checkRecommendation, (v) => (this.recommendation = v));
  }

  /** HR and technical questions tailored to the resume and job. */
  interviewKit(): Promise<void> {
    const ctx = this.context();
    return this.run('kit', buildInterviewKitPrompt(ctx), (t) => checkInterviewKit(t, ctx.job.requirements), (v) => {
      this.kit = v;
      this.followUps = {};
    });
  }

  /** A follow-up for question `index` of the kit (HR first, then technical) given the candidate's answer. */
  followUp(index: number, question: string, answer: string): Promise<void> {
    const blind = this.input().blind;
    const seenAnswer = modelVisible(answer, blind, this.input().knownName);
    const vagueClaims = detectVagueness(seenAnswer.text).map((c) => c.text);
    const task = buildFollowUpPrompt({ question, answer: seenAnswer, blind, vagueClaims });
    return this.run(`follow-up:${index}`, task, (t) => checkFollowUp(t, seenAnswer.text), (v) => (this.followUps = { ...this.followUps, [index]: v }));
  }

  /** Stop the running task; it ends with a "cancelled" message ('hard': the worker had to be restarted). */
  cancel(): Promise<'soft' | 'hard' | 'none'> {
    return cancelAssistTask();
  }
}
