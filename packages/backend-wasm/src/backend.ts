/**
 * The wasm backend: float32 tensors in one WebAssembly heap, kernels in AssemblyScript (SIMD,
 * relaxed SIMD where the engine validates it), an optional worker pool over shared memory.
 */
import { BACKEND_SPEC_VERSION, type Backend, BackendInitError, type BackendFactory, DisposedError, type KernelMap } from '@dcnn/core';
import type { WasmExports } from './exports.js';
import { Heap } from './heap.js';
import { type Ctx, type WasmTensor } from './kernels/context.js';
import { createKernels } from './kernels/index.js';
import { dropCached } from './kernels/conv-run.js';
import { loadModule, relaxedSimdSupported, simdSupported, type Variant } from './load.js';
import { resolveLocation } from './locations.js';
import { createMemory } from './memory.js';
import { checkOptions } from './options.js';
import { typedTrap } from './status.js';
import { type Parallel, singleThread } from './parallel.js';
import { startPool, threadSupport, type ThreadEnvironment } from './threads/pool.js';

export interface WasmBackendOptions {
  /**
   * Threads including the calling one: an integer from 1 to MAX_THREADS (default 1). Falls back
   * to 1, with a notice, where shared memory is unavailable. Wrong options are BackendInitErrors.
   */
  threads?: number;
  /**
   * Use the relaxed-SIMD build: `'auto'` (default) where `WebAssembly.validate` accepts it (and
   * the plain build, with a notice, when the relaxed file will not load); `true` always (an
   * error where it cannot run); `false` never.
   */
  relaxedSimd?: boolean | 'auto';
  /**
   * Winograd F(2×2, 3×3) for stride-1, undilated, ungrouped 3×3 convs with ≥ 16 channels in
   * and out (default true): 2.25× fewer multiplies, results within SPEC.md's float32 tolerance
   * but not bit-identical to the im2col path. `false` keeps every conv on im2col + GEMM.
   */
  winograd?: boolean;
  /**
   * How long an idle thread of the pool polls for work (workers) or for the others to finish
   * (the caller) before it blocks, in ms (default SPIN_MS). Longer saves futex wake-ups between
   * back-to-back ops at the price of a busy core while idle, and is much slower when other
   * processes compete for the cores (see SPIN_MS).
   */
  spinMs?: number;
  /**
   * The folder holding the `.wasm` builds (`dcnn-simd.wasm`, `dcnn-relaxed.wasm` and their
   * `-mt` twins, as in the package's dist/), when they are not where the package finds them
   * itself: copied beside a single-file bundle, served from a CDN or a static folder. A URL, or a
   * string: an absolute URL, or a path (relative to the page in browsers; to the working
   * directory, or absolute, in Node).
   */
  wasmPaths?: string | URL;
  /**
   * The worker script for threads (the package's dist/worker.js, with the `chunk-*.js` file it
   * imports beside it), when not where the package finds it itself; given as `wasmPaths` is.
   * Browsers start one on another origin through a same-origin blob that imports it (the server
   * must allow CORS).
   */
  workerUrl?: string | URL;
  /** Overrides the detected environment for threads (tests; a host that knows better). */
  threadEnvironment?: ThreadEnvironment;
}

export interface WasmBackend extends Backend<WasmTensor> {
  /** Threads actually running kernels. */
  readonly threads: number;
  /** The build in use (`dcnn-simd`, `dcnn-relaxed`, and `-mt` for shared memory). */
  readonly variant: Variant;
  /**
   * Why less runs than was asked for, if so: fewer threads (no shared memory), or the plain
   * SIMD build where `relaxedSimd: 'auto'` found no relaxed build to load.
   */
  readonly notice?: string;
  /** Heap bytes held by live tensors and scratch. */
  liveBytes(): number;
  /** Runs the SIMD peak probe for about `ms` milliseconds and returns GFLOP/s. */
  measurePeak(ms?: number): number;
}


function chooseVariant(relaxed: boolean, shared: boolean): Variant {
  return `${relaxed ? 'dcnn-relaxed' : 'dcnn-simd'}${shared ? '-mt' : ''}` as Variant;
}

/**
 * Loads the build the options and the engine call for. Under `'auto'`, a relaxed build that
 * will not load (a `wasmPaths` folder or a deployment holding only the plain builds) falls back
 * to the plain one, with a notice: relaxed SIMD is a speed-up, not a requirement. Asked for
 * explicitly (`true`), it is the relaxed build or an error.
 */
async function loadVariant(
  relaxedSimd: boolean | 'auto',
  shared: boolean,
  folder: URL | undefined,
): Promise<{ variant: Variant; module: WebAssembly.Module; notice?: string }> {
  const relaxed = relaxedSimd === 'auto' ? relaxedSimdSupported() : relaxedSimd;
  const variant = chooseVariant(relaxed, shared);
  try {
    return { variant, module: await loadModule(variant, folder) };
  } catch (error) {
    if (!relaxed || relaxedSimd !== 'auto') throw error;
    const plain = chooseVariant(false, shared);
    const module = await loadModule(plain, folder);
    return { variant: plain, module, notice: `running ${plain} instead of ${variant}: ${(error as BackendInitError).actual}` };
  }
}

export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  if (!simdSupported()) {
    throw new BackendInitError({ op: 'wasm', arg: 'engine', expected: 'WebAssembly with fixed-width SIMD', actual: 'an engine without it' });
  }
  checkOptions(options);
  const wanted = options.threads ?? 1;
  let notice: string | undefined;
  let threads = wanted;
  if (wanted > 1) {
    const support = threadSupport(options.threadEnvironment);
    if (!support.ok) {
      notice = `running 1 thread instead of ${wanted}: ${support.reason}`;
      threads = 1;
    }
  }
  const wasmFolder = options.wasmPaths === undefined ? undefined : await resolveLocation(options.wasmPaths, true, 'wasmPaths');
  const chosen = await loadVariant(options.relaxedSimd ?? 'auto', threads > 1, wasmFolder);
  const { variant, module } = chosen;
  if (chosen.notice) notice = notice ? `${notice}; ${chosen.notice}` : chosen.notice;
  const { memory, maxBytes } = createMemory(threads > 1);
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, { env: { memory } });
  } catch (error) {
    throw new BackendInitError({ op: 'wasm', arg: 'instance', expected: `the ${variant} module to instantiate`, actual: (error as Error).message });
  }
  const k = instance.exports as unknown as WasmExports;
  const heap = new Heap(memory, k.heapBase(), maxBytes);
  let par: Parallel = singleThread(heap, k);
  if (threads > 1) {
    const workerUrl = options.workerUrl === undefined ? undefined : await resolveLocation(options.workerUrl, false, 'workerUrl');
    par = await startPool({ heap, k, module, memory, threads, variant, spinMs: options.spinMs, workerUrl });
  }
  const ctx: Ctx = { heap, k, par, packed: new Map(), winograd: options.winograd ?? true };
  let disposed = false;
  // After dispose() the workers are gone: every op, upload and read is a typed error, not a wait
  // on a worker that will never answer.
  const live = (op: string): void => {
    if (disposed) throw new DisposedError({ op, arg: 'backend', expected: 'a live wasm backend', actual: 'a backend that was disposed' });
  };
  const kernels = Object.fromEntries(
    Object.entries(createKernels(ctx)).map(([op, kernel]) => [
      op,
      (...args: unknown[]) => {
        live(op);
        try {
          return (kernel as (...a: unknown[]) => unknown)(...args);
        } catch (error) {
          throw typedTrap(error, op);
        }
      },
    ]),
  ) as unknown as KernelMap<WasmTensor>;
  return {
    specificationVersion: BACKEND_SPEC_VERSION,
    name: 'wasm',
    precision: 'float32-cpu',
    kernels,
    threads: par.threads,
    variant,
    notice,
    upload: (data) => (live('upload'), { ptr: heap.writeF32(data, 'upload'), length: data.length }),
    read: async (handle) => (live('read'), heap.readF32(handle.ptr, handle.length)),
    free: (handle) => {
      if (disposed) return;
      heap.free(handle.ptr);
      dropCached(ctx, handle);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      par.dispose();
    },
    liveBytes: () => heap.liveBytes,
    measurePeak: (ms = 200) => {
      // A 6 KiB block of small values the probe streams from L1; short calls until V8 has tiered
      // the probe up (the first runs are baseline code), then the best of ~20 ms runs.
      const block = heap.writeF32(Float32Array.from({ length: 1536 }, (_, i) => ((i % 7) - 3) * 1e-3));
      try {
        let iters = 64;
        let best = 0;
        const start = performance.now();
        // Runs on past `ms` until one run has lasted 20 ms (a run that tiers up midway can leave
        // the doubling short of it when time is up), but never past 10 s.
        for (;;) {
          const elapsed = performance.now() - start;
          if ((elapsed >= ms && best > 0) || elapsed >= 10_000) break;
          const t0 = performance.now();
          k.peakProbe(block, iters);
          const dt = performance.now() - t0;
          if (dt < 20) iters *= 2;
          else best = Math.max(best, (iters * 128 * 64) / (dt * 1e6));
        }
        return best;
      } finally {
        heap.free(block);
      }
    },
  };
}

export const wasmBackendFactory: BackendFactory = {
  name: 'wasm',
  priority: 50,
  description: 'WebAssembly SIMD kernels (AssemblyScript), float32, optional worker threads',
  create: () => createWasmBackend(),
};

/** A factory for a given option set (e.g. a thread count chosen on the command line). */
export function wasmBackendFactoryWith(options: WasmBackendOptions): BackendFactory {
  return { ...wasmBackendFactory, create: () => createWasmBackend(options) };
}
