/**
 * Feedback export (public entry): the versioned schema, a validator (ajv) that returns every problem with
 * its JSON path, and a builder the app uses to produce a valid export. Pure TypeScript (no DOM, no Node).
 *
 * Non-goals: converting feedback into training records (training-node/src/data/feedback.ts).
 */
import Ajv from 'ajv';
import { err, ok, type AppError, type Result } from '../result';
import { FEEDBACK_SCHEMA_V1, feedbackSchemaV1, type FeedbackExportV1, type FeedbackItem } from './schema';

export * from './schema';

const ajv = new Ajv({ allErrors: true, strict: false });
const validateV1 = ajv.compile(feedbackSchemaV1);

/** Versions this build reads. */
export const SUPPORTED_FEEDBACK_SCHEMAS: readonly string[] = [FEEDBACK_SCHEMA_V1];

/** Validates a parsed feedback export; errors list each failing path (first 20) and name `source`. */
export function validateFeedbackExport(value: unknown, source = 'feedback export'): Result<FeedbackExportV1> {
  const version = (value as { schema?: unknown } | null)?.schema;
  if (typeof version !== 'string' || !SUPPORTED_FEEDBACK_SCHEMAS.includes(version)) {
    return err({
      code: 'feedback/unsupported-schema',
      file: source,
      message: `${source}: "schema" is ${JSON.stringify(version)}; this build reads ${SUPPORTED_FEEDBACK_SCHEMAS.join(', ')}`
    });
  }
  if (validateV1(value)) {
    const problems = checkOverrides(value as FeedbackExportV1);
    if (problems.length > 0) return err({ code: 'feedback/invalid', file: source, message: `${source}: ${problems.join('; ')}` });
    return ok(value as FeedbackExportV1);
  }
  const problems = (validateV1.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message}`);
  return err({ code: 'feedback/invalid', file: source, message: `${source}: does not match ${FEEDBACK_SCHEMA_V1}: ${problems.join('; ')}` });
}

/** Rules JSON Schema cannot say: score keys must be requirement ids of the item's job. */
function checkOverrides(exported: FeedbackExportV1): string[] {
  const problems: string[] = [];
  exported.items.forEach((item, i) => {
    const ids = new Set(item.job.requirements.map((r) => r.id));
    for (const who of ['model', 'recruiter'] as const) {
      for (const key of Object.keys(item[who].scores ?? {})) {
        if (!ids.has(key)) problems.push(`/items/${i}/${who}/scores/${key} is not a requirement id of the job`);
      }
    }
  });
  return problems;
}

/** Builds a v1 export from items (the app calls this; the result always validates or throws). */
export function buildFeedbackExport(items: FeedbackItem[], appVersion: string, now: Date = new Date()): FeedbackExportV1 {
  const exported: FeedbackExportV1 = { schema: FEEDBACK_SCHEMA_V1, exportedAt: now.toISOString(), app: { name: 'shortlist', version: appVersion }, items };
  const checked = validateFeedbackExport(exported);
  if (!checked.ok) throw new Error((checked.error as AppError).message);
  return exported;
}
