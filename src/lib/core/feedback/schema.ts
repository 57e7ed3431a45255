/**
 * The feedback export: what the recruiter app writes when a recruiter overrides the model (a decision, a
 * reasoning, per-skill scores) and what training-node's `import-feedback` reads. Versioned by the `schema`
 * string; a change that breaks readers gets a new version (`shortlist.feedback/v2`) and readers keep
 * accepting v1.
 *
 * Non-goals: validation logic (index.ts), the database records it is derived from (src/lib/db).
 *
 * Shape legend: `decision` is "select" | "reject"; skill scores are 0–5 keyed by requirement id (the job
 * parser's ids); texts are as the model saw them (masked in blind mode); times are ISO 8601 UTC.
 */

export const FEEDBACK_SCHEMA_V1 = 'shortlist.feedback/v1';

export type FeedbackDecision = 'select' | 'reject';

/** One requirement of the job as the model was asked to score it. */
export interface FeedbackRequirement {
  id: string;
  label: string;
}

/** The model's output or the recruiter's corrected output for one candidate. */
export interface FeedbackAssessment {
  decision?: FeedbackDecision;
  reasoning?: string;
  /** requirement id → 0..5 */
  scores?: Record<string, number>;
  /** requirement id → rationale for that score */
  rationales?: Record<string, string>;
}

/** One override: the job, the candidate text shown to the model, what the model said and what the recruiter changed it to. */
export interface FeedbackItem {
  id: string;
  jobId: string;
  candidateId: string;
  job: { title: string; description: string; requirements: FeedbackRequirement[] };
  /** The resume text as the model saw it (masked when blind mode was on). */
  resumeText: string;
  transcriptText?: string;
  /** Whether resumeText/transcriptText were masked by core/mask before export. */
  masked: boolean;
  model: FeedbackAssessment & { modelId: string };
  recruiter: FeedbackAssessment & { note?: string };
  createdAt: string;
}

export interface FeedbackExportV1 {
  schema: typeof FEEDBACK_SCHEMA_V1;
  exportedAt: string;
  app: { name: 'shortlist'; version: string };
  items: FeedbackItem[];
}

const text = (maxLength: number, minLength = 0) => ({ type: 'string', minLength, maxLength });
const decision = { type: 'string', enum: ['select', 'reject'] };
const scores = { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: 5 } };
const rationales = { type: 'object', additionalProperties: text(2000) };
const dateTime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' };

/** JSON Schema (draft-07) of `shortlist.feedback/v1`. */
export const feedbackSchemaV1 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://shortlist.local/schemas/feedback/v1.json',
  title: 'Shortlist recruiter feedback export, version 1',
  type: 'object',
  required: ['schema', 'exportedAt', 'app', 'items'],
  additionalProperties: false,
  properties: {
    schema: { const: FEEDBACK_SCHEMA_V1 },
    exportedAt: dateTime,
    app: {
      type: 'object',
      required: ['name', 'version'],
      additionalProperties: false,
      properties: { name: { const: 'shortlist' }, version: text(40, 1) }
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'jobId', 'candidateId', 'job', 'resumeText', 'masked', 'model', 'recruiter', 'createdAt'],
        additionalProperties: false,
        properties: {
          id: text(200, 1),
          jobId: text(200, 1),
          candidateId: text(200, 1),
          job: {
            type: 'object',
            required: ['title', 'description', 'requirements'],
            additionalProperties: false,
            properties: {
              title: text(300, 1),
              description: text(50_000),
              requirements: {
                type: 'array',
                items: { type: 'object', required: ['id', 'label'], additionalProperties: false, properties: { id: text(200, 1), label: text(500, 1) } }
              }
            }
          },
          resumeText: text(200_000, 1),
          transcriptText: text(200_000),
          masked: { type: 'boolean' },
          model: {
            type: 'object',
            required: ['modelId'],
            additionalProperties: false,
            properties: { modelId: text(300, 1), decision, reasoning: text(5000), scores, rationales }
          },
          recruiter: {
            type: 'object',
            additionalProperties: false,
            properties: { decision, reasoning: text(5000), scores, rationales, note: text(5000) }
          },
          createdAt: dateTime
        }
      }
    }
  }
} as const;
