/**
 * Live progress of ingest batches, per job (runes singleton read by the progress bar), and how many dropped files
 * are not yet stored on this device (the pending-files notice and the leave-page warning read it).
 * Non-goals: the persistent queue (db batchItems is the source of truth after a reload).
 */
export interface IngestProgress {
  total: number;
  done: number;
  failed: number;
  duplicates: number;
  phase: 'idle' | 'reading' | 'scoring';
}

const idle: IngestProgress = { total: 0, done: 0, failed: 0, duplicates: 0, phase: 'idle' };

class IngestState {
  byJob = $state<Record<string, IngestProgress>>({});
  /** Per job: files dropped in this page and not yet stored in IndexedDB (lost if the page closes now). */
  pendingByJob = $state<Record<string, number>>({});

  /** Files of `jobId` not yet stored. */
  pending(jobId: string): number {
    return this.pendingByJob[jobId] ?? 0;
  }

  /** Files of every job not yet stored (the leave-page warning). */
  get pendingTotal(): number {
    return Object.values(this.pendingByJob).reduce((n, c) => n + c, 0);
  }

  /** Adds (or, negative, removes) files waiting to be stored. */
  addPending(jobId: string, delta: number): void {
    this.pendingByJob[jobId] = Math.max(0, (this.pendingByJob[jobId] ?? 0) + delta);
  }

  /** Progress for one job (idle when nothing runs). */
  of(jobId: string): IngestProgress {
    return this.byJob[jobId] ?? idle;
  }

  /** Starts (or extends, when files are added mid-batch) a job's progress. */
  begin(jobId: string, count: number): void {
    const current = this.byJob[jobId];
    this.byJob[jobId] =
      current && current.phase !== 'idle'
        ? { ...current, total: current.total + count, phase: 'reading' }
        : { total: count, done: 0, failed: 0, duplicates: 0, phase: 'reading' };
  }

  /** Counts one finished file. */
  record(jobId: string, outcome: 'done' | 'failed' | 'duplicate'): void {
    const p = this.byJob[jobId];
    if (!p) return;
    this.byJob[jobId] = {
      ...p,
      done: p.done + 1,
      failed: p.failed + (outcome === 'failed' ? 1 : 0),
      duplicates: p.duplicates + (outcome === 'duplicate' ? 1 : 0)
    };
  }

  /** Marks the phase (scoring after reading, idle at the end). */
  setPhase(jobId: string, phase: IngestProgress['phase']): void {
    const p = this.byJob[jobId] ?? idle;
    this.byJob[jobId] = { ...p, phase };
  }
}

export const ingestState = new IngestState();
