/**
 * JSON schemas of the screening tasks' answers. They are sent to the model as the decoding constraint (web-llm
 * response_format / xgrammar) AND validated again with ajv when the answer comes back (validate.ts), so a bad
 * backend can never slip malformed data into the app. Strings and arrays are bounded so that constrained
 * decoding always terminates within the token budget (see `maxTokensFor`).
 *
 * Non-goals: checking content against the resume (evidence.ts and the task checkers), prompts (prompts.ts).
 * Shape legend: all schemas are draft-07 subsets that xgrammar understands (type, properties, required,
 * additionalProperties: false, enum, integer minimum/maximum, maxLength, minItems/maxItems).
 */

export type JsonSchema = Record<string, unknown>;

export const LIMITS = {
  rationaleChars: 200,
  quoteChars: 200,
  quotesPerSkill: 2,
  reasoningChars: 800,
  questionChars: 240,
  questionsPerKind: 5
} as const;

const str = (maxLength: number, minLength = 1): JsonSchema => ({ type: 'string', minLength, maxLength });

/**
 * Per-skill 0–5 scores: an object keyed by requirement id with every id required and no others, so constrained
 * decoding yields exactly one entry per requirement (an array with an enum of ids would allow duplicates).
 */
export function skillScoresSchema(requirementIds: string[]): JsonSchema {
  if (requirementIds.length === 0) throw new Error('skillScoresSchema: the job has no requirements to score');
  if (new Set(requirementIds).size !== requirementIds.length) throw new Error('skillScoresSchema: requirement ids must be unique');
  const entry = {
    type: 'object',
    properties: {
      score: { type: 'integer', minimum: 0, maximum: 5 },
      rationale: str(LIMITS.rationaleChars),
      quotes: { type: 'array', maxItems: LIMITS.quotesPerSkill, items: str(LIMITS.quoteChars) }
    },
    required: ['score', 'rationale', 'quotes'],
    additionalProperties: false
  };
  return {
    type: 'object',
    properties: {
      scores: {
        type: 'object',
        properties: Object.fromEntries(requirementIds.map((id) => [id, entry])),
        required: requirementIds,
        additionalProperties: false
      }
    },
    required: ['scores'],
    additionalProperties: false
  };
}

/** Recommendation: the model's advice only; the recruiter makes the final call. */
export const recommendationSchema: JsonSchema = {
  type: 'object',
  properties: {
    reasoning: str(LIMITS.reasoningChars),
    status: { type: 'string', enum: ['select', 'reject'] }
  },
  required: ['reasoning', 'status'],
  additionalProperties: false
};

/** Interview kit: HR and technical questions, each tied to what prompted it. */
export const interviewKitSchema: JsonSchema = {
  type: 'object',
  properties: {
    hr: { type: 'array', minItems: 1, maxItems: LIMITS.questionsPerKind, items: str(LIMITS.questionChars) },
    technical: {
      type: 'array',
      minItems: 1,
      maxItems: LIMITS.questionsPerKind,
      items: {
        type: 'object',
        properties: { question: str(LIMITS.questionChars), requirementId: { type: 'string', maxLength: 64 } },
        required: ['question', 'requirementId'],
        additionalProperties: false
      }
    }
  },
  required: ['hr', 'technical'],
  additionalProperties: false
};

/** Follow-up to a candidate's answer. */
export const followUpSchema: JsonSchema = {
  type: 'object',
  properties: {
    vague: { type: 'boolean' },
    followUp: { type: 'string', maxLength: LIMITS.questionChars }
  },
  required: ['vague', 'followUp'],
  additionalProperties: false
};

/** JSON Resume fields the model may fill (a bounded subset; the rule parse stays the fallback). */
export const resumeFillSchema: JsonSchema = {
  type: 'object',
  properties: {
    basics: {
      type: 'object',
      properties: { label: str(120, 0), summary: str(600, 0) },
      required: ['label', 'summary'],
      additionalProperties: false
    },
    work: {
      type: 'array',
      maxItems: 8,
      items: {
        type: 'object',
        properties: { name: str(120), position: str(120), startDate: str(10, 0), endDate: str(10, 0), summary: str(400, 0) },
        required: ['name', 'position', 'startDate', 'endDate', 'summary'],
        additionalProperties: false
      }
    },
    education: {
      type: 'array',
      maxItems: 4,
      items: {
        type: 'object',
        properties: { institution: str(160), area: str(120, 0), studyType: str(80, 0), endDate: str(10, 0) },
        required: ['institution', 'area', 'studyType', 'endDate'],
        additionalProperties: false
      }
    },
    skills: {
      type: 'array',
      maxItems: 30,
      items: { type: 'object', properties: { name: str(60) }, required: ['name'], additionalProperties: false }
    }
  },
  required: ['basics', 'work', 'education', 'skills'],
  additionalProperties: false
};

/**
 * A token budget large enough for any answer the schema allows: 4 tokens per allowed character (a byte-fallback
 * tokenizer may spend one token per UTF-8 byte) plus structure. Used as the generation's maxTokens.
 */
export function maxTokensFor(schema: JsonSchema): number {
  return 16 + 4 * maxChars(schema);
}

function maxChars(s: JsonSchema): number {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  switch (s.type) {
    case 'string':
      return 2 + (s.enum ? Math.max(...(s.enum as string[]).map((e) => e.length)) : ((s.maxLength as number | undefined) ?? 256) * 2); // escapes may double
    case 'integer':
    case 'number':
      return 20;
    case 'boolean':
      return 5;
    case 'array':
      return 2 + ((s.maxItems as number | undefined) ?? 8) * (1 + maxChars(s.items as JsonSchema));
    case 'object':
      return 2 + Object.entries(props).reduce((n, [k, v]) => n + k.length + 4 + maxChars(v), 0);
    default:
      if (s.enum) return 2 + Math.max(...(s.enum as string[]).map((e) => e.length));
      return 256;
  }
}
