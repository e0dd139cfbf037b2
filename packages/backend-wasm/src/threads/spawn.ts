/**
 * Starting one pool worker: a worker_threads Worker in Node, a module Web Worker in browsers,
 * then the handshake — the worker gets its WorkerInit and must answer `{ ready: PROTOCOL }`.
 * Every way that can go wrong ends the wait with an error saying which: the script fails to
 * load, exits first, answers with another build's protocol, or says nothing in time.
 */
import { isNode } from '../runtime.js';
import { startBrowserWorker, workerUrl } from '../worker-url.js';
import { PROTOCOL, type WorkerInit } from './protocol.js';


/** How long a worker may take to instantiate the module and answer (ms). */
export const READY_TIMEOUT_MS = 30_000;

export interface StartedWorker {
  terminate(): void;
}

/** What a worker's first message means: undefined when it is ready, else why it is refused. */
export function refusal(message: unknown): string | undefined {
  const ready = (message as { ready?: unknown } | null)?.ready;
  if (ready === PROTOCOL) return undefined;
  const said = typeof ready === 'string' ? ready : JSON.stringify(message);
  return (
    `the worker answered "${String(said).slice(0, 120)}" instead of this build's protocol "${PROTOCOL.slice(0, 40)}…": ` +
    'the worker script must be the worker.js of the same @dcnn/backend-wasm build'
  );
}

/** Settles `wait` with the worker's readiness, or rejects after `timeoutMs`. */
function withTimeout<T>(wait: Promise<T>, timeoutMs: number, where: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the worker (${where}) within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([wait, late]).finally(() => clearTimeout(timer));
}

/** A started worker, `ready` once it has answered (or rejected when it cannot), and where it runs. */
interface Launched extends StartedWorker {
  ready: Promise<void>;
  where: string;
}

/** Starts the worker and sends it `init`; `ready` settles with its first message. */
async function launch(script: URL | undefined, init: WorkerInit): Promise<Launched> {
  if (isNode) {
    // Node-only: the comments keep bundlers from resolving it for a browser build (webpack fails on Node's modules).
    const { Worker } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:worker_threads');
    const url = script ?? workerUrl();
    const w = new Worker(url);
    const ready = new Promise<void>((resolve, reject) => {
      w.once('message', (message: unknown) => {
        const refused = refusal(message);
        if (refused) return reject(new Error(refused));
        // Held until ready, then unref'd: an idle pool must not keep the process alive.
        w.unref();
        resolve();
      });
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`the worker exited (code ${code}) before it was ready`)));
    });
    w.postMessage(init);
    return { ready, where: url.href, terminate: () => void w.terminate() };
  }
  const w = startBrowserWorker(script);
  const ready = new Promise<void>((resolve, reject) => {
    w.onmessage = (e: MessageEvent) => {
      const refused = refusal(e.data);
      if (refused) reject(new Error(refused));
      else resolve();
    };
    // A script that fails to load reports no message: say what that usually means.
    w.onerror = (e) => reject(new Error(e.message || 'the worker script failed to load (a bundler that copied dist/worker.js without its imports?)'));
  });
  w.postMessage(init);
  return { ready, where: script?.href ?? 'dist/worker.js', terminate: () => w.terminate() };
}

/**
 * Starts a worker on `script` (default: the package's own worker.js), sends it `init` and resolves
 * once it is ready; on failure the worker is terminated and the promise rejects.
 */
export async function startWorker(script: URL | undefined, init: WorkerInit, timeoutMs = READY_TIMEOUT_MS): Promise<StartedWorker> {
  const w = await launch(script, init);
  try {
    await withTimeout(w.ready, timeoutMs, w.where);
  } catch (error) {
    w.terminate();
    throw error;
  }
  return { terminate: w.terminate };
}
