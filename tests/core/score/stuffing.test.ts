/**
 * Keyword stuffing earns nothing and is flagged: the job pasted once or fifty times, the job's terms as a bare
 * list (in order, shuffled, or its requirement labels alone), and the job hidden in a real PDF or DOCX, each
 * gains at most one point over the same weak resume; an honest resume whose skills section matches the job is
 * neither flagged nor stripped of its skills; real kaggle resumes raise no stuffing flag (skipped without ../shared).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../src/lib/core/ingest';
import { parseJob, type Job } from '../../../src/lib/core/job';
import { jobFromText } from '../../../src/lib/core/job/job-text';
import { flagInjection } from '../../../src/lib/core/llm/untrusted';
import { parseResume } from '../../../src/lib/core/resume';
import { scoreCandidate, type ScoreResult } from '../../../src/lib/core/score';
import categoryJobs from '../../../eval/jobs/categories.json';
import { DOCX_HIDINGS, keywordList, PDF_HIDINGS, resumeDocx, resumePdf, TEXT_STUFFINGS, textStuffings } from '../../fixtures/stuffed-documents';

const REF = new Date(Date.UTC(2020, 0, 1));
const pdfRoot = path.resolve(__dirname, '../../../../shared/data/kaggle_resume_pdfs/data');
const hasShared = fs.existsSync(pdfRoot);
if (!hasShared) console.warn(`[skip] real-resume stuffing flags: ${pdfRoot} not found`);

/** A category job of the harness, read the way `shortlist screen --job` reads a file. */
function categoryJob(category: string, form: 'paragraph' | 'sectioned'): { job: Job; text: string } {
  const text = categoryJobs.jobs.find((j) => j.category === category)![form];
  const t = jobFromText(text)!;
  return { job: parseJob({ title: t.title, description: t.description }), text };
}

const score = (job: Job, text: string): ScoreResult => scoreCandidate(job, parseResume(text, { referenceDate: REF }), { referenceDate: REF });
const kinds = (r: ScoreResult) => r.flags.map((f) => f.kind);

const WEAK = [
  'Sam Cook\nLine Cook\nEXPERIENCE\nLine Cook, Diner Co, City, State\nJan 2015 - Dec 2019\nPrepared soups, sauces and salads for a busy lunch service.\nSKILLS\nFood safety, knife skills',
  'Jamie Fox\nSUMMARY\nRetail associate.\nEXPERIENCE\nCashier at Shop Co, 2016 - 2019\nServed customers and balanced the till.\nSKILLS\nCustomer service'
];
const JOBS = [categoryJob('ACCOUNTANT', 'paragraph'), categoryJob('INFORMATION-TECHNOLOGY', 'sectioned'), categoryJob('ADVOCATE', 'paragraph')];

describe('stuffed text earns nothing', () => {
  for (const { job, text: jobText } of JOBS) {
    for (const kind of TEXT_STUFFINGS) {
      it(`${job.title}: ${kind} gains at most one point and is flagged`, () => {
        for (const weak of WEAK) {
          const before = score(job, weak);
          const after = score(job, textStuffings(weak, job, jobText)[kind]);
          expect(after.score - before.score, `${kind} on "${weak.split('\n')[0]}"`).toBeLessThanOrEqual(1);
          expect(kinds(after)).toContain(kind.startsWith('paste') ? 'job-text-copied' : 'keyword-stuffing');
          expect(kinds(before)).toEqual([]);
        }
      });
    }
  }
});

describe('stuffing hidden in real documents earns nothing', () => {
  const { job, text: jobText } = JOBS[0];
  const lines = WEAK[0].split('\n');
  const payload = [...jobText.split('\n'), ...keywordList(job)];
  const read = async (bytes: Uint8Array, name: string) => {
    const r = await extractText(bytes, name);
    if (!r.ok) throw new Error(r.error.message);
    return { result: score(job, r.value.text), hidden: flagInjection(r.value.text, r.value.hidden).some((f) => f.kind === 'hidden-text') };
  };
  const documents: Array<[string, (withPayload: boolean) => Uint8Array]> = [
    ...PDF_HIDINGS.map((hiding): [string, (p: boolean) => Uint8Array] => [`${hiding}.pdf`, (p) => resumePdf(lines, p ? { lines: payload, hiding } : undefined)]),
    ...DOCX_HIDINGS.map((hiding): [string, (p: boolean) => Uint8Array] => [`${hiding}.docx`, (p) => resumeDocx(lines, p ? { lines: payload, hiding } : undefined)])
  ];
  for (const [name, render] of documents) {
    it(name, async () => {
      const before = await read(render(false), name);
      const after = await read(render(true), name);
      expect(after.result.score - before.result.score).toBeLessThanOrEqual(1);
      expect([before.hidden, after.hidden]).toEqual([false, true]);
    });
  }
});

describe('honest resumes are not flagged', () => {
  it('keeps a skills section that names most of the job’s skills, and its credit', () => {
    const { job } = JOBS[0];
    const body =
      'Dana Reyes\nStaff Accountant\nEXPERIENCE\nStaff Accountant, Acme Corp, City, State\nJan 2014 - Dec 2019\n' +
      'Closed the books each month, posted journal entries and reconciled bank accounts.\nEDUCATION\nBachelor of Science in Accounting, State University, 2013';
    const skills = '\nSKILLS\nAccounts Payable, Accounts Receivable, General Ledger, Month-End Close, Account Reconciliation, GAAP, QuickBooks, Excel, Payroll, Auditing';
    const without = score(job, body);
    const honest = score(job, body + skills);
    expect(kinds(honest)).toEqual([]);
    expect(honest.score).toBeGreaterThan(without.score + 5);
  });

  it('keeps a long skills list for a job that names twenty skills, with the degree under it', () => {
    const skills = ['Python', 'Django', 'Flask', 'PostgreSQL', 'MySQL', 'Redis', 'Docker', 'Kubernetes', 'AWS', 'Terraform', 'Ansible', 'Jenkins', 'Git', 'Linux', 'Bash', 'React', 'TypeScript', 'GraphQL', 'Kafka', 'Spark', 'Airflow', 'Scala'];
    const job = parseJob({ title: 'Platform Engineer', description: `Requirements:\n- ${skills.join(', ')}\n- Bachelor's degree in Computer Science` });
    // The candidate lists twenty of them in an order of their own, then their degree.
    const listed = [...skills.slice(0, 20)].sort();
    const honest = score(job, `Ana Ruiz\nPlatform Engineer\nEXPERIENCE\nPlatform Engineer, Acme Corp, Jan 2016 - Dec 2019\nRan the build and deploy systems.\nSKILLS\n${listed.join(', ')}\nEDUCATION\nBachelor's degree in Computer Science, State University, 2015`);
    expect(kinds(honest)).toEqual([]);
    expect(honest.requirements.filter((r) => r.met === 'yes').length).toBeGreaterThanOrEqual(20);
    // The same job's own words as a list are still a block.
    const stuffed = score(job, `${WEAK[0]}\n\n${keywordList(job).join('\n')}`);
    expect(kinds(stuffed)).toContain('keyword-stuffing');
  });

  it.skipIf(!hasShared)('raises no stuffing flag on real resumes of the job’s own category', async () => {
    // Extracting PDFs is slow, so this reads 8 per category through extractText (the same path as the product).
    const picked = ['ACCOUNTANT', 'INFORMATION-TECHNOLOGY', 'ADVOCATE'].flatMap((c) =>
      fs.readdirSync(path.join(pdfRoot, c)).filter((f) => f.endsWith('.pdf')).sort().slice(0, 8).map((f) => ({ c, file: path.join(pdfRoot, c, f) }))
    );
    const jobs = { ACCOUNTANT: JOBS[0].job, 'INFORMATION-TECHNOLOGY': JOBS[1].job, ADVOCATE: JOBS[2].job } as Record<string, Job>;
    let checked = 0;
    for (const { c, file } of picked) {
      const r = await extractText(new Uint8Array(fs.readFileSync(file)), path.basename(file));
      if (!r.ok || r.value.imageOnly) continue;
      const flags = kinds(score(jobs[c], r.value.text)).filter((k) => k === 'keyword-stuffing' || k === 'job-text-copied');
      expect(flags, `${c}/${path.basename(file)}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
