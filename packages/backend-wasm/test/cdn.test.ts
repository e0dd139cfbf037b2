// The package loaded without a bundler from another origin, as from a CDN: a cross-origin
// isolated page on one server maps `@dcnn/backend-wasm` and `@dcnn/core` to their dist/ on a
// second server (CORS allowed) with an import map. Browsers start workers only from the page's
// origin, so the worker must come up through a same-origin blob. Two more cases check
// `wasmPaths` (a path relative to the page) and an explicit cross-origin `workerUrl`, by what
// each server was asked for.
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageResult, serveDirectory, type ServedDirectory } from '@dcnn/vitest-preset/bundles';
import { compareOutputs, createReferenceBackend, ops, tensor, tolerances } from '@dcnn/core';
// @ts-expect-error a plain JS module shared with the page
import { bundleConv } from './bundle/conv.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const results = join(here, '..', '.test-results');
const site = join(results, 'cdn-site');
const cdnRoot = join(results, 'cdn-root');

let browser: Awaited<ReturnType<typeof launchChromium>>;
let cdn: ServedDirectory;
let page: ServedDirectory;

/** The page: an import map onto the CDN, then bundle/main.js's job with the options in its query. */
function html(cdnOrigin: string): string {
  const imports = {
    '@dcnn/backend-wasm': `${cdnOrigin}/backend-wasm/dist/index.js`,
    '@dcnn/core': `${cdnOrigin}/core/dist/index.js`,
  };
  return `<!doctype html>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
  import { createWasmBackend } from '@dcnn/backend-wasm';
  import { ops, tensor } from '@dcnn/core';
  import { bundleConv } from './conv.js';
  const options = JSON.parse(new URLSearchParams(location.search).get('options') ?? '{}');
  createWasmBackend(options)
    .then(async (wasm) => {
      const values = Array.from(await bundleConv(wasm, ops, tensor).data());
      window.result = { threads: wasm.threads, notice: wasm.notice ?? null, values };
    })
    .catch((error) => { window.result = { error: String(error) }; });
</script>
`;
}

async function copyFiles(from: string, to: string, keep: (file: string) => boolean): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const file of (await readdir(from)).filter(keep)) await cp(join(from, file), join(to, file));
}

beforeAll(async () => {
  browser = await launchChromium();
  await rm(site, { recursive: true, force: true });
  await rm(cdnRoot, { recursive: true, force: true });
  // The CDN: each package's dist/ under its name, plus a second copy of the worker (and the
  // chunk it imports) under workers/ for the workerUrl case.
  await copyFiles(dist, join(cdnRoot, 'backend-wasm', 'dist'), () => true);
  await copyFiles(join(here, '..', '..', 'core', 'dist'), join(cdnRoot, 'core', 'dist'), () => true);
  await copyFiles(dist, join(cdnRoot, 'workers'), (f) => f === 'worker.js' || f.startsWith('chunk-'));
  cdn = await serveDirectory(cdnRoot, { isolated: false, cors: true });
  // The page's own server, with a copy of the .wasm builds for the wasmPaths case.
  await copyFiles(dist, join(site, 'wasm'), (f) => f.endsWith('.wasm'));
  await cp(join(here, 'bundle', 'conv.js'), join(site, 'conv.js'));
  await writeFile(join(site, 'index.html'), html(cdn.origin));
  page = await serveDirectory(site);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), page?.close()]);
});

async function expectTwoThreadsAndReference(options: object): Promise<void> {
  const result = await pageResult<{ threads?: number; notice?: string | null; values?: number[] }>(
    browser,
    `${page.origin}/index.html?options=${encodeURIComponent(JSON.stringify(options))}`,
  );
  expect(result.error).toBeUndefined();
  expect(result.pageErrors).toEqual([]);
  expect(result.threads).toBe(2);
  expect(result.notice).toBeNull();
  const expected = await bundleConv(createReferenceBackend(), ops, tensor).data();
  expect(compareOutputs(result.values!, expected, tolerances['float32-cpu']).reason).toBeUndefined();
}

/** Runs the page with `options` and returns the paths each server was asked for meanwhile. */
async function fetched(options: object): Promise<{ cdn: string[]; page: string[] }> {
  const [cdnBefore, pageBefore] = [cdn.requests.length, page.requests.length];
  await expectTwoThreadsAndReference(options);
  return { cdn: cdn.requests.slice(cdnBefore), page: page.requests.slice(pageBefore) };
}

describe('the package from another origin, without a bundler', () => {
  it('finds its .wasm builds and starts its workers from the CDN (through a same-origin blob)', async () => {
    const paths = await fetched({ threads: 2 });
    expect(paths.cdn).toContain('/backend-wasm/dist/dcnn-relaxed-mt.wasm');
    expect(paths.cdn).toContain('/backend-wasm/dist/worker.js');
  }, 120_000);

  it('takes the .wasm builds from wasmPaths, relative to the page', async () => {
    const paths = await fetched({ threads: 2, wasmPaths: 'wasm' });
    expect(paths.page).toContain('/wasm/dcnn-relaxed-mt.wasm');
    expect(paths.cdn.filter((p) => p.endsWith('.wasm'))).toEqual([]);
  }, 120_000);

  it('starts workers from an explicit cross-origin workerUrl', async () => {
    const paths = await fetched({ threads: 2, workerUrl: `${cdn.origin}/workers/worker.js` });
    expect(paths.cdn).toContain('/workers/worker.js');
    expect(paths.cdn).not.toContain('/backend-wasm/dist/worker.js');
  }, 120_000);
});
