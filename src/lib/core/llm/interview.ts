/**
 * Interview kit checks and vague-answer follow-ups. Vagueness is detected in code too — a claim of improvement
 * ("improved performance", "reduced costs significantly") with no number in the same sentence, or hedged
 * ownership ("helped with", "was involved in") — so a follow-up is asked even if the model says the answer is
 * fine, and a templated follow-up is used when the model gives none.
 *
 * Non-goals: prompting (prompts.ts), scoring answers. Shape legend: spans index the answer text.
 */
import { ok, type Result } from '../result';
import type { PromptRequirement } from './prompts';
import { followUpSchema, interviewKitSchema } from './schemas';
import { parseAnswer } from './validate';

export interface VagueClaim {
  kind: 'unquantified-claim' | 'hedged-ownership' | 'too-short';
  text: string;
  span: { start: number; end: number };
}

const CLAIM =
  /\b(?:improv(?:ed|ing)|increas(?:ed|ing)|reduc(?:ed|ing)|decreas(?:ed|ing)|optimi[sz](?:ed|ing)|boost(?:ed|ing)|enhanc(?:ed|ing)|grew|grow(?:ing)?|cut|sped\s+up|speed(?:ed)?\s+up|accelerat(?:ed|ing)|saved|lower(?:ed)?|rais(?:ed|ing)|doubled|tripled|scaled|streamlin(?:ed|ing)|made\s+(?:it\s+)?(?:faster|better|cheaper|more\s+\w+))\b[^.!?\n]*/gi;
const QUANTITY = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundred|thousand|million|billion|half|double|twice|triple|percent)\b|%|\bx\b/i;
const HEDGE = /\b(?:helped\s+(?:with|to|on)|was\s+(?:involved|part\s+of|responsible\s+for\s+some)|worked\s+on\s+(?:various|several|some|many)|contributed\s+to|assisted\s+(?:with|in)|and\s+so\s+on|etc\.?|stuff|things\s+like\s+that)\b/gi;

/** Code-side vagueness: unquantified claims, hedged ownership, very short answers. */
export function detectVagueness(answer: string): VagueClaim[] {
  const out: VagueClaim[] = [];
  for (const sentence of sentences(answer)) {
    CLAIM.lastIndex = 0;
    for (let m = CLAIM.exec(sentence.text); m; m = CLAIM.exec(sentence.text)) {
      if (!QUANTITY.test(sentence.text)) {
        const text = m[0].trim();
        out.push({ kind: 'unquantified-claim', text, span: { start: sentence.start + m.index, end: sentence.start + m.index + text.length } });
      }
    }
    HEDGE.lastIndex = 0;
    for (let m = HEDGE.exec(sentence.text); m; m = HEDGE.exec(sentence.text)) {
      out.push({ kind: 'hedged-ownership', text: m[0], span: { start: sentence.start + m.index, end: sentence.start + m.index + m[0].length } });
    }
  }
  const words = answer.trim().split(/\s+/).filter(Boolean).length;
  if (words > 0 && words < 8) out.push({ kind: 'too-short', text: answer.trim(), span: { start: answer.indexOf(answer.trim()), end: answer.indexOf(answer.trim()) + answer.trim().length } });
  return out;
}

function sentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[^.!?\n]+[.!?]?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0], start: m.index });
  return out;
}

/** A follow-up question written in code from the first vague claim (used when the model gives none). */
export function templateFollowUp(claims: VagueClaim[]): string {
  const claim = claims.find((c) => c.kind === 'unquantified-claim') ?? claims[0];
  if (!claim) return '';
  if (claim.kind === 'unquantified-claim') return `You said "${claim.text}". By how much, measured how, and over what period? What was your own part in it?`;
  if (claim.kind === 'hedged-ownership') return `You mentioned you "${claim.text}". What exactly did you do yourself, and what was the result?`;
  return 'Could you walk me through a concrete example, with what you did and what the measurable result was?';
}

export interface FollowUpDecision {
  vague: boolean;
  followUp: string;
  /** Where the decision came from: the model, code detection, or both agreeing. */
  source: 'model' | 'code' | 'both' | 'none';
  claims: VagueClaim[];
}

/** Combine the model's follow-up answer with code detection: vague if either says so; never vague without a question. */
export function checkFollowUp(answerText: string, candidateAnswer: string): Result<FollowUpDecision> {
  const parsed = parseAnswer<{ vague: boolean; followUp: string }>(followUpSchema, answerText, 'follow-up');
  if (!parsed.ok) return parsed;
  const claims = detectVagueness(candidateAnswer);
  const codeVague = claims.length > 0;
  const modelVague = parsed.value.vague;
  const vague = codeVague || modelVague;
  const modelQuestion = parsed.value.followUp.trim();
  const followUp = !vague ? '' : modelQuestion.endsWith('?') && modelQuestion.length >= 10 ? modelQuestion : templateFollowUp(claims) || 'Could you give a concrete example with a measurable result?';
  return ok({ vague, followUp, source: codeVague && modelVague ? 'both' : codeVague ? 'code' : modelVague ? 'model' : 'none', claims });
}

export interface InterviewKit {
  hr: string[];
  technical: { question: string; requirementId: string }[];
}

/** Validate the kit; technical questions must point at one of the job's requirement ids (others are dropped). */
export function checkInterviewKit(answerText: string, requirements: PromptRequirement[]): Result<InterviewKit & { dropped: number }> {
  const parsed = parseAnswer<InterviewKit>(interviewKitSchema, answerText, 'interview kit');
  if (!parsed.ok) return parsed;
  const ids = new Set(requirements.map((r) => r.id));
  const technical = parsed.value.technical.filter((q) => ids.has(q.requirementId) && q.question.trim());
  const hr = parsed.value.hr.map((q) => q.trim()).filter(Boolean);
  return ok({ hr, technical, dropped: parsed.value.technical.length - technical.length });
}
