/**
 * The candidate screen's state (runes class): the stored detail, its job, the blind-mode masks of the
 * extracted text, the evidence spans to highlight, and the breakdown point or requirement whose evidence the
 * recruiter asked to see (its spans in the text, its passages for the PDF). Loads through repositories; never
 * writes.
 * Non-goals: actions (services), rendering the PDF (PdfViewer).
 */
import { maskText } from '../core/mask';
import { getCandidateDetail, getJob, type CandidateDetail, type JobRecord } from '../db';
import type { HighlightSpan, MaskSpan } from '../components/candidate/segments';
import { pdfTarget } from '../components/candidate/pdf-match';
import { requirementLabel } from './requirements';
import { focusedEvidence, type EvidenceFocus } from './score-view';

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

  /** The breakdown point or requirement whose evidence is shown (null: none picked). */
  focus = $state<EvidenceFocus | null>(null);
  /** Counts requests to show evidence, so picking the same one again scrolls to it again. */
  focusRequest = $state(0);
  private focusedEvidence = $derived(focusedEvidence(this.detail?.score?.result, this.job?.job, this.focus));
  /** The picked evidence as spans of `text`, labelled with what they back. */
  focusedSpans = $derived<HighlightSpan[]>(this.focusedEvidence.map((e) => ({ start: e.span.start, end: e.span.end, label: this.focus?.label ?? '' })));
  /** The picked evidence as passages to find on the rendered PDF. */
  pdfTargets = $derived(this.focusedEvidence.map((e) => pdfTarget(this.text, e.span.start, e.span.end)));

  /** Shows the evidence of a breakdown point or requirement. */
  show(focus: EvidenceFocus): void {
    this.focus = focus;
    this.focusRequest++;
  }

  /** Loads (or reloads) the candidate and its job; false when the candidate is gone. */
  async load(): Promise<boolean> {
    const [detail, job] = await Promise.all([getCandidateDetail(this.candidateId), getJob(this.jobId)]);
    this.detail = detail;
    this.job = job;
    this.loaded = true;
    return detail !== undefined;
  }
}
