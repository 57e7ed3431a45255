/**
 * Job families: the jobs whose decisions teach one ranker. Two jobs are of the same family when their titles
 * name the same role: the same set of role word families (roleWords in score/signals/role.ts, the words the
 * role-match signal reads), so "Senior Accountant", "Staff Accountant" and "Accountant (remote)" share the
 * family "account", while "Accounts Payable Clerk" does not.
 * Purpose: one definition the app (which jobs a re-fit learns from and re-scores) and the evaluation share.
 * Non-goals: fuzzy matching of related roles (an analyst and an accountant are different families).
 * Shape legend: a family key is the sorted, de-duplicated word families joined by spaces; "" when the title
 * names no role word (such a job is its own family: familyOf falls back to the job id).
 */
import { roleWords } from '../score/signals/role';

/** The family key of a job title ("" when it names no role word). */
export function familyKey(title: string): string {
  return [...new Set(roleWords(title).map((w) => w.key))].sort().join(' ');
}

/** The family of a job: its title's key, or the job's own id when the title names no role word. */
export function familyOf(job: { id: string; title: string }): string {
  return familyKey(job.title) || `job:${job.id}`;
}
