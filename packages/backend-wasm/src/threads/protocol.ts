/**
 * The shared control block between the calling thread and the workers.
 *
 * One job at a time: a header with the kernel id, the range split (`total` units in `chunks`
 * chunks, chunk i covering `[chunkBound(i), chunkBound(i + 1))`), the scratch layout and 32
 * float64 arguments. Then one 64-byte slot per thread (the caller is thread 0) with its claim
 * counter, and for workers their state and status.
 *
 * Thread t owns a contiguous run of the chunks (the same share of every op, so data a thread
 * wrote in one op is mostly what it reads in the next) and claims them with `Atomics.add` on its
 * own counter; when its run is exhausted it claims from the other threads' runs the same way. A
 * worker that wakes late (a futex wake-up, a time slice lost to another process) thus finds its
 * chunks done by the others instead of the whole op waiting for its share.
 *
 * A worker slot goes IDLE → POSTED (the caller, with a notify) → RUNNING (the worker, by
 * compare-and-swap) → DONE (the worker) → IDLE (the caller). When the caller has run out of
 * chunks it cancels any worker still POSTED (POSTED → IDLE by compare-and-swap; exactly one of
 * the two swaps wins), so a worker never touches a job it did not join in time, and the caller
 * waits only for workers that are RUNNING. The claim counters are reset only while no worker runs.
 */
import type { ParallelKernel } from '../exports.js';

/** The kernels a worker can run, by id (the job's KERNEL field). */
export const KERNELS: readonly ParallelKernel[] = [
  'convSample', 'deformSample', 'depthwiseSample', 'dense', 'globalPool', 'aggregatePacked', 'winogradPad',
  'winogradSample', 'winogradWeights', 'aggregateRows', 'binaryFlat', 'deformPadPlanes', 'convDirect', 'unary', 'binary',
  'batchNorm', 'depthwiseSmall',
];
export const EXIT = -1;
/**
 * How long a waiting thread polls before it blocks (ms). Measured on 2 cores, mobilenetv2 at 2
 * threads: 0.5 ms is 2-4% faster than 0.05 on an idle machine, but 4x slower (69 against 21 ms)
 * while another process wants a core, because a polling thread then burns the time slice its
 * partner needs; 0.05 keeps most of the gain and degrades gently.
 */
export const SPIN_MS = 0.05;
/**
 * Chunks per thread: more lets the threads that run absorb one that starts late or is
 * preempted; fewer saves per-chunk costs (a call into wasm; a conv split by output blocks packs
 * its tiles once per chunk).
 */
export const CHUNKS_PER_THREAD = 2;
export const MAX_ARGS = 32;

// Header Int32 fields.
export const KERNEL = 0;
export const CHUNKS = 1;
export const TOTAL = 2;
export const THREADS = 3;
export const RANGE_AT = 4;
/** Index of the scratch pointer argument, or -1. */
export const SCRATCH_AT = 5;
const HEADER_INTS = 8;
// Header Float64 fields (pointers may exceed 2^31): scratch base and per-thread stride, then args.
export const SCRATCH_BASE = 0;
export const SCRATCH_STRIDE = 1;
const HEADER_FLOATS = 2;
const HEADER_BYTES = Math.ceil((HEADER_INTS * 4 + (HEADER_FLOATS + MAX_ARGS) * 8) / 64) * 64;
const SLOT_BYTES = 64; // one cache line per thread: its state word is polled

// Thread slot Int32 fields (STATE and STATUS are used by workers only), and the states.
export const STATE = 0;
export const STATUS = 1;
/** Chunks claimed so far from this thread's own run (may overshoot it). */
export const NEXT = 2;
export const IDLE = 0;
export const POSTED = 1;
export const RUNNING = 2;
export const DONE = 3;

/**
 * What a worker answers once it is ready: this build's protocol (kernel ids, control block
 * layout). A worker script from another build (a `workerUrl` at another version's worker.js)
 * answers differently and is refused, instead of running kernels by the wrong ids. Bump the
 * number when the meaning of a field changes without the layout changing.
 */
export const PROTOCOL = `dcnn-wasm-threads/1 ${KERNELS.join(',')} ${HEADER_BYTES}/${SLOT_BYTES}/${MAX_ARGS}`;

export function controlBytes(threads: number): number {
  return HEADER_BYTES + threads * SLOT_BYTES;
}

export interface JobView {
  ints: Int32Array;
  floats: Float64Array;
  /** The kernel's arguments (range and scratch entries are filled in per chunk and thread). */
  args: Float64Array;
  /** Every thread's slot (thread 0 is the caller). */
  slots: Int32Array[];
}

export function jobView(buffer: SharedArrayBuffer): JobView {
  const floats = new Float64Array(buffer, HEADER_INTS * 4, HEADER_FLOATS + MAX_ARGS);
  const threads = (buffer.byteLength - HEADER_BYTES) / SLOT_BYTES;
  const slots = Array.from({ length: threads }, (_, t) => new Int32Array(buffer, HEADER_BYTES + t * SLOT_BYTES, 3));
  return { ints: new Int32Array(buffer, 0, HEADER_INTS), floats, args: floats.subarray(HEADER_FLOATS), slots };
}

/** Start of chunk `i` of `total` units in `chunks` chunks (the end of chunk i is chunkBound(i + 1)). */
export function chunkBound(i: number, total: number, chunks: number): number {
  return Math.round((i * total) / chunks);
}

/** Resets every thread's claim counter; only while no worker runs a job. */
export function resetClaims(job: JobView): void {
  for (const slot of job.slots) Atomics.store(slot, NEXT, 0);
}

/**
 * Runs chunks of the posted job on thread `thread` until none are left: its own run first, then
 * what the other threads have not claimed yet, each with this thread's scratch block. Returns
 * the first non-zero status (later chunks still run, so the job completes), or throws what the
 * kernel threw.
 */
export function runChunks(job: JobView, fn: (...a: number[]) => number | void, thread: number): number {
  const { ints, floats, slots } = job;
  const args = Array.from(job.args);
  const chunks = ints[CHUNKS];
  const total = ints[TOTAL];
  const threads = ints[THREADS];
  const at = ints[RANGE_AT];
  if (ints[SCRATCH_AT] >= 0) args[ints[SCRATCH_AT]] = floats[SCRATCH_BASE] + thread * floats[SCRATCH_STRIDE];
  let status = 0;
  for (let k = 0; k < threads; k++) {
    const owner = (thread + k) % threads;
    const first = chunkBound(owner, chunks, threads);
    const end = chunkBound(owner + 1, chunks, threads);
    for (;;) {
      const i = first + Atomics.add(slots[owner], NEXT, 1);
      if (i >= end) break;
      args[at] = chunkBound(i, total, chunks);
      args[at + 1] = chunkBound(i + 1, total, chunks);
      const s = fn(...args) ?? 0;
      if (status === 0) status = s;
    }
  }
  return status;
}

/** The message that starts a worker. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** This worker's thread index (1 to threads - 1; the caller is 0). */
  thread: number;
  /** How long the worker polls for the next call before it blocks (ms). */
  spinMs: number;
}
