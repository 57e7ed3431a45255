/**
 * Counterfactual suite: the same resumes under names of several origins and genders, names that are skills
 * (Jenkins, Kafka, Cassandra, Ruby, Julia, Rust, Swift, Hudson, Helm), pronouns, ages and home addresses of
 * ten countries (tests/fixtures/counterfactual.ts). In blind mode every variant must get exactly the base
 * identity's score and rank, for a DevOps job whose requirements are those skills and for a data job.
 * Before issue 10's masking fix, a candidate named Jenkins lost points here and addresses moved ranks.
 */
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/lib/core/job';
import { parseResume, type ParsedResume } from '../../../src/lib/core/resume';
import { scoreCandidate } from '../../../src/lib/core/score';
import { VARIANTS, withIdentity } from '../../fixtures/counterfactual';
import { pick } from '../../fixtures/synthetic-contacts';
import { seededRandom } from '../../../training-node/src/data/random';

const REF = new Date(Date.UTC(2024, 0, 1));
const JOBS = [
  parseJob({
    title: 'DevOps Engineer',
    description: 'Requirements:\n- 3+ years running CI/CD with Jenkins\n- Kafka and Cassandra in production\n- Docker, Kubernetes and Terraform\n- Scripting in Ruby, Python or Rust\nNice to have\n- Helm, Swift, Julia'
  }),
  parseJob({ title: 'Data Analyst', description: 'Requirements:\n- SQL and Python\n- 2+ years of reporting experience\n- Tableau or Power BI\nNice to have\n- Julia or R' })
];

const ROLES = ['DevOps Engineer', 'Data Analyst', 'Backend Developer', 'Site Reliability Engineer', 'Accountant', 'QA Engineer'];
const SKILLS = ['Docker', 'Kubernetes', 'Terraform', 'AWS', 'Python', 'SQL', 'Tableau', 'Power BI', 'Excel', 'Go', 'Java', 'Ansible', 'Linux', 'Selenium'];

/** Forty anonymous resume bodies of mixed roles, skills and tenure. */
function bodies(n: number): string[] {
  const r = seededRandom(2024);
  return Array.from({ length: n }, (_, i) => {
    const skills = SKILLS.filter(() => r() < 0.4);
    const start = 2008 + Math.floor(r() * 12);
    return [
      'SUMMARY',
      `${pick(r, ROLES)} focused on reliable delivery.`,
      '',
      'SKILLS',
      skills.join(', ') || 'Excel',
      '',
      'EXPERIENCE',
      `${pick(r, ROLES)}, Company ${i}    Jan ${start} – Dec 2023`,
      `- Worked with ${skills.slice(0, 3).join(' and ') || 'spreadsheets'} on ${2 + Math.floor(r() * 30)} projects.`,
      '',
      'EDUCATION',
      `${pick(r, ['B.Sc. in Computer Science', 'B.Com', 'B.Tech in Information Technology', 'MBA'])}, ${start - 1}`
    ].join('\n');
  });
}

const parse = (text: string) => parseResume(text, { referenceDate: REF });

describe('blind scores and ranks do not depend on identity', () => {
  const pool = bodies(40);
  const base = pool.map((b) => parse(withIdentity(b, VARIANTS[0].identity)));
  const score = (jobIndex: number, resume: ParsedResume) => scoreCandidate(JOBS[jobIndex], resume, { referenceDate: REF }).score;
  const baseScores = JOBS.map((_, j) => base.map((r) => score(j, r)));
  const rankAmongBase = (j: number, doc: number, s: number) => 1 + baseScores[j].filter((x, k) => k !== doc && x > s).length;

  // Every tenth resume of the pool under every variant (42 identities × 4 resumes × 2 jobs).
  const sample = [0, 10, 20, 30];
  describe.each(['name', 'skill-name', 'pronoun', 'age', 'address'] as const)('%s', (dimension) => {
    it('gives every variant exactly the base score and rank', () => {
      const variants = VARIANTS.filter((v) => v.dimension === dimension);
      expect(variants.length).toBeGreaterThan(1);
      for (const doc of sample) {
        for (const v of variants) {
          const resume = parse(withIdentity(pool[doc], v.identity));
          JOBS.forEach((_, j) => {
            const s = score(j, resume);
            expect(s, `${v.label} on resume ${doc}, job ${j}`).toBe(baseScores[j][doc]);
            expect(rankAmongBase(j, doc, s)).toBe(rankAmongBase(j, doc, baseScores[j][doc]));
          });
        }
      }
    });
  });

  it('scores a candidate named after the skills the same as anyone, and the skills still count', () => {
    // Without "Hudson" (an alias of Jenkins in the taxonomy), only the word Jenkins can meet that requirement.
    const text = (given: string, family: string) => withIdentity(pool[0], { ...VARIANTS[0].identity, given, family }).replace(', Hudson', '');
    const blindScore = (t: string) => scoreCandidate(JOBS[0], parse(t), { referenceDate: REF });
    const result = blindScore(text('Alex', 'Jenkins'));
    expect(result.score).toBe(blindScore(text('Emily', 'Whitfield')).score);
    const met = result.requirements.filter((r) => r.met !== 'no').map((r) => r.requirementId).join(' ');
    expect(met).toMatch(/jenkins/i);
    expect(met).toMatch(/kafka/i);
  });
});
