/**
 * Ranking quality of the default scorer on the UpdatedResumeDataSet (deduplicated): for a handful of
 * categories, a generic job description written for this evaluation ranks all resumes; we measure
 * precision@10 and MRR of same-category resumes against the chance rate (the category's share).
 * Shape legend: returns one row per job plus means; only counts and rates, never resume text.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parseJob } from '../../../src/lib/core/job';
import { parseResume, type ParsedResume } from '../../../src/lib/core/resume';
import { scoreCandidate } from '../../../src/lib/core/score';

/** Generic postings for categories of the dataset (written for this evaluation, not taken from it). */
export const CATEGORY_JOBS: Array<{ category: string; title: string; description: string }> = [
  {
    category: 'Java Developer',
    title: 'Java Developer',
    description: `Requirements\n- 3+ years of experience developing applications in Java\n- Spring Boot, Hibernate, REST APIs, SQL\n- Experience with Maven, Git and Agile teams\nNice to have\n- Microservices, Docker, AWS`
  },
  {
    category: 'Data Science',
    title: 'Data Scientist',
    description: `Requirements\n- Strong Python and SQL; pandas, NumPy, scikit-learn\n- Machine learning, statistics, deep learning and NLP\n- Data visualization (Tableau or Matplotlib)\nPreferred\n- TensorFlow or PyTorch; Master's degree in a quantitative field`
  },
  {
    category: 'HR',
    title: 'HR Executive',
    description: `Requirements\n- 2+ years in recruitment and talent acquisition\n- Onboarding, payroll, employee relations and HR policies\n- Performance management and training coordination\nNice to have\n- HRIS experience; MBA in Human Resources`
  },
  {
    category: 'DevOps Engineer',
    title: 'DevOps Engineer',
    description: `Requirements\n- Linux administration and shell scripting\n- CI/CD with Jenkins; Git\n- Docker and Kubernetes; Ansible or Terraform\n- AWS or Azure cloud\nNice to have\n- Prometheus, Grafana, Python`
  },
  {
    category: 'Advocate',
    title: 'Legal Associate (Advocate)',
    description: `Requirements\n- LLB; enrolled advocate\n- Litigation, legal research and drafting of pleadings and contracts\n- Court appearances, client counselling, case law research\nNice to have\n- Corporate law and intellectual property`
  },
  {
    category: 'Mechanical Engineer',
    title: 'Mechanical Engineer',
    description: `Requirements\n- B.E. in Mechanical Engineering\n- AutoCAD, SolidWorks or CATIA; mechanical design and GD&T\n- Manufacturing processes, maintenance and quality management\nNice to have\n- ANSYS, Six Sigma`
  },
  {
    category: 'Sales',
    title: 'Sales Executive',
    description: `Requirements\n- Sales, business development and lead generation\n- Client relationship and account management, negotiation\n- Meeting targets; cold calling; CRM\nNice to have\n- Retail or B2B sales experience; Excel reporting`
  },
  {
    category: 'Testing',
    title: 'QA Test Engineer',
    description: `Requirements\n- Manual testing: test cases, functional and regression testing\n- Defect tracking in JIRA; SDLC and STLC\n- Selenium automation testing\nNice to have\n- API testing with Postman; SQL`
  },
  {
    category: 'Civil Engineer',
    title: 'Civil Site Engineer',
    description: `Requirements\n- Diploma or B.E. in Civil Engineering\n- Site execution, construction management, quantity surveying and billing\n- AutoCAD, STAAD Pro; structural design\nNice to have\n- Primavera, Revit`
  },
  {
    category: 'Health and fitness',
    title: 'Fitness Trainer',
    description: `Requirements\n- Personal training, strength training and exercise programming\n- Nutrition and diet planning\n- CPR and first aid certified\nNice to have\n- Yoga; physiotherapy or rehabilitation background`
  }
];

export interface RankingRow {
  category: string;
  relevant: number;
  chance: number;
  precisionAt10: number;
  mrr: number;
}

export function loadUniqueResumes(file: string): Array<{ category: string; resume: ParsedResume }> {
  const rows = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const byText = new Map<string, string>();
  for (const r of rows) if (r.Resume && !byText.has(r.Resume)) byText.set(r.Resume, r.Category);
  const ref = new Date(Date.UTC(2020, 0, 1));
  return [...byText].map(([text, category]) => ({ category, resume: parseResume(text, { referenceDate: ref }) }));
}

/** Rank every resume for every category job (scored on masked text, background IDF) and measure P@10 and MRR. */
export function evaluateRanking(candidates: Array<{ category: string; resume: ParsedResume }>): { rows: RankingRow[]; meanP10: number; meanMrr: number; meanChance: number } {
  const ref = new Date(Date.UTC(2020, 0, 1));
  const rows = CATEGORY_JOBS.map((j) => {
    const job = parseJob({ title: j.title, description: j.description });
    const ranked = candidates
      .map((c, i) => ({ i, category: c.category, score: scoreCandidate(job, c.resume, { referenceDate: ref }).score }))
      .sort((a, b) => b.score - a.score || a.i - b.i);
    const relevant = candidates.filter((c) => c.category === j.category).length;
    const firstHit = ranked.findIndex((r) => r.category === j.category);
    return {
      category: j.category,
      relevant,
      chance: relevant / candidates.length,
      precisionAt10: ranked.slice(0, 10).filter((r) => r.category === j.category).length / 10,
      mrr: firstHit >= 0 ? 1 / (firstHit + 1) : 0
    };
  });
  const mean = (k: keyof RankingRow) => rows.reduce((a, r) => a + (r[k] as number), 0) / rows.length;
  return { rows, meanP10: mean('precisionAt10'), meanMrr: mean('mrr'), meanChance: mean('chance') };
}
