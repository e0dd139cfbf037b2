// A package as a user's app gets it: a small page (an index.html and its main.js) built by Vite
// or webpack with their default settings, a static server (cross-origin isolated unless told
// otherwise, so shared memory and threads are available) and headless Chromium, which reads
// back what the page left in `window.result`; or a Node script bundled into one file by esbuild.
// For the packages' bundle tests.
import { cp, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs } from './browser.js';

/**
 * Vite's production build of `pageDir` (its index.html) into `outDir`, defaults kept (the build
 * target; the worker format 'iife', a classic script) but for `alias` (package name → file, e.g.
 * the package's dist/index.js). Resolves to the emitted file names and the first line of each
 * warning and error Vite logged (caught by a logger that prints nothing).
 */
export async function buildWithVite(pageDir, outDir, alias) {
  const { build } = await import('vite');
  const problems = [];
  const keep = (message) => problems.push(String(message).split('\n')[0]);
  const warned = new Set();
  const customLogger = {
    hasWarned: false,
    info() {},
    warn: keep,
    warnOnce(message) {
      if (!warned.has(message)) (warned.add(message), keep(message));
    },
    error: keep,
    clearScreen() {},
    hasErrorLogged: () => false,
  };
  // vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: the build would then not be
  // the production build users get (nor report what that build warns about).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  let result;
  try {
    result = await build({ root: pageDir, mode: 'production', customLogger, logLevel: 'warn', configFile: false, resolve: { alias }, build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return { files: [result].flat().flatMap((r) => ('output' in r ? r.output.map((o) => o.fileName) : [])), problems };
}

/**
 * webpack's production build of `pageDir/main.js` into `outDir` (target web, no loaders, no
 * fallbacks for Node's modules: its defaults) but for `alias`; index.html is copied beside it.
 * Resolves to the emitted file names and the first line of each error and warning.
 */
export async function buildWithWebpack(pageDir, outDir, alias) {
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => {
    const config = { mode: 'production', context: pageDir, entry: './main.js', output: { path: outDir, clean: true }, resolve: { alias }, infrastructureLogging: { level: 'none' } };
    webpack(config, (error, result) => (error || !result ? reject(error ?? new Error('webpack returned no stats')) : resolve(result)));
  });
  const json = stats.toJson({ all: false, errors: true, warnings: true });
  await copyFile(join(pageDir, 'index.html'), join(outDir, 'index.html'));
  return {
    // Every asset of the build (the stats' asset list groups unchanged files without names).
    files: Object.keys(stats.compilation.assets),
    problems: [...(json.errors ?? []), ...(json.warnings ?? [])].map((p) => p.message.split('\n')[0]),
  };
}

/**
 * esbuild's single-file Node bundle of `entry` (ESM, platform node, everything inlined) at
 * `outfile`, with `alias` as above. esbuild leaves `new URL(…, import.meta.url)` alone, so files a
 * package finds that way are not carried along: what serverless deployments get.
 */
export async function bundleForNode(entry, outfile, alias) {
  const { build } = await import('esbuild');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', alias, logLevel: 'silent' });
}

/**
 * An app as `npm install` leaves it, under Vite's dev server: `appDir` is emptied and gets the
 * page's files and, in node_modules, each of `packages` (name → package folder) as its
 * published files (package.json and the folders its `files` lists), so Vite treats them as
 * installed dependencies and pre-bundles them (node_modules/.vite/deps) as it would for a user.
 * Served cross-origin isolated; resolves to `{ origin, close }`.
 */
export async function serveWithViteDev(pageDir, appDir, packages) {
  const { createServer: createViteServer } = await import('vite');
  await rm(appDir, { recursive: true, force: true });
  await cp(pageDir, appDir, { recursive: true });
  // An app has its own package.json: Vite puts its cache (node_modules/.vite) beside the nearest one.
  await writeFile(join(appDir, 'package.json'), JSON.stringify({ name: 'bundle-test-app', private: true, type: 'module', dependencies: Object.fromEntries(Object.keys(packages).map((n) => [n, '*'])) }));
  for (const [name, dir] of Object.entries(packages)) {
    const target = join(appDir, 'node_modules', ...name.split('/'));
    await mkdir(target, { recursive: true });
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    await copyFile(join(dir, 'package.json'), join(target, 'package.json'));
    for (const entry of manifest.files ?? []) await cp(join(dir, entry), join(target, entry), { recursive: true });
  }
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = await createViteServer({
    root: appDir,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, headers },
  });
  await server.listen();
  const address = server.httpServer?.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => server.close(),
  };
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/**
 * Serves `dir` on 127.0.0.1 (a free port). `isolated` sends COOP/COEP; `cors` allows any origin
 * to fetch the files (a CDN). Resolves to `{ origin, requests, close }`, `requests` being the
 * paths asked for so far.
 */
export async function serveDirectory(dir, { isolated = true, cors = false } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(pathname);
    const path = join(dir, pathname.replace(/\/$/, '/index.html'));
    const headers = {};
    if (isolated) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    if (cors) Object.assign(headers, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Headless system Chromium with the test flags (WebGPU on SwiftShader; `CHROMIUM_PATH` overrides the path). */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
}

/**
 * Opens `url` and returns the JSON value of `window.result` once the page sets it. Uncaught page
 * errors are collected into `pageErrors`, so a page that dies says why instead of timing out.
 */
export async function pageResult(browser, url, timeout = 60_000) {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(url);
    const result = await page
      .waitForFunction(() => window.result, undefined, { timeout })
      .then((handle) => handle.jsonValue())
      .catch((error) => ({ error: `no result: ${error.message}; page errors: ${pageErrors.join('; ') || 'none'}` }));
    return { ...result, pageErrors };
  } finally {
    await page.close();
  }
}

/**
 * For a test file: one Chromium, started on first use, and a server per folder served.
 * `open(dir)` serves `dir` (isolated) and returns its index.html's `pageResult`; `visit(url)`
 * returns a served page's; `close()` ends all.
 */
export function pageRunner() {
  let browser;
  const servers = [];
  const visit = async (url) => {
    browser ??= await launchChromium();
    return pageResult(browser, url);
  };
  return {
    visit,
    async open(dir) {
      const server = await serveDirectory(dir);
      servers.push(server);
      return visit(`${server.origin}/index.html`);
    },
    async close() {
      await browser?.close();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
