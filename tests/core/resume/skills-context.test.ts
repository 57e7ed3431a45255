/**
 * matchSkills on ambiguous names: each name the issue lists (EMR, Epic, Go, R, C, Swift, Rust, Ruby, Julia, Chef,
 * Puppet, Spark, the Office programs, Oracle, Sage, Tally, Jenkins/Cassandra/Kafka, "production", dbt/DBT) in a
 * sentence where it is the skill and one where it is not; the spelling variants recruiters rely on; boundaries
 * (slashes, URLs, longest name first); the rule mechanics on a small hand-made taxonomy; and parseJob no longer
 * inventing requirements from a posting's ordinary words.
 */
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/lib/core/job';
import { matchSkills, segmentSections } from '../../../src/lib/core/resume';
import type { SkillsTaxonomy } from '../../../src/lib/core/resume/types';

const skillsIn = (text: string, taxonomy?: SkillsTaxonomy) => new Set(matchSkills(text, segmentSections(text), taxonomy).map((m) => m.skill));

/** [text, skills that must be found, skills that must not]. */
type Case = [string, string[], string[]];

function check(cases: Case[]) {
  for (const [text, yes, no] of cases) {
    const found = skillsIn(text);
    for (const s of yes) expect(found.has(s), `"${text}" should mention ${s}; found ${[...found].join(', ')}`).toBe(true);
    for (const s of no) expect(found.has(s), `"${text}" should not mention ${s}`).toBe(false);
  }
}

const EHR = 'Electronic Health Records';
const AWS = 'Amazon Web Services';

describe('ambiguous names settled by context', () => {
  it('EMR: the medical record near patients and hospitals, Amazon EMR near Spark and S3', () => {
    check([
      ['Charted patient assessments in the EMR at a 300-bed hospital.', [EHR], [AWS]],
      ['Ran PySpark jobs on EMR clusters and stored the results in S3.', [AWS], [EHR]],
      ['Migrated EMR to a new version last year.', [], [EHR, AWS]]
    ]);
  });

  it('Epic: the health record system, not an agile epic or the adjective', () => {
    check([
      ['Documented care in Epic and Cerner as a charge nurse on a surgical unit.', [EHR], []],
      ['Groomed the backlog and split each Epic into user stories in Jira.', ['JIRA'], [EHR]],
      ['It was an epic journey across three continents.', [], [EHR]]
    ]);
  });

  it('Go, R and C: programming languages only among other technical skills', () => {
    check([
      ['Languages: Go, Python, SQL', ['Go', 'Python'], []],
      ['Built microservices in Go with gRPC and PostgreSQL.', ['Go'], []],
      ['Skills\nGo the extra mile for every customer, customer service', ['Customer Service'], ['Go']],
      ['Statistical analysis in R and SAS for clinical trials.', ['R'], []],
      ['Skills: R&D budgeting, vendor management', [], ['R']],
      ['Wrote firmware in C for ARM microcontrollers.', ['C'], []],
      ['Environment: C, Linux', ['C', 'Linux'], []],
      ['Skills: Class C license, forklift operation', [], ['C']],
      ['Skills: book, C, counseling, CPR', ['CPR'], ['C']],
      ['Wrote C++ and C# services.', ['C++', 'C#'], ['C']]
    ]);
  });

  it('Swift, Rust, Ruby, Julia: languages near code, not banking messages, corrosion or people', () => {
    check([
      ['Built iOS apps in Swift and Objective-C.', ['Swift'], ['SWIFT Messaging']],
      ['Processed SWIFT payments and wire transfers for correspondent banks.', ['SWIFT Messaging'], ['Swift']],
      ['Systems programming in Rust with tokio.', ['Rust'], []],
      ['Rust removal, sanding and painting of vehicles.', [], ['Rust']],
      ['Web apps with Ruby and RSpec; Ruby on Rails.', ['Ruby', 'Ruby on Rails'], []],
      ['Ruby Martinez\nSales Associate', [], ['Ruby']],
      ['Numerical computing in Julia and Python.', ['Julia', 'Python'], []],
      ['Julia Roberts\nOffice Manager', [], ['Julia']]
    ]);
  });

  it('Chef and Puppet: configuration tools, not a cook or a puppet show', () => {
    check([
      ['Configuration management with Chef and Ansible.', ['Chef', 'Ansible'], []],
      ['Sous chef, then Chef de partie in a busy restaurant kitchen.', [], ['Chef']],
      ['Skills: Chef, menu planning, food safety', ['Menu Planning', 'Food Safety'], ['Chef']],
      ['Puppet, Ansible and Terraform for infrastructure.', ['Puppet'], []],
      ['Ran Puppet shows for children at the public library.', [], ['Puppet']]
    ]);
  });

  it('Spark: Apache Spark near data tools, not sparking creativity or spark plugs', () => {
    check([
      ['Spark and Hadoop pipelines for the data lake.', ['Apache Spark', 'Hadoop'], []],
      ['Spark creativity and curiosity in the classroom.', [], ['Apache Spark']],
      ['Replaced Spark plugs and ignition coils.', [], ['Apache Spark']]
    ]);
  });

  it('Excel, Access, Word, Outlook, Project, Teams: the programs, not the words', () => {
    check([
      ['Proficient in Microsoft Word, Excel, Access and Outlook.', ['Microsoft Word', 'Excel', 'Microsoft Access', 'Outlook'], []],
      ['Computer skills: Word, Excel, PowerPoint', ['Microsoft Word', 'Excel', 'PowerPoint'], []],
      ['Excel at building relationships with customers.', [], ['Excel']],
      ['Access to patient records was restricted.', [], ['Microsoft Access']],
      ['Positive Outlook and a strong work ethic.', ['Work Ethic'], ['Outlook']],
      ['Word of mouth brought most referrals.', [], ['Microsoft Word']],
      ['Managed the project budget; tracked tasks in MS Project.', ['Microsoft Project'], []],
      ['Teams of five engineers reported to me.', [], ['Microsoft Teams']],
      ['Met clients over Teams, Zoom and Slack.', ['Microsoft Teams', 'Zoom'], []]
    ]);
  });

  it('Oracle: the database near SQL, the ERP near SAP and ledgers, neither as a company name', () => {
    check([
      ['Tuned Oracle queries and schemas as the DBA.', ['Oracle Database'], ['Oracle EBS']],
      ['Month-end close in Oracle and SAP general ledger.', ['Oracle EBS'], ['Oracle Database']],
      ['Sold to Oracle and Microsoft as key accounts.', [], ['Oracle Database', 'Oracle EBS']]
    ]);
  });

  it('Sage and Tally: accounting software, not advice or a count', () => {
    check([
      ['Bookkeeping in Sage and QuickBooks.', ['Sage', 'QuickBooks'], []],
      ['Skills: Tally, GST returns, MS Excel', ['Tally'], []],
      ['Gave Sage advice to new hires.', [], ['Sage']],
      ['Kept a Tally of daily orders.', [], ['Tally']]
    ]);
  });

  it('Jenkins, Cassandra, Kafka: tools beside other tools, not names of people', () => {
    check([
      ['Built CI pipelines in Jenkins with Maven and Docker.', ['Jenkins'], []],
      ['Ran Cassandra and MongoDB clusters.', ['Cassandra'], []],
      ['Event streaming with Kafka and Flink.', ['Kafka'], []],
      ['References: Mary Jenkins, Office Manager, City Hospital', [], ['Jenkins']],
      ['Cassandra Lee\nCustomer Service Representative', ['Customer Service'], ['Cassandra']],
      ['Read Kafka and Camus in a book club.', [], ['Kafka']]
    ]);
  });

  it('"production" is no skill on its own; production lines, planning and video production are', () => {
    check([
      ['Production experience with AWS and Kubernetes.', [AWS, 'Kubernetes'], ['Manufacturing', 'Production Planning']],
      ['Supervised the production line and machine setup.', ['Manufacturing'], []],
      ['Production planning and scheduling for two plants.', ['Production Planning'], []],
      ['Video production and editing for YouTube.', ['Video Production'], ['Manufacturing']]
    ]);
  });

  it('dbt the data tool versus DBT the therapy', () => {
    check([
      ['Modeled the warehouse with dbt and Snowflake.', ['dbt', 'Snowflake'], ['Dialectical Behavior Therapy']],
      ['Led DBT skills groups for clients with trauma histories.', ['Dialectical Behavior Therapy'], ['dbt']]
    ]);
  });

  it('ordinary words are not skills', () => {
    const found = skillsIn('We value communication, management and production experience with great data and engineers.');
    expect([...found]).toEqual([]);
  });
});

describe('spelling variants and boundaries', () => {
  it('finds the aliases recruiters and candidates write', () => {
    check([
      ['A/P, AP processing and Accounts Payable', ['Accounts Payable'], []],
      ['Handled AP/AR for three entities.', ['Accounts Payable', 'Accounts Receivable'], []],
      ['Registered Nurse (RN), BLS and ACLS certified', ['Registered Nurse', 'BLS', 'ACLS'], []],
      ['ServSafe certified line cook', ['ServSafe', 'Line Cooking'], []],
      ['FAA A&P license; Airframe and Powerplant mechanic', ['A&P License'], []],
      ['Passed A&P I and II coursework in nursing school.', [], ['A&P License']],
      ['Quickbooks Online and QBO payroll', ['QuickBooks', 'Payroll'], []],
      ['Led month end close and month-end closing.', ['Month-End Close'], []],
      ['Managed F & B service for banquets.', ['Food and Beverage Service'], []]
    ]);
  });

  it('reads names joined by slashes but not inside URLs and paths', () => {
    check([
      ['HTML/CSS/JavaScript and Word/Excel', ['HTML', 'CSS', 'JavaScript', 'Microsoft Word', 'Excel'], []],
      ['Portfolio: github.com/jdoe/python-scripts', [], ['Python']]
    ]);
  });

  it('prefers the longest name at a position', () => {
    const mentions = matchSkills('JavaScript, Ruby on Rails and data warehouse design', []);
    expect(mentions.map((m) => m.alias)).toEqual(['JavaScript', 'Ruby on Rails', 'data warehouse']);
  });
});

describe('context rules on a small taxonomy', () => {
  const taxonomy: SkillsTaxonomy = {
    version: 1,
    categories: { tools: 'Tools', food: 'Food' },
    skills: [
      { name: 'Hammer', category: 'tools', aliases: [] },
      { name: 'Saw', category: 'tools', aliases: [] },
      { name: 'Widget', category: 'tools', aliases: ['WG'], rules: [{ nearCategories: ['tools'], notFollowedBy: ['#number', 'soup'], caseSensitive: true }] },
      { name: 'Gizmo', category: 'tools', aliases: [], rules: [{ near: ['workshop'], skillsContext: true }] },
      { name: 'Broth', category: 'food', aliases: ['Widget soup'] }
    ]
  };

  it('confirms a rule-covered name by a nearby unambiguous skill of a listed category', () => {
    expect(skillsIn('Used a Hammer and a Widget daily.', taxonomy).has('Widget')).toBe(true);
    expect(skillsIn('A Widget, nothing else.', taxonomy).has('Widget')).toBe(false);
  });

  it('rules a name out by the next word, "#number" standing for any number, and by the wrong case', () => {
    expect(skillsIn('Hammer, Widget 2019 edition', taxonomy).has('Widget')).toBe(false);
    expect(skillsIn('Hammer and widget', taxonomy).has('Widget')).toBe(false);
    expect(skillsIn('Hammer and WIDGET', taxonomy).has('Widget')).toBe(true);
    // A longer name wins before the veto is consulted.
    expect(skillsIn('Hammer, Widget soup', taxonomy)).toEqual(new Set(['Hammer', 'Broth']));
  });

  it('counts a skills context only where the rule says so', () => {
    expect(skillsIn('Skills: Gizmo', taxonomy).has('Gizmo')).toBe(true);
    expect(skillsIn('Skills: Widget', taxonomy).has('Widget')).toBe(false);
    expect(skillsIn('Built a Gizmo in the workshop.', taxonomy).has('Gizmo')).toBe(true);
    expect(skillsIn('Built a Gizmo at home.', taxonomy).has('Gizmo')).toBe(false);
  });
});

describe('parseJob no longer invents requirements from ordinary words', () => {
  it('reads AWS EMR and "production experience" for what they are', () => {
    const job = parseJob({
      title: 'Data Engineer',
      description: 'Requirements\n- Production experience with AWS (EMR, S3) and Spark\n- Strong SQL and dbt\n- Communication and teamwork'
    });
    const skills = new Set(job.requirements.filter((r) => r.kind === 'skill').map((r) => r.skill));
    for (const s of [AWS, 'Apache Spark', 'SQL', 'dbt']) expect(skills.has(s), s).toBe(true);
    for (const s of [EHR, 'Manufacturing', 'Production Planning']) expect(skills.has(s), s).toBe(false);
  });
});
