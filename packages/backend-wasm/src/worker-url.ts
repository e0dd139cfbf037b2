/** Where the worker script is: dist/worker.js, from dist/index.js and from src/ alike. */
export function workerUrl(): URL {
  return new URL('../dist/worker.js', import.meta.url);
}
