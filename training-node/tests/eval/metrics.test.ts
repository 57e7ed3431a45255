/**
 * Eval metric arithmetic on cases with known answers (eval/metrics.ts), the decoder pass with a fake generator fed
 * fixed outputs through the app's runScreeningTask and checkers (eval/decoder-eval.ts), the retrieval set and
 * BM25 (eval/matcher-eval.ts), and eval.json's schema and HTML escaping (eval/report.ts).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decisionTarget, scoresTarget, screeningPrompt } from '../../src/data/prompts';
import { readEvalRows, runDecoderEval } from '../../src/eval/decoder-eval';
import type { Generator, TracedGeneration } from '../../src/eval/generate';
import { bm25Retrieval, readRetrievalSet } from '../../src/eval/matcher-eval';
import { decoderMetrics, rankByScore, reliability, retrievalMetrics, type RowOutcome, spanProbability } from '../../src/eval/metrics';
import { checkEvalReport, type EvalReport, evalHtml, evalSummary } from '../../src/eval/report';
import { tempDir, writeJsonl } from '../train/fixtures';

const outcome = (o: Partial<RowOutcome> & Pick<RowOutcome, 'gold' | 'text'>): RowOutcome => {
  let jsonValid = true;
  try {
    JSON.parse(o.text);
  } catch {
    jsonValid = false;
  }
  return { task: o.gold.task, jsonValid, schemaValid: false, confidence: null, ms: 10, tokens: 5, ...o };
};

describe('decoderMetrics', () => {
  const outcomes = [
    outcome({ gold: { task: 'decision', status: 'select' }, text: '{"reasoning":"x","status":"select"}', schemaValid: true, confidence: 0.9, ms: 100, tokens: 20 }),
    outcome({ gold: { task: 'decision', status: 'reject' }, text: '{"reasoning":"x","status":"select"}', schemaValid: true, confidence: 0.7, ms: 300, tokens: 20 }),
    outcome({ gold: { task: 'decision', status: 'select' }, text: 'garbage', error: 'llm/not-json', ms: 200, tokens: 40 }),
    outcome({ gold: { task: 'skills', scores: { a: 3, b: 5 } }, text: '{"scores":{"a":{"score":3},"b":{"score":7}}}', error: 'llm/schema-invalid' }),
    outcome({ gold: { task: 'skills', scores: { a: 1 } }, text: '{"scores":{"a":{"score":2,"rationale":"r","quotes":[]}}}', schemaValid: true })
  ];
  const m = decoderMetrics(outcomes);

  it('computes validity, field and decision accuracy, in-range rate and MAE', () => {
    expect(m.rows).toBe(5);
    expect(m.jsonValidRate).toBeCloseTo(4 / 5, 12);
    expect(m.schemaValidRate).toBeCloseTo(3 / 5, 12);
    expect(m.fieldAccuracy).toBeCloseTo(2 / 6, 12); // decision 1 of 3, scores 1 of 3 (a=3 exact; b=7 and a=2 wrong)
    expect(m.decisionAccuracy).toBeCloseTo(1 / 3, 12);
    expect(m.skillFields).toBe(3);
    expect(m.skillInRangeRate).toBeCloseTo(2 / 3, 12); // 7 is out of 0..5
    expect(m.skillMae).toBeCloseTo(0.5, 12); // |3−3| and |2−1| over the two in-range scores
    expect(m.errors).toEqual({ 'llm/not-json': 1, 'llm/schema-invalid': 1 });
  });

  it('bins calibration and computes ECE', () => {
    expect(m.calibration.points).toBe(2); // the garbage row has no decision to calibrate
    const used = m.calibration.bins.filter((b) => b.count > 0);
    expect(used).toEqual([
      { lo: 0.6, hi: 0.7, count: 1, confidence: 0.7, accuracy: 0 },
      { lo: 0.8, hi: 0.9, count: 1, confidence: 0.9, accuracy: 1 }
    ]);
    expect(m.calibration.ece).toBeCloseTo(0.5 * 0.1 + 0.5 * 0.7, 12);
    expect(reliability([{ confidence: 0, correct: true }], 4).bins[0].count).toBe(0 + 1); // 0 falls in the first bin
    expect(reliability([], 5).ece).toBeNull();
  });

  it('reports latency per task', () => {
    expect(m.latency.decision).toEqual({ rows: 3, msMean: 200, msP50: 200, tokensPerSecond: 80 / 0.6 });
    expect(m.latency.skills.rows).toBe(2);
  });

  it('reports null, not 0, where nothing could be measured', () => {
    const none = decoderMetrics([]);
    expect(none).toMatchObject({ jsonValidRate: null, decisionAccuracy: null, skillMae: null, skillInRangeRate: null });
    const garbage = decoderMetrics([outcome({ gold: { task: 'skills', scores: { a: 2 } }, text: '{' })]);
    expect(garbage).toMatchObject({ jsonValidRate: 0, fieldAccuracy: 0, skillInRangeRate: 0, skillMae: null });
  });
});

describe('spanProbability and retrieval metrics', () => {
  it('multiplies the probabilities of the tokens overlapping a span', () => {
    // tokens: "ab" | "cd" | "ef"
    expect(spanProbability([2, 4, 6], [0.5, 0.8, 0.25], 1, 3)).toBeCloseTo(0.4, 12);
    expect(spanProbability([2, 4, 6], [0.5, 0.8, 0.25], 4, 6)).toBeCloseTo(0.25, 12);
    expect(spanProbability([2], [0.5], 5, 6)).toBeNull();
  });

  it('top-1, MRR and precision@10 with known ranks', () => {
    const r = retrievalMetrics([
      { ranked: [2, 0, 1], relevant: new Set([0]) },
      { ranked: [1, 2, 0], relevant: new Set([1]) },
      { ranked: [0, 1, 2], relevant: new Set() } // no relevant candidate: not counted
    ]);
    expect(r).toEqual({ queries: 2, top1: 0.5, mrr: 0.75, precisionAt10: 1 / 3 });
    expect(rankByScore([0.1, 0.5, 0.5, 0.9])).toEqual([3, 1, 2, 0]);
  });
});

const dir = tempDir('eval-metrics');

function heldOut(): string {
  const job = { role: 'Data engineer', jobDescription: 'We need SQL and Python.', resume: 'Built SQL pipelines in Python for five years.' };
  const decision = screeningPrompt('decision', job);
  const skills = screeningPrompt('scores', { ...job, skills: ['SQL', 'Python'] });
  return writeJsonl(path.join(dir, 'held-out.jsonl'), [
    { messages: [...decision.messages, { role: 'assistant', content: decisionTarget('Strong SQL.', 'select', decision.schema) }] },
    { messages: [...decision.messages, { role: 'assistant', content: decisionTarget('No.', 'reject', decision.schema) }] },
    { messages: [...skills.messages, { role: 'assistant', content: scoresTarget('ok', { SQL: 4, Python: 2 }, skills.schema) }] },
    { messages: [...decision.messages, { role: 'assistant', content: decisionTarget('Maybe.', 'select', decision.schema) }] }
  ]);
}

/** A generator that answers row i with outputs[i] (one token per character, probability 0.5 each). */
function fixedGenerator(outputs: { text: string; finishReason?: 'stop' | 'length' }[]): Generator {
  let i = 0;
  return {
    promptLength: (messages) => messages.reduce((n, m) => n + m.content.length, 0) / 10,
    async generate(): Promise<TracedGeneration> {
      const { text, finishReason = 'stop' } = outputs[i++];
      const chars = [...text];
      return { text, tokens: chars.length, finishReason, promptTokens: 1, tokenIds: chars.map((_, k) => k), tokenProbs: chars.map(() => 0.5), charEnds: chars.map((_, k) => k + 1) };
    }
  };
}

describe('runDecoderEval through the app checkers (fake generator, fixed outputs)', () => {
  it('marks schema validity with the app checkers, errors by code, and decision confidence from the trace', async () => {
    const rows = readEvalRows(heldOut());
    expect(rows.map((r) => r.gold.task)).toEqual(['decision', 'decision', 'skills', 'decision']);
    expect(rows[2].requirements).toEqual([{ id: 'sql', label: 'SQL' }, { id: 'python', label: 'Python' }]);
    const outcomes = await runDecoderEval(fixedGenerator([
      { text: '{"reasoning":"good","status":"select"}' },
      { text: '{"reasoning":"good","status":"select","extra":1}' }, // valid JSON, not the schema
      { text: '{"scores":{"sql":{"score":4,"rationale":"r","quotes":["SQL pipelines"]},"python":{"score":1,"rationale":"r","quotes":[]}}}' },
      { text: '{"reasoning":"cut', finishReason: 'length' }
    ]), rows, { maxNewTokens: 64, context: 10_000 });
    expect(outcomes.map((o) => [o.jsonValid, o.schemaValid, o.error])).toEqual([
      [true, true, undefined], [true, false, 'llm/schema-invalid'], [true, true, undefined], [false, false, 'llm/truncated']
    ]);
    expect(outcomes[0].confidence).toBeCloseTo(0.5 ** 'select'.length, 12);
    const m = decoderMetrics(outcomes);
    expect(m.decisionAccuracy).toBeCloseTo(1 / 3, 12); // row 2 says select for a reject; row 4 was cut off
    expect(m.skillMae).toBeCloseTo(0.5, 12); // sql 4 vs 4, python 1 vs 2
    expect(m.fieldAccuracy).toBeCloseTo(2 / 5, 12);
  });

  it('counts a prompt that cannot fit the context as a failure, not a skip', async () => {
    const rows = readEvalRows(heldOut(), 1);
    const [o] = await runDecoderEval(fixedGenerator([{ text: '{}' }]), rows, { maxNewTokens: 64, context: 10 });
    expect(o).toMatchObject({ jsonValid: false, schemaValid: false, error: 'eval/prompt-too-long' });
  });

  it('names the file and line of rows it cannot evaluate', () => {
    const file = writeJsonl(path.join(dir, 'bad.jsonl'), [{ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: '{"scores":{"a":{"score":9}}}' }] }]);
    expect(() => readEvalRows(file)).toThrow(`${file}:1: reference score of "a" must be an integer 0..5, got 9`);
    const noJson = writeJsonl(path.join(dir, 'nojson.jsonl'), [{ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'yes' }] }]);
    expect(() => readEvalRows(noJson)).toThrow(`${noJson}:1: the assistant answer is not JSON`);
  });
});

describe('retrieval set and BM25', () => {
  it('builds queries × candidates from scored pairs and ranks with BM25', () => {
    const file = writeJsonl(path.join(dir, 'pairs.jsonl'), [
      { sentence1: 'nurse hospital patients', sentence2: 'cared for patients in a hospital ward', score: 1 },
      { sentence1: 'nurse hospital patients', sentence2: 'repaired diesel engines', score: 0 },
      { sentence1: 'mechanic engines', sentence2: 'repaired diesel engines', score: 1 },
      { sentence1: 'mechanic engines', sentence2: 'cared for patients in a hospital ward', score: 0 },
      { sentence1: 'mechanic engines', sentence2: 'taught mathematics to children', score: 0 } // BM25 idf needs N > 2
    ]);
    const set = readRetrievalSet(file);
    expect(set.queries).toHaveLength(2);
    expect(set.candidates).toHaveLength(3);
    expect(set.relevant.map((r) => [...r])).toEqual([[0], [1]]);
    expect(bm25Retrieval(set)).toEqual({ queries: 2, top1: 1, mrr: 1, precisionAt10: 1 / 3 });
    const none = writeJsonl(path.join(dir, 'none.jsonl'), [{ sentence1: 'a', sentence2: 'b', score: 0 }]);
    expect(() => readRetrievalSet(none)).toThrow(`${none}:1: no row marks a relevant passage`);
  });
});

describe('eval.json schema and eval.html', () => {
  const base = decoderMetrics([outcome({ gold: { task: 'decision', status: 'select' }, text: '</script><script>alert(1)</script>' })]);
  const report: EvalReport = {
    format: 'shortlist-eval', version: 1, created: '2026-01-01T00:00:00.000Z', kind: 'decoder', run: 'run</script>', data: { file: 'x.jsonl', rows: 1 },
    models: { base: 'b', tuned: 't' }, settings: {}, decoder: { base, tuned: base }, notes: []
  };

  it('accepts a valid report and names the field of an invalid one', () => {
    expect(checkEvalReport(report)).toBe(report);
    const bad = { ...report, decoder: { base: { ...base, jsonValidRate: 2 }, tuned: base } };
    expect(() => checkEvalReport(bad)).toThrow(/eval\.json.*jsonValidRate must be <= 1/);
    expect(evalSummary(report).metrics.tuned).toEqual({ json_valid: 0, schema_valid: 0, field_accuracy: 0, decision_accuracy: 0 });
  });

  it('inlines Chart.js and the data without letting either close the script element', () => {
    const html = evalHtml(report, 'var Chart = function () {}; /* </script> in a comment */');
    expect(html.match(/<\/script>/g)).toHaveLength(3); // data, library, page script
    expect(html).toContain('run&#60;/script&#62;');
  });
});
