/**
 * The feedback export schema (shortlist.feedback/v1): a well-formed export validates; wrong version,
 * out-of-range scores, unknown requirement ids, missing fields and extra fields are rejected with the JSON
 * path; the builder refuses to produce an invalid export.
 */
import { describe, expect, it } from 'vitest';
import { buildFeedbackExport, FEEDBACK_SCHEMA_V1, validateFeedbackExport, type FeedbackItem } from '../../../src/lib/core/feedback/index';

function item(overrides: Partial<FeedbackItem> = {}): FeedbackItem {
  return {
    id: 'fb-1',
    jobId: 'job-1',
    candidateId: 'cand-1',
    job: { title: 'Backend Engineer', description: 'Go services on Kubernetes.', requirements: [{ id: 'go', label: 'Go' }, { id: 'k8s', label: 'Kubernetes' }] },
    resumeText: '[NAME_1] builds Go services.',
    masked: true,
    model: { modelId: 'qwen2.5-0.5b', decision: 'reject', reasoning: 'No Kubernetes.', scores: { go: 4, k8s: 1 } },
    recruiter: { decision: 'select', scores: { k8s: 3 }, note: 'Ran k8s in a side project.' },
    createdAt: '2026-11-23T10:00:00Z',
    ...overrides
  };
}

const exportOf = (items: unknown[], schema: string = FEEDBACK_SCHEMA_V1) => ({ schema, exportedAt: '2026-11-23T12:00:00.000Z', app: { name: 'shortlist', version: '0.1.0' }, items });

describe('validateFeedbackExport', () => {
  it('accepts a well-formed v1 export', () => {
    const result = validateFeedbackExport(exportOf([item(), item({ id: 'fb-2', recruiter: {} })]));
    expect(result.ok).toBe(true);
  });

  it('rejects an unknown version, naming the versions it reads', () => {
    const result = validateFeedbackExport(exportOf([item()], 'shortlist.feedback/v9'), 'export.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^export\.json: "schema" is "shortlist.feedback\/v9"; this build reads shortlist\.feedback\/v1/);
  });

  it.each([
    ['a score above 5', item({ recruiter: { scores: { go: 7 } } }), /\/items\/0\/recruiter\/scores\/go must be <= 5/],
    ['a decision outside select/reject', item({ recruiter: { decision: 'maybe' as 'select' } }), /\/items\/0\/recruiter\/decision must be equal to one of the allowed values/],
    ['a missing resume text', { ...item(), resumeText: undefined }, /\/items\/0 must have required property 'resumeText'/],
    ['an extra field', { ...item(), salary: 100 }, /\/items\/0 must NOT have additional properties/],
    ['a bad timestamp', item({ createdAt: 'yesterday' }), /\/items\/0\/createdAt must match pattern/],
    ['a score for an unknown requirement', item({ recruiter: { scores: { rust: 2 } } }), /\/items\/0\/recruiter\/scores\/rust is not a requirement id/]
  ])('rejects %s with its path', (_what, bad, message) => {
    const result = validateFeedbackExport(exportOf([bad]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});

describe('buildFeedbackExport', () => {
  it('stamps version and time, and throws instead of producing an invalid export', () => {
    const built = buildFeedbackExport([item()], '0.1.0', new Date('2026-11-23T12:00:00Z'));
    expect(built.schema).toBe(FEEDBACK_SCHEMA_V1);
    expect(built.exportedAt).toBe('2026-11-23T12:00:00.000Z');
    expect(() => buildFeedbackExport([item({ model: { modelId: '' } })], '0.1.0')).toThrow(/modelId/);
  });
});
