/**
 * The worker pool: `threads - 1` workers sharing the caller's wasm memory (each with its own
 * instance of the shared-memory build), plus the calling thread itself, which claims chunks of
 * every job like the workers do (threads/protocol.ts). Node uses worker_threads; browsers use
 * module Web Workers and need cross-origin isolation for shared memory.
 */
import { BackendInitError } from '@dcnn/core';
import type { WasmExports } from '../exports.js';
import type { Heap } from '../heap.js';
import type { Variant } from '../load.js';
import { type Parallel, type ParallelCall, runRange } from '../parallel.js';
import { isNode } from '../runtime.js';
import { checkStatus } from '../status.js';
import {
  CHUNKS, CHUNKS_PER_THREAD, DONE, EXIT, IDLE, KERNEL, KERNELS, MAX_ARGS, POSTED, RANGE_AT, SCRATCH_AT, SCRATCH_BASE,
  SCRATCH_STRIDE, SPIN_MS, STATE, STATUS, THREADS, TOTAL, controlBytes, jobView, resetClaims, runChunks,
} from './protocol.js';
import { startWorker } from './spawn.js';

const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;


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

// Browsers forbid Atomics.wait on the main thread: there the caller spins on Atomics.load.
let canBlock: boolean | undefined;
function blockingAllowed(): boolean {
  if (canBlock === undefined) {
    try {
      // Returns 'not-equal' at once where blocking is allowed; throws where it is not.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      canBlock = true;
    } catch {
      canBlock = false;
    }
  }
  return canBlock;
}

/** Takes back a worker's slot after the caller ran out of chunks; returns the worker's status. */
export function collect(slot: Int32Array, spinMs: number): number {
  // Still POSTED: the worker has not joined, and now never will.
  if (Atomics.compareExchange(slot, STATE, POSTED, IDLE) === POSTED) return 0;
  const until = performance.now() + spinMs;
  for (;;) {
    const state = Atomics.load(slot, STATE);
    if (state === DONE) break;
    if (blockingAllowed() && performance.now() > until) Atomics.wait(slot, STATE, state, 1000);
  }
  const status = slot[STATUS];
  Atomics.store(slot, STATE, IDLE);
  return status;
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
  /** The worker script, when not the package's own dist/worker.js. */
  workerUrl?: URL;
}

export async function startPool(o: PoolOptions): Promise<Parallel> {
  const spinMs = o.spinMs ?? SPIN_MS;
  const control = new SharedArrayBuffer(controlBytes(o.threads));
  const job = jobView(control);
  const slots = job.slots.slice(1);
  // All workers start at once (each instantiates the module; one after the other took ~25 ms each).
  const started = await Promise.allSettled(
    slots.map((_, i) => startWorker(o.workerUrl, { module: o.module, memory: o.memory, control, thread: i + 1, spinMs })),
  );
  const workers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const w of workers) w.terminate();
    const reason = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
    const from = o.workerUrl ? ` from ${o.workerUrl.href}` : '';
    throw new BackendInitError({ op: 'wasm', arg: o.workerUrl ? 'workerUrl' : 'threads', expected: `${o.threads - 1} worker${o.threads === 2 ? '' : 's'} to start${from}`, actual: reason });
  }
  const post = (): void => {
    for (const slot of slots) {
      slot[STATUS] = 0;
      Atomics.store(slot, STATE, POSTED);
      Atomics.notify(slot, STATE);
    }
  };
  const run = (call: ParallelCall): void => {
    const chunks = Math.min(o.threads * (call.chunksPerThread ?? CHUNKS_PER_THREAD), Math.floor(call.total / (call.grain ?? 1)));
    if (chunks <= 1) return runRange(o.heap, o.k, call, 0, call.total);
    if (call.args.length > MAX_ARGS) throw new Error(`${call.kernel}: more than ${MAX_ARGS} kernel arguments`);
    const scratchBytes = call.scratchAt === undefined ? 0 : align64(call.scratchBytes ?? 0);
    // Allocated before any worker starts, so a failure leaves none running.
    const scratch = scratchBytes ? o.heap.alloc(scratchBytes * o.threads, call.op) : 0;
    try {
      const { ints, floats, args } = job;
      ints[KERNEL] = KERNELS.indexOf(call.kernel);
      ints[CHUNKS] = chunks;
      ints[TOTAL] = call.total;
      ints[THREADS] = o.threads;
      ints[RANGE_AT] = call.rangeAt;
      ints[SCRATCH_AT] = call.scratchAt ?? -1;
      floats[SCRATCH_BASE] = scratch;
      floats[SCRATCH_STRIDE] = scratchBytes;
      args.fill(0);
      args.set(call.args);
      resetClaims(job);
      post();
      const statuses: number[] = [];
      let failure: unknown;
      try {
        statuses.push(runChunks(job, o.k[call.kernel] as (...a: number[]) => number | void, 0));
      } catch (error) {
        failure = error;
      } finally {
        // Every worker is back before the scratch is freed or the next job is posted.
        for (const slot of slots) statuses.push(collect(slot, spinMs));
      }
      if (failure !== undefined) throw failure;
      for (const status of statuses) checkStatus(status, call.op, call.kernel);
    } finally {
      if (scratch) o.heap.free(scratch);
    }
  };
  return {
    threads: o.threads,
    run,
    dispose: () => {
      job.ints[KERNEL] = EXIT;
      post();
      for (const w of workers) w.terminate();
    },
  };
}
