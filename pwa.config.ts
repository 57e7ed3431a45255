/**
 * The service worker's caching plan (read by vite.config.ts): the app shell is precached on the first visit, and the
 * model runtimes are not. What counts as a model runtime is found in the client bundle, not listed by hand: every
 * file the embedding and LLM workers load (their entries, their chunks, ONNX Runtime's ~27 MB wasm, web-llm) that
 * nothing else in the app loads. Those files are written to `model-runtimes.json` (per task, absolute paths), left out
 * of the precache, and served by the service worker from the MODEL_RUNTIME_CACHE, which the app fills when a model is
 * installed (src/lib/services/model-runtimes.ts) — so a model works offline from the moment it is installed. The
 * build fails if a runtime file ends up precached anyway.
 *
 * Non-goals: caching models themselves (the Cache API store of db/model-cache.ts) or candidate files (IndexedDB).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import type { SvelteKitPWAOptions } from '@vite-pwa/sveltekit';
import { MODEL_RUNTIME_CACHE, MODEL_RUNTIME_LIST, type ModelRuntimeList } from './src/lib/services/model-runtimes.ts';

/** Worker entries whose files make up each task's runtime (bundle file names, e.g. `.../embed.worker-<hash>.js`). */
const RUNTIME_ENTRIES: Record<keyof ModelRuntimeList['tasks'], RegExp> = {
  embeddings: /\/embed\.worker-[^/]+\.js$/,
  'text-generation': /\/llm\.worker-[^/]+\.js$/
};

type BundleFile = { fileName: string; type: 'chunk'; code: string } | { fileName: string; type: 'asset'; source: string | Uint8Array };

/** File names a JS file refers to (imports, `new URL(...)`, worker URLs), matched by base name against the bundle. */
function referencesOf(file: BundleFile, byBaseName: Map<string, string[]>): string[] {
  if (!/\.m?js$/.test(file.fileName)) return [];
  const text = file.type === 'chunk' ? file.code : typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
  const found = new Set<string>();
  for (const [name] of text.matchAll(/[\w.-]+\.(?:m?js|wasm)\b/g)) for (const target of byBaseName.get(name) ?? []) if (target !== file.fileName) found.add(target);
  return [...found];
}

/** Everything reachable from `roots` through references, not walking into `stopAt`. */
function reachable(roots: string[], edges: Map<string, string[]>, stopAt: Set<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    if (stopAt.has(next) && !roots.includes(next)) continue;
    queue.push(...(edges.get(next) ?? []));
  }
  return seen;
}

/**
 * Splits a client bundle into the model runtimes (per task) and the rest: a runtime file is reachable from a model
 * worker's entry and not from the app's own roots (which reach the model workers' entries only as URLs, not walked).
 */
export function findModelRuntimes(bundle: Record<string, BundleFile>): ModelRuntimeList {
  const files = Object.values(bundle);
  const byBaseName = new Map<string, string[]>();
  for (const f of files) byBaseName.set(path.posix.basename(f.fileName), [...(byBaseName.get(path.posix.basename(f.fileName)) ?? []), f.fileName]);
  const edges = new Map(files.map((f) => [f.fileName, referencesOf(f, byBaseName)]));
  const entries = Object.fromEntries(Object.entries(RUNTIME_ENTRIES).map(([task, re]) => [task, files.filter((f) => re.test(f.fileName)).map((f) => f.fileName)])) as Record<keyof ModelRuntimeList['tasks'], string[]>;
  const allEntries = new Set(Object.values(entries).flat());
  // The app's own roots: its chunks (pages, services) and the other workers' entries (ingest).
  const appRoots = files.filter((f) => f.type === 'chunk' || (/\/[\w-]+\.worker-[^/]+\.js$/.test(f.fileName) && !allEntries.has(f.fileName))).map((f) => f.fileName);
  const shell = reachable(appRoots, edges, allEntries);
  const tasks = {} as ModelRuntimeList['tasks'];
  for (const [task, roots] of Object.entries(entries) as [keyof ModelRuntimeList['tasks'], string[]][]) {
    tasks[task] = [...reachable(roots, edges, new Set())].filter((f) => allEntries.has(f) || !shell.has(f)).map((f) => `/${f}`).sort();
  }
  return { version: 1, tasks };
}

/** The runtime files of a client output folder, as listed by the build (`client/...` paths, as workbox globs them). */
function runtimeGlobs(clientDir: string): string[] {
  const list = JSON.parse(readFileSync(path.join(clientDir, MODEL_RUNTIME_LIST), 'utf8')) as ModelRuntimeList;
  return [...new Set(Object.values(list.tasks).flat())].map((f) => `client${f}`);
}

/**
 * Finds the model runtimes in the client bundle and writes `model-runtimes.json`; after the service worker is
 * generated, checks it: the build fails if a runtime file is precached (pwaPlugins leaves them out).
 */
function modelRuntimes(): Plugin {
  let clientDir = '';
  return {
    name: 'shortlist:model-runtimes',
    apply: 'build',
    generateBundle(options, bundle) {
      if (!options.dir?.replaceAll('\\', '/').includes('output/client')) return;
      clientDir = options.dir;
      const list = findModelRuntimes(bundle as unknown as Record<string, BundleFile>);
      if (!list.tasks.embeddings.length || !list.tasks['text-generation'].length) this.error('model runtimes: no embedding or LLM worker found in the client bundle');
      this.emitFile({ type: 'asset', fileName: MODEL_RUNTIME_LIST.slice(1), source: JSON.stringify(list, null, 1) });
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const sw = clientDir && path.join(clientDir, 'sw.js');
        if (!sw || !existsSync(sw)) return; // written by the SSR pass's closeBundle, after the client bundle
        const text = readFileSync(sw, 'utf8');
        const precached = runtimeGlobs(clientDir).filter((f) => text.includes(`"${f.slice('client/'.length)}"`));
        if (precached.length) this.error(`model runtimes must not be precached, but sw.js lists ${precached.join(', ')}`);
      }
    }
  };
}

/** The PWA plugin's options: app shell precached, model runtimes cached on install (see the header). */
export function pwaPlugins(sveltekitPwa: (options: SvelteKitPWAOptions) => Plugin[]): Plugin[] {
  return [
    ...sveltekitPwa({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: false, // public/manifest.webmanifest is the single source
      // SPA: the adapter's fallback index.html answers every navigation, also offline.
      kit: { assets: 'public', adapterFallback: 'index.html', spa: { fallbackMapping: '/' } },
      integration: {
        // Right before workbox globs the output: leave out the runtime files the client bundle listed.
        beforeBuildServiceWorker(options) {
          const workbox = options.workbox;
          if (!workbox.globDirectory) throw new Error('pwa.config: the SvelteKit integration sets workbox.globDirectory');
          workbox.globIgnores = [...(workbox.globIgnores ?? []), ...runtimeGlobs(path.join(workbox.globDirectory, 'client'))];
        }
      },
      workbox: {
        // App shell (incl. the PDF reader: pdf.js worker, fonts, CMaps, wasm decoders); models and candidate files
        // never go through the service worker cache, model runtimes only once a model is installed.
        globPatterns: ['client/**/*.{js,css,html,svg,png,webmanifest,woff2,wasm,mjs,pfb,ttf,bcmap}'],
        // Set (and empty) so the SvelteKit integration keeps globPatterns as given instead of adding a
        // `prerendered/**` pattern, which matches nothing in this SPA and only printed a warning on every build.
        modifyURLPrefix: {},
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: '/',
        runtimeCaching: [
          {
            // Hashed build files that are not precached: the model runtimes, put here when a model is installed.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/_app/immutable/'),
            handler: 'CacheFirst',
            options: { cacheName: MODEL_RUNTIME_CACHE, matchOptions: { ignoreVary: true }, cacheableResponse: { statuses: [200] } }
          }
        ],
        // Take control of the first-visit tab right away, so it keeps working if the network drops.
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true
      }
    }),
    modelRuntimes()
  ];
}
