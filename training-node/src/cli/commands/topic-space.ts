/**
 * `training-node topic-space <folders or files...> --out topic-space.json [--dims 64] [--min-df 5]`: the
 * scorer's topic space (latent semantic analysis of resume vocabulary, src/lib/core/score/topic) rebuilt
 * from an organisation's own resumes, read and masked exactly as the app does. Written atomically (temp file,
 * then rename); the app reads it as models/topic-space.json.
 * Non-goals: the decomposition itself (training-node/src/topic/build.ts).
 */
import { parseResume } from '../../../../src/lib/core/resume';
import { buildTopicSpace, documentTerms } from '../../topic/build';
import { DataInputError } from '../../data/read';
import { numberFlag, parseFlags, stringFlag, UsageError } from '../args';
import { readResumeFile } from '../io';
import { resumeFiles, writeJsonAtomic } from './ranker';

export const TOPIC_SPACE_SUMMARY = "the scorer's topic space (field vocabulary) from a folder of resumes (masked)";

export const TOPIC_SPACE_HELP = `training-node topic-space <folders or files...> --out <topic-space.json> [--dims 64] [--min-df 5]

Reads every .pdf, .docx and .txt under the given folders (recursively) with the app's own ingestion, masks
each resume as the scorer does, and builds a latent semantic space of its vocabulary (tf-idf, seeded
randomised SVD, --dims directions), with the background mean and covariance the topic signal compares each
resume against. Terms in fewer than --min-df resumes are left out, so no rare, identifying token is written.
Unreadable files are listed on stderr and skipped. The output replaces the app's models/topic-space.json.`;

/** Runs `topic-space` with argv (after the command name). */
export async function runTopicSpace(argv: readonly string[]): Promise<number> {
  const { flags, positionals } = parseFlags('topic-space', argv, { 'min-df': { type: 'string' }, dims: { type: 'string' } });
  if (flags.help) return void process.stdout.write(`${TOPIC_SPACE_HELP}\n`), 0;
  const out = stringFlag(flags, 'out');
  if (!out) throw new UsageError('topic-space: --out <file.json> is required. See training-node topic-space --help');
  if (positionals.length === 0) throw new UsageError('topic-space: name at least one folder or file of resumes');
  const minDocFreq = numberFlag(flags, 'min-df', 5, 1, 1000);
  const dims = numberFlag(flags, 'dims', 64, 2, 512);
  const docs = [];
  let skipped = 0;
  for (const f of await resumeFiles(positionals)) {
    const r = await readResumeFile(f);
    if (!r.ok) {
      skipped++;
      process.stderr.write(`topic-space: skipped ${r.message}\n`);
      continue;
    }
    docs.push(documentTerms(parseResume(r.text)));
  }
  if (docs.length === 0) throw new DataInputError(positionals.join(', '), undefined, 'no-documents', 'no readable resume found');
  const { file } = buildTopicSpace(docs, {
    dims,
    minDocFreq,
    comment: `Topic space of the scorer's field-vocabulary signal (src/lib/core/score/topic, signals/topic.ts): latent semantic analysis of the MASKED text of ${docs.length} resumes (tf-idf rows, seeded randomised SVD, ${dims} directions; each term's row holds its idf and is stored as int8 with one scale), with the mean and covariance of those resumes' unit vectors as the fixed background every job is compared against. Terms in fewer than ${minDocFreq} resumes left out. Written by training-node topic-space.`
  });
  await writeJsonAtomic(out, file);
  process.stderr.write(`topic-space: ${docs.length} resumes (${skipped} skipped), ${file.terms.length} terms, ${dims} directions → ${out}\n`);
  return 0;
}
