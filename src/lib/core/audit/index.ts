/**
 * Bias audit (public entry): counterfactual identity swaps on a job's own candidates, LL144-style impact ratios
 * from the employer's self-identification data, and the report files. Pure TypeScript (no DOM, no Node).
 * Non-goals: nothing is implemented here.
 */
export * from './identities';
export * from './counterfactual';
export * from './impact';
export * from './self-id';
export * from './report';
export * from './keyed-csv';
export * from './decisions-csv';
