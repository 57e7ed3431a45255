// Verbatim-quote verification and the per-skill score checker (voiding, totals in code, spans in the original).
import { describe, expect, it } from 'vitest';
import { verifyQuote } from '../../../src/lib/core/llm/evidence';
import { checkSkillScores } from '../../../src/lib/core/llm/skill-scores';
import { unmaskedForModel } from '../../../src/lib/core/llm/prompts';
import { maskText } from '../../../src/lib/core/mask';

const resume = `Experience
Senior Engineer — Acme Corp (2019–2024)
  Built a TypeScript   data pipeline
that cut nightly batch time from 6 hours to 40 minutes.
Led a team of “four” engineers.`;

describe('verifyQuote', () => {
  it('finds a quote across line breaks, extra spaces and case, and reports the span in the source', () => {
    const r = verifyQuote(resume, 'built a typescript data pipeline that cut nightly batch time');
    expect(r.verified).toBe(true);
    expect(resume.slice(r.span!.start, r.span!.end)).toBe('Built a TypeScript   data pipeline\nthat cut nightly batch time');
  });

  it('folds typographic quotes and dashes', () => {
    const a = verifyQuote(resume, 'Led a team of "four" engineers');
    expect(a.verified).toBe(true);
    expect(resume.slice(a.span!.start, a.span!.end)).toBe('Led a team of “four” engineers');
    expect(verifyQuote(resume, 'Senior Engineer - Acme Corp (2019-2024)').verified).toBe(true);
  });

  it('rejects paraphrases, ellipses, changed numbers and too-short quotes', () => {
    expect(verifyQuote(resume, 'Built a TypeScript pipeline').reason).toBe('not-found');
    expect(verifyQuote(resume, 'cut nightly batch time ... 40 minutes').verified).toBe(false);
    expect(verifyQuote(resume, 'from 6 hours to 30 minutes').verified).toBe(false);
    expect(verifyQuote(resume, 'Led').reason).toBe('too-short');
    expect(verifyQuote(resume, '   ').reason).toBe('too-short');
  });

  it('strips quotation marks the model wraps around a quote', () => {
    expect(verifyQuote(resume, '"Led a team of “four” engineers!"').verified).toBe(false); // "!" is not in the text
    expect(verifyQuote(resume, '“Led a team of “four” engineers”').verified).toBe(true);
  });
});

const requirements = [
  { id: 'ts', label: 'TypeScript', weight: 2 },
  { id: 'lead', label: 'Team leadership', weight: 1 },
  { id: 'k8s', label: 'Kubernetes', weight: 1 }
];

describe('checkSkillScores', () => {
  it('keeps verified scores, voids the one with an invented quote, and totals in code with voids as 0', () => {
    const answer = JSON.stringify({
      scores: {
        ts: { score: 4, rationale: 'Built a TS pipeline.', quotes: ['Built a TypeScript data pipeline'] },
        lead: { score: 5, rationale: 'Led a big team.', quotes: ['Led a team of twelve engineers'] },
        k8s: { score: 0, rationale: 'No mention.', quotes: [] }
      }
    });
    const r = checkSkillScores(answer, { requirements, resume: unmaskedForModel(resume) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [ts, lead, k8s] = r.value.scores;
    expect(ts).toMatchObject({ status: 'verified', score: 4 });
    expect(resume.slice(ts.quotes[0].span!.start, ts.quotes[0].span!.end)).toBe('Built a TypeScript   data pipeline');
    expect(lead).toMatchObject({ status: 'void-unverified-quote', score: null, modelScore: 5 });
    expect(lead.quotes[0]).toMatchObject({ verified: false, reason: 'not-found' });
    expect(k8s).toMatchObject({ status: 'verified', score: 0 });
    // (2·4 + 1·0 + 1·0) / (5·(2+1+1)) = 8 / 20
    expect(r.value.totals).toMatchObject({ points: 8, maxPoints: 20, value: 0.4, verified: 2, voided: 1, missing: 0 });
    expect(r.value.signal.value).toBe(0.4);
    expect(r.value.signal.evidence).toHaveLength(1);
    expect(r.value.signal.evidence[0]).toMatchObject({ requirementId: 'ts', signalId: 'llm-skills' });
  });

  it('voids a positive score with no quote at all', () => {
    const answer = JSON.stringify({
      scores: Object.fromEntries(requirements.map((q) => [q.id, { score: 3, rationale: 'Trust me.', quotes: [] }]))
    });
    const r = checkSkillScores(answer, { requirements, resume: unmaskedForModel(resume) });
    expect(r.ok && r.value.scores.every((s) => s.status === 'void-no-evidence')).toBe(true);
    expect(r.ok && r.value.totals.value).toBe(0);
  });

  it('rejects answers that break the schema: unknown requirement, score 7, missing requirement, not JSON', () => {
    const good = { score: 1, rationale: 'x', quotes: [] };
    const bad = [
      { scores: { ts: good, lead: good, k8s: good, python: good } },
      { scores: { ts: good, lead: good, k8s: { ...good, score: 7 } } },
      { scores: { ts: good, lead: good } }
    ];
    for (const b of bad) {
      const r = checkSkillScores(JSON.stringify(b), { requirements, resume: unmaskedForModel(resume) });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('llm/schema-invalid');
    }
    const cut = checkSkillScores('{"scores":{"ts":{"sc', { requirements, resume: unmaskedForModel(resume) });
    expect(!cut.ok && cut.error.code).toBe('llm/not-json');
  });

  it('in blind mode verifies quotes against the masked text and maps spans to the original resume', () => {
    const original = 'Jane Doe\njane.doe@example.com\n\nJane Doe led the migration to Kubernetes at Acme.';
    const masked = maskText(original, { profile: 'blind', knownNames: ['Jane Doe'] });
    expect(masked.text).not.toContain('Jane');
    const placeholderQuote = masked.text.slice(masked.text.lastIndexOf('\n') + 1).replace(/\.$/, '');
    const answer = JSON.stringify({
      scores: {
        ts: { score: 0, rationale: 'none', quotes: [] },
        lead: { score: 3, rationale: 'led migration', quotes: [placeholderQuote] },
        k8s: { score: 4, rationale: 'k8s', quotes: ['migration to Kubernetes at Acme'] }
      }
    });
    const r = checkSkillScores(answer, { requirements, resume: masked });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lead = r.value.scores[1].quotes[0];
    expect(lead.verified).toBe(true);
    expect(original.slice(lead.span!.start, lead.span!.end)).toBe('Jane Doe led the migration to Kubernetes at Acme');
    expect(lead.seenText).toBe(placeholderQuote);
    const k8s = r.value.scores[2].quotes[0];
    expect(original.slice(k8s.span!.start, k8s.span!.end)).toBe('migration to Kubernetes at Acme');
  });
});
