/**
 * Re-fit web worker: fits a job family's score combination to the recruiter's decisions off the main thread,
 * exposing RefitApi (workers/refit/api.ts) with comlink. Thin by design: no DOM, no database.
 */
import { expose } from 'comlink';
import { refitApi } from './refit/api';

expose(refitApi);
