/**
 * scoreCandidate: points sum to the score, every point is backed by evidence, evidence maps to original
 * offsets, a name swap leaves the score exactly unchanged, requirements are judged without cross-skill credit,
 * must-haves dominate when told to, text copied from the posting earns nothing, BM25 uses corpus IDF, and model
 * signals plug in as extra signals.
 */
import { describe, expect, it } from 'vitest';
import { parseJob, type Job } from '../../../src/lib/core/job';
import { parseResume } from '../../../src/lib/core/resume';
import { monthKey, monthStart } from '../../../src/lib/core/resume/parse-resume';
import {
  buildCorpusStats,
  defaultSignals,
  excludedText,
  lexicalSignal,
  portableBlindResume,
  prepareBlindResume,
  scoreCandidate,
  SignalWithoutEvidenceError,
  type ScoreResult,
  type Signal
} from '../../../src/lib/core/score';

const REF = new Date(Date.UTC(2024, 0, 1));
const JOB = parseJob({
  title: 'Backend Engineer',
  description: `Requirements:\n- 5+ years of experience building services in Go\n- SQL, MySQL and Docker\n- Bachelor's degree in Computer Science or related field\nNice to have\n- Rust, Kafka, Terraform`
});

function resumeText(first: string, last: string, opts: { email?: boolean } = {}): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z]/g, ''); // profile URLs and emails carry no apostrophes
  const email = opts.email === false ? '' : ` | ${slug(first)}.${slug(last)}@mail.com`;
  return `${first} ${last}\nBackend Engineer${email} | (555) 010-2020 | linkedin.com/in/${slug(first)}${slug(last)}
Mr. ${last} is married; date of birth: 03/04/1988.

WORK EXPERIENCE
Backend Engineer at Acme Corp
Jan 2016 - Present
${first} built Go services with PostgreSQL and Docker; he mentored two engineers.

Software Developer, Initech LLC    06/2013 – 12/2015
Wrote Java services.

EDUCATION
B.Tech in Computer Science, 2013

SKILLS
Go, SQL, Docker, Kubernetes`;
}

const parse = (text: string) => parseResume(text, { referenceDate: REF });
const score = (text: string, blind = true): ScoreResult => scoreCandidate(JOB, parse(text), { blind, referenceDate: REF });

function checkInvariants(result: ScoreResult, job: Job = JOB) {
  const points = Object.values(result.breakdown).reduce((a, b) => a + Math.round(b.points * 100), 0) / 100;
  expect(points).toBe(result.score);
  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(100);
  const weights = Object.values(result.breakdown).reduce((a, b) => a + b.weight, 0);
  expect(weights).toBeCloseTo(1, 10);
  const priorityOf = new Map(job.requirements.map((r) => [r.id, r.priority as string]));
  for (const [id, entry] of Object.entries(result.breakdown)) {
    if (entry.points <= 0) continue;
    // The must-have and nice-to-have parts are evidenced by the evidence of the requirements they count.
    const backed = id === 'must' || id === 'nice' ? result.evidence.some((e) => priorityOf.get(e.requirementId ?? '') === id) : result.evidence.some((e) => e.signalId === id);
    expect(backed, `${id} has points but no evidence`).toBe(true);
  }
}

describe('scoreCandidate', () => {
  it('is deterministic, its points sum to the score, and every point has evidence', () => {
    const a = score(resumeText('Kwame', 'Mensah'));
    const b = score(resumeText('Kwame', 'Mensah'));
    expect(a).toEqual(b);
    checkInvariants(a);
    checkInvariants(score(resumeText('Kwame', 'Mensah'), false));
    expect(a.score).toBeGreaterThan(40);
  });

  it('leaves the score exactly unchanged when only the name and email local part change', () => {
    const names: Array<[string, string]> = [
      ['Kwame', 'Mensah'],
      ['Emily', 'Larsson'],
      ['Mohammed', 'Al-Farsi'],
      ['Mei', 'Chen'],
      ['José', 'García'],
      ['Siobhan', "O'Neill"]
    ];
    const results = names.map(([f, l]) => score(resumeText(f, l)));
    for (const r of results.slice(1)) {
      expect(r.score).toBe(results[0].score);
      expect(r.breakdown).toEqual(results[0].breakdown);
    }
  });

  it('reports blind-mode evidence in original offsets, and never from masked personal data', () => {
    const text = resumeText('Kwame', 'Mensah');
    const result = score(text);
    expect(result.evidence.length).toBeGreaterThan(0);
    for (const e of result.evidence) {
      expect(e.span.start).toBeGreaterThanOrEqual(0);
      expect(e.span.end).toBeLessThanOrEqual(text.length);
      // Skills and lexical evidence point at unmasked words: the original text there is the evidence text.
      if (e.signalId === 'skills' || e.signalId === 'lexical') expect(text.slice(e.span.start, e.span.end)).toBe(e.text);
      expect(e.text).not.toMatch(/Kwame|Mensah|married/i);
    }
    const exp = result.requirements.find((r) => r.requirementId === 'years')!;
    expect(exp.met).toBe('yes');
    // Only the relevant role counts: the Java developer years are not backend engineering.
    expect(exp.evidence.map((e) => text.slice(e.span.start, e.span.end))).toEqual(['Jan 2016 - Present', 'Backend Engineer']);
  });

  it('judges every requirement: met or not, with no credit for a different skill of the same family', () => {
    const verdicts = Object.fromEntries(score(resumeText('Kwame', 'Mensah')).requirements.map((r) => [r.requirementId, r.met]));
    expect(verdicts['skill:go']).toBe('yes');
    expect(verdicts['skill:docker']).toBe('yes');
    expect(verdicts['skill:mysql']).toBe('no'); // PostgreSQL is not MySQL
    expect(verdicts['skill:rust']).toBe('no'); // Java is not Rust
    expect(verdicts['skill:kafka']).toBe('no');
    expect(verdicts['years']).toBe('yes');
    expect(verdicts['education:bachelor']).toBe('yes');
    expect(Object.keys(verdicts).sort()).toEqual(JOB.requirements.map((r) => r.id).sort());
  });

  it('counts only years in roles relevant to the job', () => {
    const job = parseJob({ title: 'Accountant', description: 'Requirements:\n- 5+ years of accounting experience\n- Excel' });
    const years = (body: string) => scoreCandidate(job, parse(`Sam Lee\nEXPERIENCE\n${body}\nSKILLS\nExcel`), { referenceDate: REF }).requirements.find((r) => r.requirementId === 'years')!;
    const relevant = years('Senior Accountant, Acme Corp\nJan 2016 - Dec 2022\nClosed the books monthly.');
    const other = years('Line Cook, Diner Co\nJan 2016 - Dec 2022\nCooked breakfast.');
    expect(relevant.met).toBe('yes');
    expect(other.met).toBe('no');
  });

  it('counts "Present" up to the resume\'s own month, as its parse does, when the caller gives no date', () => {
    const job = parseJob({ title: 'Accountant', description: 'Requirements:\n- 8+ years of accounting experience\n- Excel' });
    // Written in June 2018: 4.5 years by its own date, 8 or more only if "Present" meant a day after mid-2022.
    const resume = parseResume('Sam Lee\nEXPERIENCE\nSenior Accountant, Acme Corp\nJan 2014 - Present\nClosed the books monthly.\nSKILLS\nExcel\n\nUpdated June 2018\n');
    expect(resume.referenceMonth).toBe('2018-06');
    expect(resume.totalYearsExperience).toBe(4.5);
    const years = scoreCandidate(job, resume).requirements.find((r) => r.requirementId === 'years')!;
    expect(years.note).toMatch(/^4\.5 of 8 years/);
    expect(years.met).toBe('partial');
    // A caller's date still wins (the evaluation pins one).
    expect(scoreCandidate(job, resume, { referenceDate: new Date(Date.UTC(2024, 0, 15)) }).requirements.find((r) => r.requirementId === 'years')!.met).toBe('yes');
  });

  it('keys the masked re-parse by its month: dates in one month share it, the resume\'s own month is the portable key', () => {
    for (const key of ['0042-01', '1999-12', '2018-06', '2024-02']) expect(monthKey(monthStart(key))).toBe(key);
    const resume = parseResume('Sam Lee\nEXPERIENCE\nAccountant, Acme Corp\nJan 2014 - Present\n\nUpdated June 2018\n');
    const early = prepareBlindResume(resume, { referenceDate: new Date(Date.UTC(2024, 1, 1)) });
    expect(prepareBlindResume(resume, { referenceDate: new Date(Date.UTC(2024, 1, 29, 23, 59)) })).toBe(early);
    expect(early.resume.referenceMonth).toBe('2024-02');
    const own = prepareBlindResume(resume);
    expect(own).not.toBe(early);
    expect(own.resume.referenceMonth).toBe('2018-06');
    expect(own.resume.totalYearsExperience).toBe(resume.totalYearsExperience);
    expect(portableBlindResume(resume).key).toBe('2018-06');
  });

  it('lets must-haves dominate: with must-dominance 1 (uncapped) a candidate missing one never outranks one who meets them all', () => {
    const job = parseJob({ title: 'Data Engineer', description: 'Requirements:\n- Python\n- Spark\n- Airflow\nNice to have\n- dbt, Snowflake, Kafka' });
    const all = parse('Ana Ruiz\nDATA ENGINEER\nSKILLS\nPython, Spark, Airflow');
    const missing = parse('Bo Chan\nDATA ENGINEER\nSUMMARY\nData engineer building Python and Spark pipelines with dbt, Snowflake and Kafka.\nSKILLS\nPython, Spark, dbt, Snowflake, Kafka');
    const a = scoreCandidate(job, all, { referenceDate: REF, mustDominance: 1, mustCap: null });
    const b = scoreCandidate(job, missing, { referenceDate: REF, mustDominance: 1, mustCap: null });
    expect(a.mustHaves).toEqual({ met: 3, total: 3 });
    expect(b.mustHaves).toEqual({ met: 2, total: 3 });
    expect(b.breakdown.nice.value).toBeGreaterThan(a.breakdown.nice.value);
    expect(a.score).toBeGreaterThan(b.score);
    checkInvariants(a, job);
    checkInvariants(b, job);
  });

  it('caps the must part\'s share in the default combination, not with must-haves first or for a ranker stored without a cap', () => {
    const musts = ['Python', 'Spark', 'Airflow', 'Docker', 'Kafka', 'SQL', 'Terraform', 'Snowflake'];
    const job = parseJob({ title: 'Data Engineer', description: `Requirements:\n${musts.map((m) => `- ${m}`).join('\n')}` });
    expect(job.requirements.filter((r) => r.priority === 'must')).toHaveLength(8);
    const resume = parse('Ana Ruiz\nDATA ENGINEER\nSKILLS\nPython, Spark');
    const shareOf = (r: ScoreResult) => r.breakdown.must.weight;
    // Shipped: d = 0.05 gives 8·0.05 / (8·0.05 + 1) ≈ 0.286 uncapped; the cap holds it at 0.1.
    expect(shareOf(scoreCandidate(job, resume, { referenceDate: REF }))).toBeCloseTo(0.1, 12);
    expect(shareOf(scoreCandidate(job, resume, { referenceDate: REF, mustCap: null }))).toBeCloseTo(0.4 / 1.4, 12);
    expect(shareOf(scoreCandidate(job, resume, { referenceDate: REF, mustCap: 0.2 }))).toBeCloseTo(0.2, 12);
    // A short list stays under the cap: one must-have at d = 0.05 is 0.05 / 1.05.
    const one = parseJob({ title: 'Data Engineer', description: 'Requirements:\n- Python' });
    expect(shareOf(scoreCandidate(one, resume, { referenceDate: REF }))).toBeCloseTo(0.05 / 1.05, 12);
    // Must-haves first is not capped: missing one outright outweighs the whole fit part.
    expect(shareOf(scoreCandidate({ ...job, mustFirst: true }, resume, { referenceDate: REF }))).toBeGreaterThan(0.5);
  });

  it('must-haves first (job.mustFirst): missing even the least-weighted must-have never scores above meeting them all', () => {
    const parsed = parseJob({ title: 'Data Engineer', description: 'Requirements:\n- Python\n- Spark\n- Airflow\n- Docker\nNice to have\n- dbt, Snowflake, Kafka' });
    // Unequal weights: Docker counts least, so the guarantee must hold for the smallest share, not the average.
    const job: Job = { ...parsed, mustFirst: true, requirements: parsed.requirements.map((r) => (r.id === 'skill:docker' ? { ...r, weight: 0.25 } : r.priority === 'must' ? { ...r, weight: 2 } : r)) };
    const JUNIOR = 'Ana Ruiz\nJunior Analyst\nSKILLS\nPython, Spark, Airflow, Docker';
    const STRONG = 'Bo Chan\nSENIOR DATA ENGINEER\nSUMMARY\nData engineer building Python, Spark and Airflow pipelines with dbt, Snowflake and Kafka for ten years.\nEXPERIENCE\nSenior Data Engineer, Acme\nJan 2012 - Present\nData engineering with Python, Spark, Airflow, dbt, Snowflake, Kafka.\nSKILLS\nPython, Spark, Airflow, dbt, Snowflake, Kafka';
    const resumes = [
      JUNIOR,
      STRONG,
      'Cy Dee\nDATA ENGINEER\nSKILLS\nPython, Spark, Docker, dbt, Snowflake, Kafka',
      'Di Eve\nData Engineer\nSKILLS\nPython, Spark, Airflow, Docker, Kafka'
    ].map((t) => scoreCandidate(job, parse(t), { referenceDate: REF }));
    const mustIds = job.requirements.filter((r) => r.priority === 'must').map((r) => r.id);
    const verdict = (r: ScoreResult, id: string) => r.requirements.find((x) => x.requirementId === id)!.met;
    const meetsAll = resumes.filter((r) => mustIds.every((id) => verdict(r, id) === 'yes'));
    const missesOne = resumes.filter((r) => mustIds.some((id) => verdict(r, id) === 'no'));
    expect(meetsAll.length).toBeGreaterThan(0);
    expect(missesOne.length).toBeGreaterThan(0);
    expect(verdict(resumes[1], 'skill:docker')).toBe('no'); // the strong-fit candidate misses only the lightest must-have
    for (const a of meetsAll) for (const b of missesOne) expect(a.score).toBeGreaterThan(b.score);
    for (const r of resumes) checkInvariants(r, job);
    // Without it the strong-fit candidate outranks the junior who lists every must-have (the default is mild).
    const mild = { ...job, mustFirst: false };
    const [junior, strong] = [JUNIOR, STRONG].map((t) => scoreCandidate(mild, parse(t), { referenceDate: REF }));
    expect(strong.score).toBeGreaterThan(junior.score);
  });

  it('gives nothing for the job posting pasted into a resume, and flags it', () => {
    const weak = 'Jamie Fox\nSUMMARY\nRetail associate.\nEXPERIENCE\nCashier at Shop Co, 2022 - 2023\nSKILLS\nCustomer service';
    const plain = score(weak);
    const pasted = score(`${weak}\n${JOB.description}`);
    const fifty = score(`${weak}\n${Array.from({ length: 50 }, () => JOB.description).join('\n')}`);
    expect(Math.abs(pasted.score - plain.score)).toBeLessThanOrEqual(1);
    expect(Math.abs(fifty.score - plain.score)).toBeLessThanOrEqual(1);
    expect(pasted.flags.map((f) => f.kind)).toContain('job-text-copied');
    expect(plain.flags).toEqual([]);
  });

  it('scores a stronger resume higher than a weaker one', () => {
    const weak = 'Jamie Fox\nSUMMARY\nRetail associate.\nEXPERIENCE\nCashier at Shop Co, 2022 - 2023\nSKILLS\nCustomer service';
    expect(score(resumeText('Kwame', 'Mensah')).score).toBeGreaterThan(score(weak).score + 30);
  });

  it('drops a part the job gives nothing to judge, instead of scoring it 0', () => {
    const job = parseJob({ title: 'Engineer', description: 'Requirements: Go and SQL.' });
    const r = scoreCandidate(job, parse(resumeText('Kwame', 'Mensah')), { blind: true, referenceDate: REF });
    expect(r.breakdown.nice.weight).toBe(0);
    expect(r.breakdown.must.weight).toBeGreaterThan(0);
    expect(r.requirements.map((x) => x.requirementId).sort()).toEqual(['skill:go', 'skill:sql']);
    checkInvariants(r, job);
  });

  it('rejects a signal that claims value without evidence', () => {
    const liar: Signal = { id: 'liar', label: 'No evidence', defaultWeight: 1, compute: () => ({ id: 'liar', value: 0.5, evidence: [] }) };
    expect(() => scoreCandidate(JOB, parse(resumeText('Kwame', 'Mensah')), { blind: true, signals: [...defaultSignals, liar] })).toThrow(SignalWithoutEvidenceError);
    expect(() => scoreCandidate(JOB, parse(resumeText('Kwame', 'Mensah')), { blind: false, extraSignals: [{ id: 'model', value: 0.9, evidence: [] }] })).toThrow(SignalWithoutEvidenceError);
  });

  it('plugs in a precomputed model signal with its own weight and evidence', () => {
    const text = resumeText('Kwame', 'Mensah');
    const at = text.indexOf('built Go services');
    const extra = { id: 'embedding', value: 0.8, evidence: [{ signalId: 'embedding', span: { start: at, end: at + 17 }, text: 'built Go services' }] };
    const r = scoreCandidate(JOB, parse(text), { blind: true, referenceDate: REF, extraSignals: [extra], extraLabels: { embedding: 'Semantic match' }, weights: { embedding: 0.5 } });
    expect(r.breakdown.embedding).toMatchObject({ label: 'Semantic match', value: 0.8 });
    expect(r.evidence.find((e) => e.signalId === 'embedding')?.span).toEqual({ start: at, end: at + 17 });
    checkInvariants(r);
  });

  it('uses corpus IDF: a rare matching term is worth more than a term every resume has', () => {
    const job = parseJob({ title: 'Engineer', description: 'Requirements: Fortran and teamwork' });
    const rare = parse('SUMMARY\nFortran numerical codes.');
    const common = parse('SUMMARY\nTeamwork matters.');
    const others = Array.from({ length: 8 }, (_, i) => parse(`SUMMARY\nTeamwork and project ${i}.`));
    const corpus = buildCorpusStats([rare, common, ...others]);
    const lexical = (r: typeof rare, withCorpus: boolean) =>
      lexicalSignal.compute({ job, resume: r, corpus: withCorpus ? corpus : undefined, taxonomy: { version: 1, categories: {}, skills: [] }, excluded: excludedText([]) }).value;
    expect(lexical(rare, true)).toBeGreaterThan(lexical(common, true) * 2);
    expect(lexical(rare, false)).toBeCloseTo(lexical(common, false), 1);
  });
});
