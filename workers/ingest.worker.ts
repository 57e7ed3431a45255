/**
 * Ingest web worker: owns pdf.js / mammoth for text extraction and runs the resume parser, exposing
 * IngestApi (workers/ingest/protocol.ts) with comlink. Thin by design: no DOM, no database.
 *
 * pdf.js normally spawns its own worker; here we are already off the main thread, so its worker code is
 * loaded in-thread (`globalThis.pdfjsWorker`), which pdf.js picks up instead of spawning another worker.
 * pdfjs-load is imported FIRST: it captures the native Array methods before pdf.js' bundled core-js replaces them,
 * and restores them once the main half of pdf.js has loaded (src/lib/core/ingest/pdfjs-load.ts says why).
 */
import '../src/lib/core/ingest/pdfjs-load';
import { expose } from 'comlink';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { ingestApi } from './ingest/api';

(globalThis as unknown as { pdfjsWorker: unknown }).pdfjsWorker = pdfjsWorker;

expose(ingestApi);
