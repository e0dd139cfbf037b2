/**
 * A kernel worker: instantiates the shared-memory build on the caller's memory, then waits on
 * its slot (threads/protocol.ts) to join posted jobs, claiming chunks until none are left,
 * until told to exit.
 */
import type { WasmExports } from './exports.js';
import { DONE, EXIT, KERNEL, KERNELS, POSTED, PROTOCOL, RUNNING, STATE, STATUS, type WorkerInit, jobView, runChunks } from './threads/protocol.js';
import { isNode } from './runtime.js';

/** Status reported when the kernel threw (a wasm trap): the caller turns it into an error (status.ts). */
const TRAPPED = 99;

function serve(init: WorkerInit, ready: () => void): void {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const k = instance.exports as unknown as WasmExports;
  const job = jobView(init.control);
  const thread = init.thread;
  const slot = job.slots[thread];
  ready();
  for (;;) {
    // Layers come back to back: poll briefly before sleeping, which saves a futex wake-up per op.
    const until = performance.now() + init.spinMs;
    let state = Atomics.load(slot, STATE);
    while (state !== POSTED && performance.now() < until) state = Atomics.load(slot, STATE);
    while (state !== POSTED) {
      Atomics.wait(slot, STATE, state);
      state = Atomics.load(slot, STATE);
    }
    // The caller may have cancelled the job meanwhile (it ran every chunk itself).
    if (Atomics.compareExchange(slot, STATE, POSTED, RUNNING) !== POSTED) continue;
    const id = job.ints[KERNEL];
    if (id === EXIT) return;
    let status = 0;
    try {
      status = runChunks(job, k[KERNELS[id]] as (...a: number[]) => number | void, thread);
    } catch {
      status = TRAPPED;
    }
    slot[STATUS] = status;
    Atomics.store(slot, STATE, DONE);
    Atomics.notify(slot, STATE);
  }
}

declare const self: { onmessage: ((e: MessageEvent<WorkerInit>) => void) | null; postMessage(m: unknown): void };

// No top-level await: bundlers build workers as classic scripts by default (Vite's worker format
// is 'iife'), which cannot hold one.
if (isNode) {
  // Node-only: the comments keep bundlers from resolving it for a browser build (webpack fails on Node's modules).
  void import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:worker_threads').then(({ parentPort }) => {
    parentPort?.once('message', (init: WorkerInit) => serve(init, () => parentPort.postMessage({ ready: PROTOCOL })));
  });
} else {
  self.onmessage = (e) => serve(e.data, () => self.postMessage({ ready: PROTOCOL }));
}
