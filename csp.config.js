// @ts-check
/**
 * The app's Content-Security-Policy and security headers, defined once for the build and for the servers.
 *
 *   build (svelte.config.js, kit.csp)  a <meta http-equiv="content-security-policy"> in every page, with the hash of
 *                                      SvelteKit's inline boot script; pages the preview server renders get it as a
 *                                      header instead (with frame-ancestors, which a <meta> cannot carry)
 *   preview server (vite.config.ts)    SECURITY_HEADERS on every response, and no Access-Control-Allow-Origin
 *   static hosts                       the same headers, see README "Hosting"
 *
 * The policy: everything from the app's own origin only; scripts also may compile WebAssembly ('wasm-unsafe-eval':
 * pdf.js' decoders, onnxruntime-web, web-llm) but never evaluate strings (ajv is replaced by the eval-free
 * src/lib/core/schema/ajv-lite.ts in the browser build); workers from the app's origin; style attributes inline
 * (never <style> elements or stylesheets from elsewhere); no plugins, no framing, no <base> tricks, forms post
 * nowhere else. connect-src adds only the origins named in SHORTLIST_MODEL_ORIGINS at build time
 * (space-separated, e.g. "https://models.acme.example"), where the organisation hosts the models it installs by
 * URL; by default there are none, so a model can be installed only from the app's own origin.
 *
 * Workers (ingest, embed, llm) are same-origin scripts; Chromium gives a worker the policy of its own response,
 * not the page's <meta>, so SECURITY_HEADERS deliberately restricts no scripts there: onnxruntime-web's WebGPU glue
 * builds functions from strings. Running code in a worker still needs a same-origin script, which the page's
 * policy guards.
 *
 * Cross-origin isolation (crossOriginIsolated === true, which SharedArrayBuffer and so onnxruntime-web's threads
 * need): COOP same-origin plus COEP require-corp on every response, and CORP same-origin on the app's own files.
 * Under require-corp a page may still fetch() another origin in CORS mode (how models are installed by URL): the
 * organisation's model host must answer with Access-Control-Allow-Origin (README "Hosting"); it may also send
 * Cross-Origin-Resource-Policy: cross-origin. require-corp rather than credentialless: Safari knows only the former.
 *
 * Non-goals: reporting endpoints (a report would be a request off the device), Trusted Types.
 */

/** Origins the app may fetch model files from, besides its own (build-time setting). */
export function modelOrigins(env = process.env) {
  return (env.SHORTLIST_MODEL_ORIGINS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * CSP directives in SvelteKit's kit.csp form (keywords unquoted; SvelteKit quotes them and adds the boot script's
 * hash to script-src).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function cspDirectives(env = process.env) {
  return {
    'default-src': ['self'],
    'script-src': ['self', 'wasm-unsafe-eval'],
    'worker-src': ['self'],
    'connect-src': ['self', ...modelOrigins(env)],
    'img-src': ['self', 'data:', 'blob:'],
    'font-src': ['self', 'data:'],
    'style-src': ['self'],
    // Style attributes only (SvelteKit's route announcer has one); <style> elements stay same-origin files.
    'style-src-attr': ['unsafe-inline'],
    'manifest-src': ['self'],
    'object-src': ['none'],
    'frame-src': ['none'],
    'base-uri': ['self'],
    'form-action': ['self'],
    'frame-ancestors': ['none']
  };
}

/** The policy as one header value (keywords quoted), for servers that send it themselves. */
export function cspHeader(env = process.env) {
  const keywords = new Set(['self', 'none', 'wasm-unsafe-eval', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic']);
  return Object.entries(cspDirectives(env))
    .map(([name, values]) => [name, ...values.map((v) => (keywords.has(v) ? `'${v}'` : v))].join(' '))
    .join('; ');
}

/**
 * Headers every response of the app should carry. The CSP here is the part a <meta> cannot express; the full
 * policy comes with each page (SvelteKit's <meta> or header with the boot script's hash), and two policies both
 * apply, so this one only adds to it.
 */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
};
