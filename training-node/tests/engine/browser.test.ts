/**
 * The engine in a real browser: Vite bundles a page that imports the engine (device, buffers, WGSL kernels,
 * CPU reference), Chromium runs it on navigator.gpu (SwiftShader), and the page compares GPU with CPU results.
 * This proves the `*.wgsl.ts` template-string choice survives a Vite build and that the engine needs no Node API.
 * The page also runs the fast CPU path (cpu-fast: the WASM SIMD module emitted at load time, one thread — the
 * page is not crossOriginIsolated) against the reference, with relaxed SIMD's fused multiply-add (on by default there).
 * Skips when /usr/bin/chromium is absent.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { build } from 'vite';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser.test: ${CHROMIUM} not found, skipping the in-browser engine check`);
const engineDir = path.resolve(__dirname, '../../src/engine');

const PAGE_SCRIPT = `
import * as gpu from '${engineDir}/kernels/index';
import { createEngineDevice } from '${engineDir}/device';
import { readF32, upload } from '${engineDir}/buffers';
import * as ref from '${engineDir}/reference/index';
import { createFastCpuOps } from '${engineDir}/cpu-fast/ops';
const wave = (n, f) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * f));
function maxErr(a, b) { let e = 0; for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i])); return e; }
async function run() {
  const dev = await createEngineDevice();
  const fast = createFastCpuOps();
  let errMatmul = 0, errFastCpu = 0;
  for (const [BT, C, OC] of [[33, 40, 35], [130, 70, 133]]) { // the small and the large GEMM tile
    const inp = wave(BT * C, 1), w = wave(OC * C, 0.7), cpu = new Float32Array(BT * OC), fastOut = new Float32Array(BT * OC);
    ref.matmulForward(cpu, inp, w, null, BT, C, OC);
    fast.matmulForward(fastOut, inp, w, null, BT, C, OC);
    errFastCpu = Math.max(errFastCpu, maxErr(fastOut, cpu));
    const out = upload(dev, new Float32Array(BT * OC));
    gpu.matmulForward(dev, out, upload(dev, inp), upload(dev, w), null, BT, C, OC);
    errMatmul = Math.max(errMatmul, maxErr(await readF32(dev, out), cpu));
  }
  const [B, T, NH, NKV, HS] = [1, 5, 4, 2, 4];
  const q = wave(B * T * NH * HS, 0.3), k = wave(B * T * NKV * HS, 0.5), v = wave(B * T * NKV * HS, 0.9);
  const o = new Float32Array(q.length), att = new Float32Array(B * NH * T * T);
  ref.attentionForward(o, att, q, k, v, B, T, NH, NKV, HS, true, null, 0);
  const gO = upload(dev, new Float32Array(q.length)), gAtt = upload(dev, new Float32Array(att.length));
  gpu.attentionForward(dev, gO, gAtt, upload(dev, q), upload(dev, k), upload(dev, v), B, T, NH, NKV, HS, true, null, 0);
  const errAttention = maxErr(await readF32(dev, gO), o);
  dev.destroy();
  return { adapter: dev.adapterDescription, errMatmul, errAttention, errFastCpu, fastKind: fast.kind, relaxed: fast.relaxedSimd };
}
run().then((r) => { document.title = 'done ' + JSON.stringify(r); }, (e) => { document.title = 'fail ' + e; });
`;

describe.skipIf(!hasChromium)('engine in Chromium (navigator.gpu)', () => {
  it('a Vite-built page runs the WGSL kernels and matches the CPU reference', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-browser-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
      fs.writeFileSync(path.join(dir, 'main.js'), PAGE_SCRIPT);
      await build({ configFile: false, root: dir, logLevel: 'error', build: { outDir: path.join(dir, 'dist'), minify: false } });
      const dist = path.join(dir, 'dist');
      const server = http.createServer((req, res) => {
        const file = path.join(dist, req.url === '/' ? 'index.html' : (req.url ?? ''));
        if (!file.startsWith(dist) || !fs.existsSync(file)) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
        res.end(fs.readFileSync(file));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
          '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--no-sandbox']
      });
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        await page.waitForFunction(() => /^(done|fail)/.test(document.title), null, { timeout: 60_000 });
        const title = await page.title();
        expect(title, title).toMatch(/^done /);
        const result = JSON.parse(title.slice(5)) as { adapter: string; errMatmul: number; errAttention: number; errFastCpu: number; fastKind: string; relaxed: boolean };
        console.log('browser engine:', JSON.stringify(result));
        expect(result.errMatmul).toBeLessThan(1e-4);
        expect(result.errAttention).toBeLessThan(1e-5);
        expect(result.fastKind).toBe('fast');
        expect(result.relaxed).toBe(true); // Chromium ships relaxed SIMD (no flag): the fused multiply-add kernel ran
        expect(result.errFastCpu).toBeLessThan(1e-4);
      } finally {
        await browser.close();
        server.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
