/**
 * Live progress of ingest batches, per job (runes singleton read by the progress bar).
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
