/**
 * bench:embed's static server on 127.0.0.1: the built bench page under /, model folders under /models/, every
 * response with the app's own security headers (csp.config.js: CSP, COOP + COEP + CORP, so the page is
 * cross-origin isolated exactly as the built app is) — what `npm run preview` sends, without SvelteKit.
 * Non-goals: range requests, caching headers, anything but GET.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { cspHeader, SECURITY_HEADERS } from '../../csp.config.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.txt': 'text/plain'
};

/** Serves `pageDir` at / and `modelsDir` at /models/; resolves to the origin and a close function. */
export async function serveBench(pageDir: string, modelsDir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const [root, rel] = url.startsWith('/models/') ? [modelsDir, url.slice('/models'.length)] : [pageDir, url === '/' ? '/index.html' : url];
    const file = path.resolve(root, '.' + rel);
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (!file.startsWith(path.resolve(root)) || !existsSync(file) || statSync(file).isDirectory()) return void res.writeHead(404, headers).end();
    if (file.endsWith('.html')) headers['Content-Security-Policy'] = cspHeader();
    headers['Content-Type'] = TYPES[path.extname(file)] ?? 'application/octet-stream';
    headers['Content-Length'] = String(statSync(file).size);
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}
