/**
 * Decision log (public entry): hash-chained, append-only entries of the recruiter's decisions, verification,
 * anonymisation and export. Pure TypeScript on Web Crypto (browsers and Node 20).
 * Non-goals: nothing is implemented here; storage is src/lib/db/decision-log.repo.ts.
 */
export * from './chain';
export { scorerVersionOf } from './versions';
