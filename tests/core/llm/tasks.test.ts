// Recommendation, interview kit, vague-answer follow-ups and the JSON Resume fill-in merge.
import { describe, expect, it } from 'vitest';
import { checkRecommendation, RECOMMENDATION_NOTICE } from '../../../src/lib/core/llm/recommendation';
import { checkFollowUp, checkInterviewKit, detectVagueness } from '../../../src/lib/core/llm/interview';
import { mergeResumeFill } from '../../../src/lib/core/llm/resume-fill';
import { unmaskedForModel } from '../../../src/lib/core/llm/prompts';
import { parseResume } from '../../../src/lib/core/resume';
import { maskText } from '../../../src/lib/core/mask';

describe('checkRecommendation', () => {
  it('accepts select/reject with reasoning and marks it advisory', () => {
    const r = checkRecommendation(JSON.stringify({ reasoning: ' Meets Go and Kubernetes. ', status: 'select' }));
    expect(r).toEqual({ ok: true, value: { reasoning: 'Meets Go and Kubernetes.', status: 'select', advisory: true, notice: RECOMMENDATION_NOTICE } });
    expect(RECOMMENDATION_NOTICE).toMatch(/recruiter, make the final decision/);
  });
  it('rejects other statuses, missing reasoning and extra fields', () => {
    for (const bad of [{ reasoning: 'x', status: 'hire' }, { status: 'select' }, { reasoning: 'x', status: 'reject', score: 10 }, { reasoning: '', status: 'reject' }]) {
      const r = checkRecommendation(JSON.stringify(bad));
      expect(r.ok).toBe(false);
    }
  });
});

describe('detectVagueness', () => {
  it('flags an improvement claim without a number, with its span', () => {
    const answer = 'I improved performance of the checkout service. The team liked it.';
    const claims = detectVagueness(answer);
    expect(claims[0].kind).toBe('unquantified-claim');
    expect(answer.slice(claims[0].span.start, claims[0].span.end)).toBe(claims[0].text);
    expect(claims[0].text).toMatch(/^improved performance/);
  });
  it('does not flag quantified claims', () => {
    expect(detectVagueness('I reduced p95 latency from 800 ms to 120 ms by adding a cache in front of the pricing API.')).toEqual([]);
    expect(detectVagueness('We cut infrastructure costs by 30% over two quarters, and I owned the migration plan end to end.')).toEqual([]);
  });
  it('flags hedged ownership and very short answers', () => {
    expect(detectVagueness('I helped with the migration and worked on various services across the platform team.').map((c) => c.kind)).toEqual(['hedged-ownership', 'hedged-ownership']);
    expect(detectVagueness('It went well.').map((c) => c.kind)).toEqual(['too-short']);
  });
});

describe('checkFollowUp', () => {
  const vagueAnswer = 'I improved performance a lot on the search backend over the years.';
  it('asks a follow-up when code finds vagueness even if the model says the answer is fine', () => {
    const r = checkFollowUp(JSON.stringify({ vague: false, followUp: '' }), vagueAnswer);
    expect(r.ok && r.value).toMatchObject({ vague: true, source: 'code' });
    expect(r.ok && r.value.followUp).toMatch(/By how much/);
    expect(r.ok && r.value.followUp).toContain('improved performance');
  });
  it("keeps the model's own question when both agree", () => {
    const q = 'By what percentage did search latency improve, and how was it measured?';
    const r = checkFollowUp(JSON.stringify({ vague: true, followUp: q }), vagueAnswer);
    expect(r.ok && r.value).toMatchObject({ vague: true, source: 'both', followUp: q });
  });
  it('no follow-up for a specific answer', () => {
    const r = checkFollowUp(JSON.stringify({ vague: false, followUp: '' }), 'I rewrote the ranking service in Rust, cutting p99 latency from 900 ms to 150 ms within three months.');
    expect(r.ok && r.value).toMatchObject({ vague: false, followUp: '', source: 'none' });
  });
});

describe('checkInterviewKit', () => {
  it('drops technical questions tied to unknown requirement ids', () => {
    const kit = { hr: ['Why this role?'], technical: [{ question: 'How do you tune Go GC?', requirementId: 'go' }, { question: 'Tell me about PHP.', requirementId: 'php' }] };
    const r = checkInterviewKit(JSON.stringify(kit), [{ id: 'go', label: 'Go' }]);
    expect(r.ok && r.value).toEqual({ hr: ['Why this role?'], technical: [{ question: 'How do you tune Go GC?', requirementId: 'go' }], dropped: 1 });
  });
  it('rejects an empty kit', () => {
    expect(checkInterviewKit(JSON.stringify({ hr: [], technical: [] }), []).ok).toBe(false);
  });
});

describe('mergeResumeFill', () => {
  const text = 'Alex Example\nalex@example.com\n\nA backend engineer who likes distributed systems.\n\nWORK\nSomething something at Initech as platform lead, 2018 to 2023.\n\nToolbox: Go, Terraform, Elixir';
  const answer = {
    basics: { label: 'Backend engineer', summary: 'A backend engineer who likes distributed systems.' },
    work: [
      { name: 'Initech', position: 'platform lead', startDate: '2018', endDate: '2023', summary: '' },
      { name: 'Globex', position: 'CTO', startDate: '2010', endDate: '2012', summary: '' }
    ],
    education: [],
    skills: [{ name: 'Elixir' }, { name: 'Rust' }]
  };

  it('fills only what the rule parse missed, only with values found verbatim, with provenance into the original', () => {
    const parsed = parseResume(text);
    const base = { ...parsed, basics: { ...parsed.basics, summary: undefined }, work: [], skills: parsed.skills.filter((g) => !g.keywords.includes('Elixir')) };
    const r = mergeResumeFill(base, JSON.stringify(answer), unmaskedForModel(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.resume.basics.summary).toBe('A backend engineer who likes distributed systems.');
    expect(r.value.resume.work).toEqual([{ name: 'Initech', position: 'platform lead', startDate: '2018', endDate: '2023' }]);
    expect(r.value.rejected.map((x) => x.path)).toEqual(expect.arrayContaining(['work[1].name', 'work[1].position', 'work[1]', 'skills.model[1]']));
    expect(r.value.resume.skills.flatMap((g) => g.keywords)).toContain('Elixir');
    expect(r.value.resume.skills.flatMap((g) => g.keywords)).not.toContain('Rust');
    const prov = r.value.resume.provenance.find((p) => p.path === 'work[0].name')!;
    expect(text.slice(prov.start, prov.end)).toBe('Initech');
  });

  it('never overrides values the rule parser found', () => {
    const parsed = parseResume(text);
    const withWork = { ...parsed, basics: { ...parsed.basics, summary: 'Parsed summary' }, work: [{ name: 'Parsed Co' }] };
    const r = mergeResumeFill(withWork, JSON.stringify(answer), unmaskedForModel(text));
    expect(r.ok && r.value.resume.basics.summary).toBe('Parsed summary');
    expect(r.ok && r.value.resume.work).toEqual([{ name: 'Parsed Co' }]);
  });

  it('in blind mode merges the original text at the verified span, never the placeholder', () => {
    const original = 'Alex Example\n\nWORK\nAlex Example Consulting, founder, 2015 to 2020.';
    const masked = maskText(original, { profile: 'blind', knownNames: ['Alex Example'] });
    const placeholderName = masked.text.slice(masked.text.indexOf('WORK\n') + 5, masked.text.indexOf(' Consulting')) + ' Consulting';
    const base = { ...parseResume(original), work: [] };
    const r = mergeResumeFill(base, JSON.stringify({ ...answer, work: [{ name: placeholderName, position: 'founder', startDate: '2015', endDate: '2020', summary: '' }], skills: [] }), masked);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(placeholderName).not.toContain('Alex');
    expect(r.value.resume.work[0].name).toBe('Alex Example Consulting');
  });
});
