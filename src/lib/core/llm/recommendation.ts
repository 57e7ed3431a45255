/**
 * Checks the recommendation answer `{reasoning, status: 'select' | 'reject'}`. The result is advisory and carries
 * the notice the UI shows with it: the recruiter makes the final call.
 *
 * Non-goals: prompting (prompts.ts), storing the recruiter's decision (the app).
 */
import { ok, type Result } from '../result';
import { recommendationSchema } from './schemas';
import { parseAnswer } from './validate';

export interface Recommendation {
  reasoning: string;
  status: 'select' | 'reject';
}

export const RECOMMENDATION_NOTICE = 'This is the model’s suggestion only. You, the recruiter, make the final decision.';

/** Validate the model's recommendation and mark it advisory. */
export function checkRecommendation(answerText: string): Result<Recommendation & { advisory: true; notice: string }> {
  const parsed = parseAnswer<Recommendation>(recommendationSchema, answerText, 'recommendation');
  if (!parsed.ok) return parsed;
  return ok({ reasoning: parsed.value.reasoning.trim(), status: parsed.value.status, advisory: true, notice: RECOMMENDATION_NOTICE });
}
