/**
 * Embedding-adapt web worker: LoRA of the installed embedding model on the recruiter's decisions, off the main
 * thread, exposing AdaptApi (workers/adapt/api.ts) with comlink. Thin by design: no DOM, no database.
 */
import { expose } from 'comlink';
import { adaptApi } from './adapt/api';

expose(adaptApi);
