/** Where the worker script is: dist/worker.js, from dist/index.js and from src/ alike. */
export function workerUrl(): URL {
  return new URL('../dist/worker.js', import.meta.url);
}

/**
 * Starts the kernel worker in a browser. Written as the literal
 * `new Worker(new URL(…, import.meta.url), { type: 'module' })` that bundlers (Vite, webpack)
 * recognise as a worker entry: they then bundle the worker with its imports, where a plain asset
 * URL would copy (or inline) `worker.js` alone and break its imports of the shared chunks.
 */
export function startBrowserWorker(): Worker {
  return new Worker(new URL('../dist/worker.js', import.meta.url), { type: 'module' });
}
