/**
 * In-thread implementation of IngestApi on the pure core (the worker exposes exactly this object).
 *
 * Non-goals: pdf.js worker wiring (ingest.worker.ts does it once), persistence.
 */
import { extractText } from '../../src/lib/core/ingest';
import { parseResume } from '../../src/lib/core/resume';
import { scoreCandidate, type RankerWeights, type ScoreOptions } from '../../src/lib/core/score';
import { scoreVariants } from '../../src/lib/core/audit/counterfactual';
import { candidateProfile } from '../../src/lib/core/shortlist';
import { SEMANTIC_SIGNAL_ID } from '../../src/lib/core/embed/semantic';
import { flagInjection } from '../../src/lib/core/llm/untrusted';
import { err, ok } from '../../src/lib/core/result';
import { textDedupeKey } from '../../src/lib/core/text/dedupe-key';
import { MAX_RESUME_TEXT_CHARS, type IngestApi } from './protocol';

/** Version stamp stored with every parse so old parses can be found and re-parsed after parser changes. */
export const INGEST_PARSER_VERSION = 'ingest-5';

/** Turns an unexpected exception into a Result naming the file, so one bad file never stops a batch. */
function unexpected(fileName: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return err({ code: 'internal-error', file: fileName, message: `${fileName}: could not be read (${message})` });
}

/** Breakdown labels of the model signals the page may pass. */
const EXTRA_SIGNAL_LABELS: Record<string, string> = { [SEMANTIC_SIGNAL_ID]: 'Semantic match' };

/** Score options for a family's re-fitted ranker (none: the shipped one). */
function rankerOptions(ranker: RankerWeights | undefined): ScoreOptions {
  // A stored ranker without a cap was fitted before the cap existed: null keeps it uncapped, as it was fitted.
  // Likewise one fitted before the topic signal existed has no weight for it: 0 keeps its combination as fitted.
  return ranker ? { weights: { topic: 0, ...ranker.weights }, mustDominance: ranker.mustDominance, mustCap: ranker.mustCap ?? null } : {};
}

export const ingestApi: IngestApi = {
  async 'file.ingest'({ bytes, fileName, scoreFor }) {
    try {
      const extracted = await extractText(new Uint8Array(bytes), fileName);
      if (!extracted.ok) return extracted;
      const chars = extracted.value.text.length;
      if (chars > MAX_RESUME_TEXT_CHARS) {
        const message = `${fileName}: ${chars.toLocaleString('en')} characters of text is more than a resume can have here (at most ${MAX_RESUME_TEXT_CHARS.toLocaleString('en')}, about 400 pages); split the file or add only the resume`;
        return err({ code: 'text-too-long', file: fileName, message });
      }
      const hasText = !extracted.value.imageOnly && extracted.value.text.trim() !== '';
      // "Present" in the resume means the document's own date when its metadata has one.
      const documentDate = extracted.value.documentDate;
      const resume = hasText ? parseResume(extracted.value.text, documentDate ? { referenceDate: new Date(documentDate) } : {}) : null;
      const score = resume && scoreFor ? scoreCandidate(scoreFor.job, resume, rankerOptions(scoreFor.ranker)) : null;
      // After scoring: the masked re-parse scoring made is reused (prepareBlindResume caches it per resume).
      const profile = resume && scoreFor ? candidateProfile(scoreFor.job, resume) : null;
      const textKey = hasText ? await textDedupeKey(extracted.value.text) : null;
      // Hidden text is already an ingest warning; here only what is visible and aimed at a screener.
      const injectionFlags = hasText ? [...new Set(flagInjection(extracted.value.text).map((f) => f.message))] : [];
      return ok({ extracted: extracted.value, resume, parserVersion: INGEST_PARSER_VERSION, score, profile, textKey, injectionFlags });
    } catch (error) {
      return unexpected(fileName, error);
    }
  },
  async 'text.extract'({ bytes, fileName }) {
    try {
      return await extractText(new Uint8Array(bytes), fileName);
    } catch (error) {
      return unexpected(fileName, error);
    }
  },
  async 'candidates.score'(args) {
    const { job, resumes } = args;
    const extras = args.extraSignals;
    // Model signals are weighted by the ranker in use (the family's re-fit or models/ranker.json), like the default parts.
    return resumes.map((resume, i) => ({
      result: scoreCandidate(job, resume, { ...rankerOptions(args.ranker), extraSignals: extras?.[i], extraLabels: EXTRA_SIGNAL_LABELS }),
      profile: candidateProfile(job, resume)
    }));
  },
  async 'audit.counterfactual'({ job, resumes, referenceDate }) {
    return resumes.map((resume) => scoreVariants(job, resume, { referenceDate: new Date(referenceDate) }));
  }
};
