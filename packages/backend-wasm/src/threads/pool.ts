/**
 * The worker pool: `threads - 1` workers sharing the caller's wasm memory (each with its own
 * instance of the shared-memory build), plus the calling thread itself, which always runs the
 * first chunk. Node uses worker_threads; browsers use module Web Workers and need
 * cross-origin isolation for shared memory.
 */
import { BackendInitError } from '@dcnn/core';
import type { WasmExports } from '../exports.js';
import type { Heap } from '../heap.js';
import type { Variant } from '../load.js';
import { type Parallel, type ParallelCall, runRange } from '../parallel.js';
import { checkStatus } from '../status.js';
import { workerUrl } from '../worker-url.js';
import { DONE, EXIT, GO, KERNEL, KERNELS, MAX_ARGS, SPIN_MS, STATUS, type SlotView, type WorkerInit, controlBytes, slotView } from './protocol.js';

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** What decides whether threads can run (the current environment unless given). */
export interface ThreadEnvironment {
  node: boolean;
  sharedArrayBuffer: boolean;
  crossOriginIsolated?: boolean;
  worker: boolean;
}

function currentEnvironment(): ThreadEnvironment {
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  return { node: isNode, sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined', crossOriginIsolated: g.crossOriginIsolated, worker: typeof g.Worker === 'function' };
}

/** Whether threads can run here, and if not, why. */
export function threadSupport(env: ThreadEnvironment = currentEnvironment()): { ok: boolean; reason?: string } {
  if (!env.node && env.crossOriginIsolated === false) {
    return { ok: false, reason: 'the page is not cross-origin isolated (serve it with COOP: same-origin and COEP: require-corp)' };
  }
  if (!env.sharedArrayBuffer) {
    return { ok: false, reason: 'SharedArrayBuffer is unavailable (a page needs cross-origin isolation: COOP/COEP headers)' };
  }
  if (!env.node && !env.worker) return { ok: false, reason: 'Web Workers are unavailable' };
  return { ok: true };
}

interface Handle {
  post(init: WorkerInit): Promise<void>;
  terminate(): void;
}

async function spawn(): Promise<Handle> {
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(workerUrl());
    return {
      post: (init) =>
        new Promise((resolve, reject) => {
          // Held until ready, then unref'd: an idle pool must not keep the process alive.
          w.once('message', () => {
            w.unref();
            resolve();
          });
          w.once('error', reject);
          w.postMessage(init);
        }),
      terminate: () => void w.terminate(),
    };
  }
  const w = new Worker(workerUrl(), { type: 'module' });
  return {
    post: (init) =>
      new Promise((resolve, reject) => {
        w.onmessage = () => resolve();
        w.onerror = (e) => reject(new Error(e.message));
        w.postMessage(init);
      }),
    terminate: () => w.terminate(),
  };
}

// Browsers forbid Atomics.wait on the main thread: there the caller spins on Atomics.load.
let canBlock: boolean | undefined;
function waitDone(ints: Int32Array, seq: number, spinMs: number): void {
  if (canBlock === undefined) {
    try {
      // Returns 'not-equal' at once where blocking is allowed; throws where it is not.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      canBlock = true;
    } catch {
      canBlock = false;
    }
  }
  const until = performance.now() + spinMs;
  for (;;) {
    const done = Atomics.load(ints, DONE);
    if (done === seq) return;
    if (canBlock && performance.now() > until) Atomics.wait(ints, DONE, done, 1000);
  }
}

export interface PoolOptions {
  heap: Heap;
  k: WasmExports;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  threads: number;
  variant: Variant;
  /** How long an idle thread polls before it blocks (ms; default SPIN_MS). */
  spinMs?: number;
}

export async function startPool(o: PoolOptions): Promise<Parallel> {
  const spinMs = o.spinMs ?? SPIN_MS;
  const control = new SharedArrayBuffer(controlBytes(o.threads - 1));
  const slots: SlotView[] = [];
  const workers: Handle[] = [];
  try {
    for (let i = 0; i < o.threads - 1; i++) {
      const w = await spawn();
      workers.push(w);
      slots.push(slotView(control, i));
      await w.post({ module: o.module, memory: o.memory, control, slot: i, spinMs });
    }
  } catch (error) {
    for (const w of workers) w.terminate();
    throw new BackendInitError({ op: 'wasm', arg: 'threads', expected: `${o.threads - 1} workers to start`, actual: (error as Error).message });
  }
  let seq = 0;
  const run = (call: ParallelCall): void => {
    const chunks = Math.min(o.threads, Math.max(1, Math.floor(call.total / (call.grain ?? 1))));
    if (chunks <= 1) return runRange(o.heap, o.k, call, 0, call.total);
    if (call.args.length > MAX_ARGS) throw new Error(`${call.kernel}: more than ${MAX_ARGS} kernel arguments`);
    const bounds = Array.from({ length: chunks + 1 }, (_, i) => Math.round((i * call.total) / chunks));
    const scratch: number[] = [];
    seq = (seq + 1) | 0;
    try {
      // Allocate every scratch block before any worker starts, so a failure leaves none running.
      if (call.scratchAt !== undefined) for (let i = 1; i < chunks; i++) scratch.push(o.heap.alloc(call.scratchBytes ?? 0, call.op));
      for (let i = 1; i < chunks; i++) {
        const args = call.args.slice();
        if (call.scratchAt !== undefined) args[call.scratchAt] = scratch[i - 1];
        args[call.rangeAt] = bounds[i];
        args[call.rangeAt + 1] = bounds[i + 1];
        const { ints, args: slotArgs } = slots[i - 1];
        slotArgs.fill(0);
        slotArgs.set(args);
        ints[KERNEL] = KERNELS.indexOf(call.kernel);
        ints[STATUS] = 0;
        Atomics.store(ints, GO, seq);
        Atomics.notify(ints, GO);
      }
      try {
        runRange(o.heap, o.k, call, bounds[0], bounds[1]);
      } finally {
        for (let i = 1; i < chunks; i++) waitDone(slots[i - 1].ints, seq, spinMs);
      }
      for (let i = 1; i < chunks; i++) checkStatus(slots[i - 1].ints[STATUS], call.op, call.kernel);
    } finally {
      for (const p of scratch) o.heap.free(p);
    }
  };
  return {
    threads: o.threads,
    run,
    dispose: () => {
      seq = (seq + 1) | 0;
      for (const { ints } of slots) {
        ints[KERNEL] = EXIT;
        Atomics.store(ints, GO, seq);
        Atomics.notify(ints, GO);
      }
      for (const w of workers) w.terminate();
    },
  };
}
