/**
 * A kernel worker: instantiates the shared-memory build on the caller's memory, then loops on
 * its control slot (threads/protocol.ts) running slices of kernels until told to exit.
 */
import type { WasmExports } from './exports.js';
import { DONE, EXIT, GO, KERNEL, KERNELS, STATUS, type WorkerInit, slotView } from './threads/protocol.js';

function serve(init: WorkerInit, ready: () => void): void {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const k = instance.exports as unknown as WasmExports;
  const { ints, args } = slotView(init.control, init.slot);
  ready();
  let seen = Atomics.load(ints, GO);
  for (;;) {
    // Layers come back to back: poll briefly before sleeping, which saves a futex wake-up per op.
    const until = performance.now() + init.spinMs;
    while (Atomics.load(ints, GO) === seen && performance.now() < until);
    Atomics.wait(ints, GO, seen);
    const go = Atomics.load(ints, GO);
    if (go === seen) continue;
    seen = go;
    const id = ints[KERNEL];
    if (id === EXIT) return;
    let status = 0;
    try {
      const fn = k[KERNELS[id]] as (...a: number[]) => number | void;
      status = fn(...Array.from(args)) ?? 0;
    } catch {
      status = 99;
    }
    ints[STATUS] = status;
    Atomics.store(ints, DONE, go);
    Atomics.notify(ints, DONE);
  }
}

declare const self: { onmessage: ((e: MessageEvent<WorkerInit>) => void) | null; postMessage(m: unknown): void };

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
if (isNode) {
  const { parentPort } = await import('node:worker_threads');
  parentPort?.once('message', (init: WorkerInit) => serve(init, () => parentPort.postMessage('ready')));
} else {
  self.onmessage = (e) => serve(e.data, () => self.postMessage('ready'));
}
