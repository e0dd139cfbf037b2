/** Where the worker script is: dist/worker.js, from dist/index.js and from src/ alike. */
export function workerUrl(): URL {
  return new URL('../dist/worker.js', import.meta.url);
}

/** The page's origin (undefined outside a page or worker). */
const pageOrigin = (): string | undefined => (globalThis as { location?: { origin: string } }).location?.origin;

/**
 * Browsers start a worker only from a script of the page's own origin. A script elsewhere (the
 * package loaded from a CDN, or a `workerUrl` there) is started through a same-origin blob
 * module that imports it; module scripts are fetched with CORS, so the server must allow it.
 */
function sameOriginWorker(url: URL): Worker {
  const here = pageOrigin();
  if (here === undefined || url.origin === here || url.protocol === 'blob:' || url.protocol === 'data:') return new Worker(url, { type: 'module' });
  const blob = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' }));
  try {
    return new Worker(blob, { type: 'module' });
  } finally {
    // The worker has its own reference to the script once constructed.
    setTimeout(() => URL.revokeObjectURL(blob), 60_000);
  }
}

/**
 * Starts the kernel worker in a browser: the script at `custom` (the `workerUrl` option), else
 * the package's own. The latter is written as the literal
 * `new Worker(new URL(…, import.meta.url), { type: 'module' })` that bundlers (Vite, webpack)
 * recognise as a worker entry: they then bundle the worker with its imports, where a plain asset
 * URL would copy (or inline) `worker.js` alone and break its imports of the shared chunks.
 */
export function startBrowserWorker(custom?: URL): Worker {
  if (custom) return sameOriginWorker(custom);
  // Loaded without a bundler from another origin (a CDN): import.meta.url is an http(s) URL
  // there. Bundlers rewrite import.meta.url to the page's origin (Vite) or a file: URL (webpack).
  const own = new URL(import.meta.url);
  const page = pageOrigin();
  if ((own.protocol === 'http:' || own.protocol === 'https:') && page !== undefined && own.origin !== page) {
    return sameOriginWorker(workerUrl());
  }
  return new Worker(new URL('../dist/worker.js', import.meta.url), { type: 'module' });
}
