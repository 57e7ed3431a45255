/**
 * The candidate screen's state (runes class): the stored detail, its job, the blind-mode masks of the
 * extracted text and the evidence spans to highlight. Loads through repositories; never writes.
 * Non-goals: actions (services), rendering the PDF (PdfViewer).
 */
import { maskText } from '../core/mask';
import { getCandidateDetail, getJob, type CandidateDetail, type JobRecord } from '../db';
import type { HighlightSpan, MaskSpan } from '../components/candidate/segments';
import { requirementLabel } from './requirements';

/** Blind-mode masks over `text` (empty when blind mode is off). */
export function blindMasks(text: string, knownName: string, blind: boolean): MaskSpan[] {
  if (!blind || !text) return [];
  const result = maskText(text, { profile: 'blind', knownNames: knownName ? [knownName] : [] });
  return result.masks.map((m) => ({ start: m.start, end: m.end, placeholder: m.placeholder }));
}

/** Evidence of a score as highlight spans labelled with the requirement (or signal) they back. */
export function evidenceSpans(detail: CandidateDetail | undefined, job: JobRecord | undefined): HighlightSpan[] {
  const evidence = detail?.score?.result.evidence ?? [];
  const requirements = new Map((job?.job.requirements ?? []).map((r) => [r.id, requirementLabel(r)]));
  return evidence.map((e) => ({
    start: e.span.start,
    end: e.span.end,
    label: (e.requirementId && requirements.get(e.requirementId)) || e.signalId
  }));
}

export class CandidateViewState {
  // Raw (not deeply proxied): the detail holds whole texts and span arrays, replaced on each load.
  detail = $state.raw<CandidateDetail | undefined>(undefined);
  job = $state.raw<JobRecord | undefined>(undefined);
  loaded = $state(false);
  blind = $state(true);

  constructor(
    readonly jobId: string,
    readonly candidateId: string
  ) {}

  /** The text evidence spans index: the parsed resume's own text (else the raw extraction). */
  text = $derived(this.detail?.parse?.resume?.text ?? this.detail?.parse?.extracted.text ?? '');
  masks = $derived(blindMasks(this.text, this.detail?.candidate.name ?? '', this.blind));
  evidence = $derived(evidenceSpans(this.detail, this.job));

  /** Loads (or reloads) the candidate and its job; false when the candidate is gone. */
  async load(): Promise<boolean> {
    const [detail, job] = await Promise.all([getCandidateDetail(this.candidateId), getJob(this.jobId)]);
    this.detail = detail;
    this.job = job;
    this.loaded = true;
    return detail !== undefined;
  }
}
