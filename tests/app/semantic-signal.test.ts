/**
 * The app's semantic signal, pure part: chunks of a resume (masked in blind mode) and requirement vectors →
 * a 'semantic' SignalResult whose evidence indexes the ORIGINAL resume text, scored by the ingest worker's
 * in-thread api ('candidates.score' with extraSignals). Vectors come from a small hashed bag-of-words
 * embedding (real vectors with real cosine geometry, no model), so a requirement matches the chunk that
 * mentions it.
 */
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../src/lib/core/job';
import { parseResume } from '../../src/lib/core/resume';
import { scoreCandidate } from '../../src/lib/core/score';
import { prepareSemanticInput, semanticExtraFromVectors } from '../../src/lib/services/scoring.service';
import { ingestApi } from '../../workers/ingest/api';

const DIMS = 128;

/** L2-normalised hashed bag of lower-cased words. */
function bagOfWords(text: string): Float32Array {
  const v = new Float32Array(DIMS);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    v[h % DIMS] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

const job = parseJob({ title: 'Data Analyst', description: 'Requirements:\n- Python\n- SQL\n- 3+ years of experience\n- Bachelor degree' });
const resumeText = [
  'Jane Roe',
  'jane.roe@example.com',
  '',
  'SUMMARY',
  'Analyst who writes Python scripts for reporting pipelines every day.',
  '',
  'EXPERIENCE',
  'Data Analyst 2018 - 2023 at Acme. Built SQL reports and dashboards for finance.',
  '',
  'HOBBIES',
  'Gardening, cycling and chess on weekends with friends.'
].join('\n');

function semanticFor(blind: boolean) {
  const resume = parseResume(resumeText);
  const input = prepareSemanticInput(job, resume, blind);
  const extra = semanticExtraFromVectors(input, input.requirements.map((r) => bagOfWords(r.label)), input.chunks.map((c) => bagOfWords(c.text)));
  return { resume, input, extra };
}

describe('semantic extra signal for the app', () => {
  it('judges only skill/keyword requirements, against resume chunks', () => {
    const { input } = semanticFor(false);
    expect(input.requirements.length).toBeGreaterThan(0);
    expect(input.requirements.every((r) => r.kind === 'skill' || r.kind === 'keyword')).toBe(true);
    expect(input.chunks.length).toBeGreaterThan(1);
  });

  it.each([false, true])('adds a "semantic" breakdown entry backed by evidence in the original text (blind=%s)', async (blind) => {
    const { resume, extra } = semanticFor(blind);
    expect(extra.id).toBe('semantic');
    expect(extra.value).toBeGreaterThan(0);
    const python = extra.evidence.find((e) => /python/i.test(e.requirementId ?? ''));
    expect(python).toBeDefined();
    expect(resumeText.slice(python!.span.start, python!.span.end)).toContain('Python');
    if (!blind) expect(resumeText.slice(python!.span.start, python!.span.end)).toBe(python!.text);

    const args: Parameters<(typeof ingestApi)['candidates.score']>[0] = { job, resumes: [resume], extraSignals: [[extra]] };
    const [{ result: withSemantic }] = await ingestApi['candidates.score'](args);
    const plain = scoreCandidate(job, resume);
    expect(plain.breakdown.semantic).toBeUndefined();
    expect(withSemantic.breakdown.semantic.label).toBe('Semantic match');
    expect(withSemantic.breakdown.semantic.weight).toBeGreaterThan(0);
    expect(withSemantic.breakdown.semantic.points).toBeGreaterThan(0);
    expect(withSemantic.evidence.some((e) => e.signalId === 'semantic')).toBe(true);
    const sum = Object.values(withSemantic.breakdown).reduce((a, b) => a + b.points, 0);
    expect(sum).toBeCloseTo(withSemantic.score, 6);
  });

  it('embeds the MASKED text in blind mode: no name or email reaches the model', () => {
    const { input, extra } = semanticFor(true);
    const seen = input.chunks.map((c) => c.text).join('\n');
    expect(seen).not.toContain('Jane');
    expect(seen).not.toContain('jane.roe@example.com');
    expect(extra.evidence.every((e) => !e.text.includes('Jane'))).toBe(true);
  });

  it('is not applicable when the job has nothing to judge by meaning', async () => {
    const yearsOnly = { ...job, requirements: job.requirements.filter((r) => r.kind === 'years' || r.kind === 'education') };
    expect(yearsOnly.requirements.length).toBeGreaterThan(0);
    const resume = parseResume(resumeText);
    const input = prepareSemanticInput(yearsOnly, resume, false);
    expect(input.requirements).toEqual([]);
    const extra = semanticExtraFromVectors(input, [], input.chunks.map((c) => bagOfWords(c.text)));
    expect(extra.applicable).toBe(false);
    const [{ result: scored }] = await ingestApi['candidates.score']({ job: yearsOnly, resumes: [resume], extraSignals: [[extra]] });
    expect(scored.breakdown.semantic.weight).toBe(0);
  });
});
