/**
 * Cooperative scheduling helper that keeps the main thread responsive: yield to the event loop between
 * units of work so input and paint are never starved.
 * Non-goals: parallelism (workers do that).
 */

/** Lets the browser handle input and paint before continuing. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
