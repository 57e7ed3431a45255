/**
 * The lexical (BM25) signal and the skill-coverage signal must agree on what matches a skill requirement:
 * the lexical stemmer folds "Excels" into "excel", but the taxonomy (word boundaries, "Excel" the program
 * only) finds no Excel mention, so the lexical signal must neither score nor show "Excels" as a match.
 */
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/lib/core/job';
import { parseResume } from '../../../src/lib/core/resume';
import { scoreCandidate } from '../../../src/lib/core/score';

const REF = new Date(Date.UTC(2024, 0, 1));
const JOB = parseJob({
  title: 'Financial Analyst',
  description: 'Requirements:\n- Advanced Excel\n- Budget forecasting and variance reports'
});
const RESUME_BODY = `SUMMARY
Analyst who EXCELS_WORD at budget forecasting and variance reports for retail clients.

WORK EXPERIENCE
Financial Analyst at Acme Corp
Jan 2018 - Present
Built monthly variance reports and budget forecasts.

SKILLS
SKILL_LINE`;

function resume(excelsWord: string, skillLine: string): string {
  return `Jordan Lee\n${RESUME_BODY.replace('EXCELS_WORD', excelsWord).replace('SKILL_LINE', skillLine)}`;
}

function scoreOf(text: string) {
  return scoreCandidate(JOB, parseResume(text, { referenceDate: REF }), { blind: false, referenceDate: REF });
}

describe('lexical vs skill signals on a stemmed skill word', () => {
  it('the job has an Excel skill requirement (precondition)', () => {
    expect(JOB.requirements.some((r) => r.kind === 'skill' && r.skill === 'Excel')).toBe(true);
  });

  it('"Excels" is neither lexical evidence nor a lexical match when the skills signal says Excel is missing', () => {
    const text = resume('excels', 'Forecasting, Reporting');
    const result = scoreOf(text);
    const excelReq = result.requirements.find((r) => r.requirementId.startsWith('skill:') && /excel/i.test(r.requirementId));
    expect(excelReq?.met).toBe('no');
    const lexicalEvidence = result.evidence.filter((e) => e.signalId === 'lexical');
    expect(lexicalEvidence.length).toBeGreaterThan(0);
    expect(lexicalEvidence.map((e) => e.text.toLowerCase())).not.toContain('excels');
    // Scored the same as a resume without the word: the stem coincidence earns no lexical credit.
    const without = scoreOf(resume('shines', 'Forecasting, Reporting'));
    expect(result.breakdown.lexical.value).toBeCloseTo(without.breakdown.lexical.value, 10);
  });

  it('a real Excel mention is still lexical evidence and the skills signal agrees', () => {
    const text = resume('excels', 'Microsoft Excel, Forecasting');
    const result = scoreOf(text);
    const excelReq = result.requirements.find((r) => r.requirementId.startsWith('skill:') && /excel/i.test(r.requirementId));
    expect(excelReq?.met).toBe('yes');
    const lexicalTexts = result.evidence.filter((e) => e.signalId === 'lexical').map((e) => e.text);
    expect(lexicalTexts).toContain('Excel');
    expect(lexicalTexts.map((t) => t.toLowerCase())).not.toContain('excels');
  });
});
