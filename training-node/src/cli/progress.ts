/**
 * Progress output on stderr (stdout stays clean for piping): one line per stage, and a throttled
 * "stage done/total" counter that rewrites itself on a TTY and prints every ~10% otherwise.
 *
 * Non-goals: spinners, colours.
 */
import type { DataProgress, ProgressCallback } from '../data/types';

/** A progress callback writing to `stream` (default stderr); `quiet` silences it. */
export function stderrProgress(quiet = false, stream: NodeJS.WriteStream = process.stderr): ProgressCallback {
  if (quiet) return () => {};
  const tty = stream.isTTY === true;
  let lastDecile = -1;
  let lastStage = '';
  return (event: DataProgress) => {
    if (event.status === 'stage') {
      if (tty && lastStage) stream.write('\n');
      stream.write(`[training-node] ${event.stage}…${tty ? '' : '\n'}`);
      lastStage = event.stage;
      lastDecile = -1;
      return;
    }
    const percent = event.total > 0 ? Math.floor((100 * event.done) / event.total) : 100;
    if (tty) {
      stream.write(`\r[training-node] ${event.stage}: ${event.done}/${event.total} (${percent}%)`);
      return;
    }
    const decile = Math.floor(percent / 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      stream.write(`[training-node] ${event.stage}: ${event.done}/${event.total} (${percent}%)\n`);
    }
  };
}
