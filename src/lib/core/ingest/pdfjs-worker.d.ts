// Types for pdf.js' worker half (pdfjs-dist ships none for it): pdfjs-load.ts hands the module to pdf.js as
// `globalThis.pdfjsWorker`, which only needs the handler class to be there. Non-goal: typing its internals.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
