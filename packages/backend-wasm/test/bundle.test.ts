// The published package in production bundles: Vite and webpack, each with its default settings,
// build test/bundle/ (importing `@dcnn/backend-wasm` from dist/ as an app would); a static server
// serves the output cross-origin isolated and headless Chromium runs it. Checks that the bundler
// emitted the wasm builds and a worker bundled with its imports, and that the page got its two
// threads and the reference's answer. (webpack used to stop at the Node-only imports.) Last, the
// same page under Vite's dev server with the package installed in node_modules, pre-bundled.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithVite, buildWithWebpack, pageRunner, serveWithViteDev } from '@dcnn/vitest-preset/bundles';
import { compareOutputs, createReferenceBackend, ops, tensor, tolerances } from '@dcnn/core';
// @ts-expect-error a plain JS module shared with the bundled page
import { bundleConv } from './bundle/conv.js';

const here = dirname(fileURLToPath(import.meta.url));
const page = join(here, 'bundle');
const results = join(here, '..', '.test-results');
const alias = { '@dcnn/backend-wasm': join(here, '..', 'dist', 'index.js') };
const wasmBuilds = ['dcnn-simd', 'dcnn-relaxed', 'dcnn-simd-mt', 'dcnn-relaxed-mt'];

const pages = pageRunner();
afterAll(() => pages.close());

type PageResult = { threads?: number; variant?: string; notice?: string | null; values?: number[]; error?: string; pageErrors: string[] };

async function runBundle(outDir: string): Promise<void> {
  await expectTwoThreadsAndReference(await pages.open<PageResult>(outDir));
}

async function expectTwoThreadsAndReference(result: PageResult): Promise<void> {
  expect(result.error).toBeUndefined();
  expect(result.pageErrors).toEqual([]);
  expect(result.threads).toBe(2);
  expect(result.variant).toBe('dcnn-relaxed-mt');
  expect(result.notice).toBeNull();
  const expected = await bundleConv(createReferenceBackend(), ops, tensor).data();
  expect(compareOutputs(result.values!, expected, tolerances['float32-cpu']).reason).toBeUndefined();
}

describe('the package in a Vite production bundle', () => {
  const outDir = join(results, 'bundle-vite');
  let built = { files: [] as string[], problems: [] as string[] };
  beforeAll(async () => {
    built = await buildWithVite(page, outDir, alias);
  }, 120_000);

  it('builds without warnings and emits the four wasm builds and a worker bundled with its imports', () => {
    // Without the ignore marks on the Node-only imports, Vite warned that it externalised them.
    expect(built.problems).toEqual([]);
    for (const name of wasmBuilds) expect(built.files.some((f) => new RegExp(`^assets/${name}-[\\w-]+\\.wasm$`).test(f))).toBe(true);
    expect(built.files.some((f) => /^assets\/worker-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('runs in Chromium with two threads and computes what the reference computes', () => runBundle(outDir), 120_000);
});

describe('the package in a webpack production bundle', () => {
  const outDir = join(results, 'bundle-webpack');
  let built = { files: [] as string[], problems: [] as string[] };
  beforeAll(async () => {
    built = await buildWithWebpack(page, outDir, alias);
  }, 120_000);

  it('builds without errors or warnings and emits the four wasm builds', () => {
    expect(built.problems).toEqual([]);
    expect(built.files.filter((f) => f.endsWith('.wasm'))).toHaveLength(wasmBuilds.length);
  });

  it('runs in Chromium with two threads and computes what the reference computes', () => runBundle(outDir), 120_000);
});

describe("the package under Vite's dev server, installed as a dependency", () => {
  // Copied into an app's node_modules as npm would install them, so Vite pre-bundles them.
  const app = join(results, 'vite-dev-app');
  const packages = { '@dcnn/backend-wasm': join(here, '..'), '@dcnn/core': join(here, '..', '..', 'core') };
  let server: { origin: string; close(): Promise<void> } | undefined;
  afterAll(() => server?.close());

  it('pre-bundles it, runs with two threads and computes what the reference computes', async () => {
    server = await serveWithViteDev(page, app, packages);
    await expectTwoThreadsAndReference(await pages.visit<PageResult>(`${server.origin}/index.html`));
    // The page ran the pre-bundled copy, not the package's own files.
    expect(existsSync(join(app, 'node_modules', '.vite', 'deps', '@dcnn_backend-wasm.js'))).toBe(true);
  }, 120_000);
});
