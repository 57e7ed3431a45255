// The answer schema the browser check asks for (shared by page.ts and browser.test.ts; page.ts touches window).

/** A small schema so random weights finish quickly; the Node side validates the answer with ajv. */
export const BROWSER_CHECK_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['select', 'reject'] },
    score: { type: 'integer', minimum: 0, maximum: 5 },
    note: { type: 'string', maxLength: 40 }
  },
  required: ['status', 'score', 'note'],
  additionalProperties: false
};
