/**
 * Public face of the storage layer: repositories only. Components and services import from here;
 * nothing else in the app touches Dexie or IndexedDB.
 */
export * from './schema';
export * from './jobs.repo';
export * from './candidates.repo';
export * from './batches.repo';
export * from './decision-log.repo';
export * from './self-id.repo';
export * from './stages.repo';
export * from './rankers.repo';
