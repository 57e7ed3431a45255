// The semantic signal with a transparent bag-of-words embedder (so the expected best chunk is knowable), in blind
// mode through the real masker, and plugged into the real scorer as an extra signal.
import { describe, expect, it } from 'vitest';
import { semanticSignal, semanticSignalFromVectors, cosine } from '../../../src/lib/core/embed/semantic';
import { MemoryEmbeddingCache } from '../../../src/lib/core/embed/cache';
import { maskText } from '../../../src/lib/core/mask';
import { parseResume } from '../../../src/lib/core/resume';
import { parseJob } from '../../../src/lib/core/job';
import { scoreCandidate } from '../../../src/lib/core/score';

/** Hashes lower-cased words into 128 buckets and L2-normalises: texts sharing words get high cosine. */
async function bagOfWords(texts: string[]): Promise<Float32Array[]> {
  return texts.map((t) => {
    const v = new Float32Array(128);
    for (const w of t.toLowerCase().match(/[a-z0-9+#]+/g) ?? []) {
      let h = 2166136261;
      for (const c of w) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
      v[(h >>> 0) % 128] += 1;
    }
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  });
}

const resumeText = `Dana Smith
dana.smith@example.com

Experience
Platform engineer at Initech, 2019 to 2024.
Ran Kubernetes clusters and wrote Terraform modules for 40 services.

Built React dashboards in TypeScript for the billing team.

Education
BSc Computer Science, 2018`;

describe('semanticSignalFromVectors', () => {
  it('picks the max-cosine chunk per requirement and rescales between floor and ceil', () => {
    const e = (x: number, y: number) => new Float32Array([x, y]);
    const r = semanticSignalFromVectors({
      requirements: [{ id: 'a', label: 'A', weight: 3 }, { id: 'b', label: 'B', weight: 1 }],
      requirementVectors: [e(1, 0), e(0, 1)],
      chunks: [{ index: 0, text: 'x', span: { start: 0, end: 1 } }, { index: 1, text: 'y', span: { start: 2, end: 3 } }],
      chunkVectors: [e(1, 0), e(0.6, 0.8)],
      options: { floor: 0.2, ceil: 0.8 }
    });
    expect(r.evidence.map((x) => x.text)).toEqual(['x', 'y']);
    // a: cos 1 → 1; b: cos 0.8 → 1 ... both full, so value 1
    expect(r.value).toBeCloseTo(1);
    const r2 = semanticSignalFromVectors({
      requirements: [{ id: 'a', label: 'A', weight: 3 }, { id: 'b', label: 'B', weight: 1 }],
      requirementVectors: [e(1, 0), e(0, 1)],
      chunks: [{ index: 0, text: 'x', span: { start: 0, end: 1 } }],
      chunkVectors: [e(1, 0)],
      options: { floor: 0.2, ceil: 0.8 }
    });
    // a: 1; b: cos 0 → 0; weighted (3·1 + 1·0) / 4
    expect(r2.value).toBeCloseTo(0.75);
    expect(cosine(e(0.6, 0.8), e(0.6, 0.8))).toBeCloseTo(1);
  });
});

describe('semanticSignal in blind mode, plugged into scoreCandidate', () => {
  it('finds the Kubernetes passage, never sends the name to the embedder, and maps spans to the original', async () => {
    const masked = maskText(resumeText, { profile: 'blind', knownNames: ['Dana Smith'] });
    const seen: string[] = [];
    const embed = async (t: string[]) => (seen.push(...t), bagOfWords(t));
    const job = parseJob({ title: 'Platform Engineer', description: 'Requirements:\n- Kubernetes\n- Terraform\n\nNice to have:\n- React' });
    expect(job.requirements.length).toBeGreaterThan(1);
    const sig = await semanticSignal({ resume: masked, requirements: job.requirements, model: { id: 'bow', revision: '1' }, embed, cache: new MemoryEmbeddingCache(), chunking: { minChars: 1 } });
    expect(seen.join('\n')).not.toMatch(/Dana|Smith|dana\.smith/);
    const k8s = sig.evidence.find((e) => /kubernetes/i.test(job.requirements.find((r) => r.id === e.requirementId)!.label))!;
    expect(k8s.text).toContain('Kubernetes');
    expect(resumeText.slice(k8s.span.start, k8s.span.end)).toBe(k8s.text); // no masks inside this passage
    for (const e of sig.evidence) expect(resumeText.slice(e.span.start, e.span.end).length).toBeGreaterThan(0);

    const score = scoreCandidate(job, parseResume(resumeText), { blind: true, extraSignals: [sig], extraLabels: { semantic: 'Semantic match' }, referenceDate: new Date('2025-01-01') });
    expect(score.breakdown.semantic).toMatchObject({ label: 'Semantic match', value: sig.value });
    expect(score.evidence.some((e) => e.signalId === 'semantic')).toBe(true);
  });
});

describe('semanticSignal requirement kinds', () => {
  it('matches skills and keywords only, and is not applicable without them', async () => {
    const embed = async (t: string[]) => bagOfWords(t);
    const model = { id: 'bow' };
    const r = await semanticSignal({
      resume: { text: 'Go services\n\nBSc Physics' },
      requirements: [{ id: 'skill:go', kind: 'skill', label: 'Go' }, { id: 'years', kind: 'years', label: '5+ years' }, { id: 'education:bachelor', kind: 'education', label: 'Bachelor' }],
      model,
      embed,
      chunking: { minChars: 1 }
    });
    expect(r.evidence.map((e) => e.requirementId)).toEqual(['skill:go']);
    const none = await semanticSignal({ resume: { text: 'Go services' }, requirements: [{ id: 'years', kind: 'years', label: '5+ years' }], model, embed });
    expect(none).toMatchObject({ value: 0, evidence: [], applicable: false });
  });
});
