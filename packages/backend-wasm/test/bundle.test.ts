// The published package in a production bundle: Vite builds test/bundle/ (importing
// `@dcnn/backend-wasm` from dist/ as an app would), a static server serves the output
// cross-origin isolated, and headless Chromium runs it. Checks that the bundler emitted the wasm
// builds and a worker bundled with its imports, and that the page got its two threads and the
// reference's answer.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright';
import { compareOutputs, createReferenceBackend, ops, tensor, tolerances } from '@dcnn/core';
// @ts-expect-error a plain JS module shared with the bundled page
import { bundleConv } from './bundle/conv.js';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const out = join(pkg, '.test-results', 'bundle');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

let server: Server;
let browser: Browser;
let origin = '';
let emitted: string[] = [];

beforeAll(async () => {
  const result = await build({
    root: join(here, 'bundle'),
    logLevel: 'silent',
    configFile: false,
    resolve: { alias: { '@dcnn/backend-wasm': join(pkg, 'dist', 'index.js') } },
    // Vite's defaults otherwise: its build target, and the worker format ('iife', a classic script).
    build: { outDir: out, emptyOutDir: true },
  });
  emitted = [result].flat().flatMap((r) => ('output' in r ? r.output.map((o) => o.fileName) : []));
  server = createServer(async (req, res) => {
    const path = join(out, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'));
    try {
      const body = await readFile(path);
      res.writeHead(200, {
        'Content-Type': types[extname(path)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-first-run'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the package in a Vite production bundle', () => {
  it('emits the four wasm builds and a worker bundled with its imports', () => {
    for (const name of ['dcnn-simd', 'dcnn-relaxed', 'dcnn-simd-mt', 'dcnn-relaxed-mt']) {
      expect(emitted.some((f) => new RegExp(`^assets/${name}-[\\w-]+\\.wasm$`).test(f))).toBe(true);
    }
    expect(emitted.some((f) => /^assets\/worker-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('runs in Chromium with two threads and computes what the reference computes', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/index.html`);
      const result = (await page.waitForFunction(() => (window as { result?: unknown }).result, undefined, { timeout: 60_000 }).then((h) => h.jsonValue())) as {
        threads?: number; variant?: string; notice?: string | null; values?: number[]; error?: string;
      };
      expect(result.error).toBeUndefined();
      expect(result.threads).toBe(2);
      expect(result.variant).toBe('dcnn-relaxed-mt');
      expect(result.notice).toBeNull();
      const expected = await bundleConv(createReferenceBackend(), ops, tensor).data();
      expect(compareOutputs(result.values!, expected, tolerances['float32-cpu']).reason).toBeUndefined();
    } finally {
      await page.close();
    }
  }, 120_000);
});
