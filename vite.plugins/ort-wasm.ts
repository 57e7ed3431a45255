/**
 * Vite plugin: self-host onnxruntime-web's WASM runtime so transformers.js never reaches its CDN default
 * (jsDelivr). It copies the runtime files of the onnxruntime-web version transformers.js depends on into the
 * build under `/ort/` and serves them from node_modules in `vite dev`. workers/embed/pipeline.ts points
 * `env.backends.onnx.wasm.wasmPaths` at `/ort/` (ORT_WASM_BASE).
 *
 * Wire-up (app owner): `import { ortWasm } from './vite.plugins/ort-wasm'` and add `ortWasm()` to `plugins`.
 * Non-goals: model files (downloaded at run time, cached by the model manager), the service worker's precache
 * policy (the `.wasm` glob in vite.config.ts decides whether these ~26 MB are precached for offline use).
 * Shape legend: `variants` are ORT's file stems; 'asyncify' runs both the WASM and WebGPU execution providers and
 * is what transformers.js picks; the plain build is only for Safari < 26 without WebGPU.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

export const ORT_WASM_BASE = '/ort/';

export interface OrtWasmOptions {
  /** ORT file stems to ship (default ['ort-wasm-simd-threaded.asyncify']). */
  variants?: string[];
}

/** Folder of onnxruntime-web's dist as resolved from @huggingface/transformers (so versions match). */
export function ortDistDir(): string {
  const require = createRequire(import.meta.url);
  // The package's exports map hides package.json: resolve its entry, then walk up to the package folder.
  let transformersDir = path.dirname(require.resolve('@huggingface/transformers'));
  while (!existsSync(path.join(transformersDir, 'package.json')) && path.dirname(transformersDir) !== transformersDir) transformersDir = path.dirname(transformersDir);
  for (const candidate of [path.join(transformersDir, 'node_modules/onnxruntime-web/dist'), path.resolve(transformersDir, '../../onnxruntime-web/dist')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('ort-wasm plugin: onnxruntime-web/dist not found next to @huggingface/transformers; run npm install');
}

/** The plugin: emits `/ort/<variant>.{mjs,wasm}` at build time and serves them in dev. */
export function ortWasm(options: OrtWasmOptions = {}): Plugin {
  const variants = options.variants ?? ['ort-wasm-simd-threaded.asyncify'];
  const files = variants.flatMap((v) => [`${v}.mjs`, `${v}.wasm`]);
  let dist = '';
  return {
    name: 'shortlist-ort-wasm',
    configResolved() {
      dist = ortDistDir();
      for (const f of files) if (!existsSync(path.join(dist, f))) throw new Error(`ort-wasm plugin: ${path.join(dist, f)} is missing (variant name typo?)`);
    },
    configureServer(server) {
      server.middlewares.use(ORT_WASM_BASE, (req, res, next) => {
        const name = (req.url ?? '').replace(/^\//, '').split('?')[0];
        if (!files.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        createReadStream(path.join(dist, name)).pipe(res);
      });
    },
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: `${ORT_WASM_BASE.slice(1)}${f}`, source: readFileSync(path.join(dist, f)) });
    }
  };
}
