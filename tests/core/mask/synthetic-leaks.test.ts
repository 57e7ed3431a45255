/**
 * Names surviving blind masking in synthetic resumes (tests/fixtures/synthetic-resumes.ts): eleven header
 * layouts, fourteen origin groups, referees and supervisors, skills that are names in the body. The tune
 * split is what the masker was fixed against; the check split (other names, phrases, formats and seed) was
 * kept out of that work and shows how far the rules generalise. eval/masking.ts prints the same counts.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { anyMasked, coverage, leakedNameTokens } from '../../fixtures/mask-coverage';
import { LAYOUTS, syntheticResumes } from '../../fixtures/synthetic-resumes';

function leaks(split: 'tune' | 'check', n: number, seed: number) {
  const out = { candidate: 0, others: 0, otherTotal: 0, skillsMasked: 0, skills: 0, layouts: new Set<string>() };
  for (const doc of syntheticResumes(n, seed, split)) {
    const cov = coverage(doc.text, maskText(doc.text, { profile: 'blind' }));
    out.layouts.add(doc.layout);
    const leaked = (tag: string) => doc.spans.filter((s) => s.tag === tag).map((s) => leakedNameTokens(doc.text, cov, s.start, s.end).length > 0);
    if (leaked('name:candidate').some(Boolean)) out.candidate++;
    for (const l of leaked('name:other')) {
      out.otherTotal++;
      if (l) out.others++;
    }
    for (const s of doc.spans.filter((x) => x.tag === 'keep:skill')) {
      out.skills++;
      if (anyMasked(cov, s.start, s.end)) out.skillsMasked++;
    }
  }
  return out;
}

describe('synthetic headers', () => {
  it('tune split: no candidate, referee or supervisor name survives, no skill is masked', () => {
    const r = leaks('tune', 220, 9);
    expect(r.layouts.size).toBe(Object.keys(LAYOUTS).length);
    expect(r.candidate).toBe(0);
    expect(r.others).toBe(0);
    expect(r.skillsMasked).toBe(0);
    expect(r.skills).toBeGreaterThan(1000);
  });

  it('check split (kept out of tuning): at most 3% of resumes keep a candidate name, 1% of other names survive', () => {
    const r = leaks('check', 220, 10);
    console.info(`[mask] synthetic check split: ${r.candidate}/220 resumes keep a candidate name, ${r.others}/${r.otherTotal} other names survive`);
    expect(r.candidate / 220).toBeLessThanOrEqual(0.03);
    expect(r.others / r.otherTotal).toBeLessThanOrEqual(0.01);
    expect(r.skillsMasked).toBe(0);
  });
});
