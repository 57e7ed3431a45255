/**
 * One same-thread pdf.js worker per realm, for ingestion where pdf.js runs its worker half in-thread (Node, and the
 * app's ingest web worker, which sets `globalThis.pdfjsWorker`). pdf.js' own fake worker builds a new worker per
 * document and passes every message through `structuredClone`; for the operator list (the hidden-text defence's
 * paint state) that clone of tens of thousands of small glyph objects was ~5 CPU-ms of every ~47 per resume
 * (node --cpu-prof on 100 kaggle PDFs). Here the two halves talk over a pair of ports that hand operator-list
 * chunks over with a shallow copy of their two arrays (the worker empties those arrays after sending; the glyph
 * and argument objects inside are never changed after they are sent and are only read here) and structured-clone
 * every other message exactly like pdf.js does.
 *
 * Non-goals: a real cross-thread worker (the browser's main thread never parses PDFs), other pdf.js builds: when
 * the module has no `PDFWorker` or no in-thread `WorkerMessageHandler` is set, `sharedPdfWorker` returns null and
 * pdf.js' default applies.
 *
 * Shape legend: an operator-list chunk is pdf.js' stream message `{ stream: ENQUEUE (4), chunk: { fnArray,
 * argsArray, lastChunk, separateAnnots, length } }`.
 */

type Listener = (event: { data: unknown }) => void;

interface PdfWorkerLike {
  destroyed: boolean;
}

interface PdfWorkerModule {
  PDFWorker?: new (params: { port: unknown; verbosity?: number }) => PdfWorkerLike;
}

interface WorkerHalf {
  WorkerMessageHandler?: { initializeFromPort(port: unknown): void };
}

/** pdf.js' StreamKind.ENQUEUE (src/shared/message_handler.js). */
const STREAM_ENQUEUE = 4;

/** The message as the other side must see it: operator-list chunks shallow-copied, the rest structured-cloned. */
export function copyMessage(data: unknown, transfer?: Transferable[]): unknown {
  const message = data as { stream?: unknown; chunk?: { fnArray?: unknown; argsArray?: unknown } } | null;
  const chunk = message?.chunk;
  if (message?.stream === STREAM_ENQUEUE && Array.isArray(chunk?.fnArray) && Array.isArray(chunk?.argsArray)) {
    return { ...message, chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
  }
  return structuredClone(data, transfer ? { transfer } : undefined);
}

/** One end of an in-thread message channel; delivery is asynchronous and in order, like pdf.js' LoopbackPort. */
class SameThreadPort {
  peer: SameThreadPort | null = null;
  readonly listeners = new Map<Listener, (() => void) | null>();

  postMessage(data: unknown, transfer?: Transferable[]): void {
    const event = { data: copyMessage(data, transfer) };
    const peer = this.peer;
    if (!peer) return;
    void Promise.resolve().then(() => {
      for (const [listener] of peer.listeners) listener.call(peer, event);
    });
  }

  addEventListener(name: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    if (name !== 'message') return;
    const signal = options?.signal;
    if (signal?.aborted) return;
    let unhook: (() => void) | null = null;
    if (signal) {
      const onAbort = () => this.removeEventListener(name, listener);
      signal.addEventListener('abort', onAbort);
      unhook = () => signal.removeEventListener('abort', onAbort);
    }
    this.listeners.set(listener, unhook);
  }

  removeEventListener(_name: string, listener: Listener): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  terminate(): void {
    for (const [, unhook] of this.listeners) unhook?.();
    this.listeners.clear();
  }
}

const workers = new WeakMap<object, PdfWorkerLike>();

/**
 * The realm's shared in-thread pdf.js worker for this pdf.js module, made on first use; null where pdf.js' worker
 * half is not loaded in-thread or the module cannot take a port (then pass no `worker` to getDocument).
 */
export function sharedPdfWorker(pdfjs: object): PdfWorkerLike | null {
  const existing = workers.get(pdfjs);
  if (existing && !existing.destroyed) return existing;
  const { PDFWorker } = pdfjs as PdfWorkerModule;
  const half = (globalThis as { pdfjsWorker?: WorkerHalf }).pdfjsWorker;
  if (typeof PDFWorker !== 'function' || typeof half?.WorkerMessageHandler?.initializeFromPort !== 'function') return null;
  const mainEnd = new SameThreadPort();
  const workerEnd = new SameThreadPort();
  mainEnd.peer = workerEnd;
  workerEnd.peer = mainEnd;
  half.WorkerMessageHandler.initializeFromPort(workerEnd);
  const worker = new PDFWorker({ port: mainEnd, verbosity: 0 });
  workers.set(pdfjs, worker);
  return worker;
}
