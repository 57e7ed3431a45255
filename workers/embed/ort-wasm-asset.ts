/**
 * Browser-only: the onnxruntime-web WASM binary as a build asset of OUR app. The `?url` import makes Vite emit
 * the file from node_modules into the build (hashed, same origin, precached with the app shell) and gives us its
 * URL; the ORT bundle build that transformers.js imports already inlines the matching JS factory. Worker entries
 * pass this URL to configureTransformersEnv, replacing transformers.js' default of a CDN (jsDelivr).
 *
 * Non-goals: Node (onnxruntime-node ships its own binary; never import this file from code the CLI runs).
 */
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

/** Same-origin URL of the ORT asyncify WASM (runs both the WASM and the WebGPU execution providers). */
export const ORT_WASM_URL: string = ortWasmUrl;
