import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/lib/core/job';
import { parseResume } from '../../../src/lib/core/resume';
import { scoreCandidate, tokenize } from '../../../src/lib/core/score';
import { buildTopicSpace } from '../../../training-node/src/topic/build';
import { backgroundCosine, decodeTopicSpace, embedTerms } from '../../../src/lib/core/score/topic/space';
import { shippedTopicSpace } from '../../../src/lib/core/score/topic/shipped';
import { documentWeights, resumeTitleTerms, TITLE_TERM_BOOST } from '../../../src/lib/core/score/topic/document';

// A made-up background: three fields whose resumes share their field's words in varying mixes, never all of them.
const FIELDS = {
  books: 'ledger reconciliation invoice payable receivable audit accrual journal payroll budget',
  kitchen: 'knife sauce menu kitchen plating pastry grill butcher banquet garnish',
  network: 'router firewall switch subnet vlan packet latency bandwidth gateway protocol'
};
const COMMON = 'managed reported coordinated delivered organised improved trained supported';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => ((a = (Math.imul(a, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function corpus(perField: number, seed = 7): Array<Map<string, number>> {
  const r = rng(seed);
  const docs: Array<Map<string, number>> = [];
  for (const words of Object.values(FIELDS)) {
    const vocab = words.split(' ');
    for (let d = 0; d < perField; d++) {
      const counts = new Map<string, number>();
      const add = (w: string) => counts.set(tokenize(w)[0].term, (counts.get(tokenize(w)[0].term) ?? 0) + 1);
      for (const w of vocab) if (r() < 0.45) add(w);
      for (const w of COMMON.split(' ')) if (r() < 0.6) add(w);
      if (counts.size === 0) add(vocab[0]);
      docs.push(counts);
    }
  }
  return docs;
}

const terms = (text: string) => new Map(tokenize(text).map((t) => [t.term, 1]));

describe('topic space (LSA over a background corpus)', () => {
  const { file, space } = buildTopicSpace(corpus(40), { dims: 4, minDocFreq: 3 });

  it('brings together words of one field that never co-occur in the query', () => {
    const q = embedTerms(space, terms('ledger audit'))!;
    const { mean, sd } = backgroundCosine(space, q);
    const z = (text: string) => {
      const d = embedTerms(space, terms(text))!;
      return (d.reduce((a, x, i) => a + x * q[i], 0) - mean) / sd;
    };
    // No word shared with the query, same field: well above the background; another field: below it.
    expect(z('invoice payable accrual payroll')).toBeGreaterThan(1);
    expect(z('knife sauce pastry grill')).toBeLessThan(0);
    expect(z('invoice payable accrual payroll')).toBeGreaterThan(z('router subnet vlan gateway') + 1);
  });

  it('is deterministic and round-trips through its file', () => {
    const again = buildTopicSpace(corpus(40), { dims: 4, minDocFreq: 3 }).file;
    expect(again).toEqual(file);
    const decoded = decodeTopicSpace(JSON.parse(JSON.stringify(file)));
    expect(decoded.rows).toEqual(space.rows);
    expect(file.terms).not.toContain('');
  });

  it('leaves out terms rarer than the minimum document frequency', () => {
    const docs = corpus(40);
    docs[0].set('zyxwvut', 2);
    expect(buildTopicSpace(docs, { dims: 4, minDocFreq: 3 }).file.terms).not.toContain('zyxwvut');
  });

  it('refuses too small a corpus and an inconsistent file, saying what is wrong', () => {
    expect(() => buildTopicSpace(corpus(1), { dims: 4, minDocFreq: 3 })).toThrow(/need more than 4/);
    expect(() => decodeTopicSpace({ ...file, rows: file.rows.slice(0, 8) })).toThrow(/rows hold \d+ bytes, expected/);
    expect(() => decodeTopicSpace({ ...file, mean: [0] })).toThrow(/inconsistent sizes/);
  });
});

describe('title words in a resume\'s topic vector', () => {
  it('weighs the words of the headline and positions above the same words elsewhere', () => {
    const r = parseResume('Dana Moss\nPayroll Specialist\nExperience\nAccounts Payable Clerk, Northwind Foods, 2017 - 2021\n- Kept the kitchen rota and ordered supplies\nSkills\nExcel');
    const titles = resumeTitleTerms(r, r.text);
    for (const w of ['payroll', 'payable', 'clerk']) expect(titles.has(tokenize(w)[0].term)).toBe(true);
    expect(titles.has(tokenize('kitchen')[0].term)).toBe(false);
    const counts = new Map(tokenize(r.text).map((t) => [t.term, 1]));
    const w = documentWeights(counts, titles);
    expect(w.get(tokenize('payroll')[0].term)).toBe(1 + TITLE_TERM_BOOST);
    expect(w.get(tokenize('kitchen')[0].term)).toBe(1);
    // Only terms the document counts (text copied from a posting is left out before weighting).
    expect(documentWeights(new Map(), titles).size).toBe(0);
  });

  it('moves a resume toward the field its titles name, and the builder\'s background uses the same weighting', () => {
    const docs = corpus(40);
    const plain = buildTopicSpace(docs, { dims: 4, minDocFreq: 3 });
    const titled = buildTopicSpace(docs.map((counts, i) => ({ counts, titles: new Set(i < 40 ? [tokenize('ledger')[0].term] : []) })), { dims: 4, minDocFreq: 3 });
    // Same SVD (counts only), different background statistics.
    expect(titled.file.rows).toBe(plain.file.rows);
    expect(titled.file.mean).not.toEqual(plain.file.mean);
    const q = embedTerms(plain.space, terms('ledger audit'))!;
    const counts = terms('ledger knife sauce');
    const cos = (w: Map<string, number>) => embedTerms(plain.space, w)!.reduce((a, x, i) => a + x * q[i], 0);
    expect(cos(documentWeights(counts, new Set([tokenize('ledger')[0].term])))).toBeGreaterThan(cos(documentWeights(counts)) + 0.1);
  });
});

describe('topic signal in the score', () => {
  const job = parseJob({
    title: 'Senior Accountant',
    description: 'We need an accountant to own month-end close, general ledger entries and accounts payable, prepare financial statements and support the external audit.'
  });
  const accountant = parseResume(
    'Jordan Vale\nExperience\nStaff Accountant, Harbor Freight Lines, 2016 - 2020\n- Reconciled bank and intercompany accounts every month\n- Booked accruals and journal entries; prepared invoices and vendor payments\nEducation\nBSc Accounting, 2015'
  );
  const chef = parseResume(
    'Jordan Vale\nExperience\nSous Chef, Harbor Grill, 2016 - 2020\n- Ran the line for banquets of 200 covers; plated tasting menus\n- Trained cooks in knife skills, sauces and pastry\nEducation\nCulinary Arts Diploma, 2015'
  );

  it('ranks the field above another field with no word of the posting, with evidence for its points', () => {
    const a = scoreCandidate(job, accountant);
    const c = scoreCandidate(job, chef);
    expect(a.signals.topic).toBeGreaterThan(c.signals.topic);
    expect(a.breakdown.topic.points).toBeGreaterThan(0);
    const ev = a.evidence.filter((e) => e.signalId === 'topic');
    expect(ev.length).toBeGreaterThan(0);
    for (const e of ev) expect(accountant.text.slice(e.span.start, e.span.end)).toBe(e.text);
  });

  it('gives no points for the posting pasted into the resume', () => {
    const own = scoreCandidate(job, accountant).signals.topic;
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(1);
    const pasted = parseResume(`${accountant.text}\n\n${job.text}`);
    expect(scoreCandidate(job, pasted).signals.topic).toBeCloseTo(own, 3);
  });

  it('drops out of the score without a space, and never exceeds its weight', () => {
    const off = scoreCandidate(job, accountant, { topicSpace: null });
    expect(off.breakdown.topic.weight).toBe(0);
    const on = scoreCandidate(job, accountant);
    expect(on.breakdown.topic.points).toBeLessThanOrEqual(100 * on.breakdown.topic.weight + 1e-9);
  });

  it('ships a space built from the dev split', () => {
    const shipped = shippedTopicSpace();
    expect(shipped.dims).toBeGreaterThanOrEqual(32);
    expect(shipped.docCount).toBeGreaterThan(1000);
    expect(shipped.index.size).toBeGreaterThan(3000);
  });
});
