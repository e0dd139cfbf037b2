/**
 * The shared control block between the calling thread and the workers. Per worker slot: an
 * Int32 `go` sequence number (bumped by the caller), a `done` sequence number (set by the
 * worker), the kernel id and its status; then 32 float64 arguments. Work is handed over and
 * collected with Atomics.wait/notify, never with messages, so a dispatch costs microseconds.
 */
import type { ParallelKernel } from '../exports.js';

export const KERNELS: readonly ParallelKernel[] = ['convSample', 'deformSample', 'depthwiseSample', 'dense', 'globalPool', 'aggregatePacked', 'winogradPad', 'winogradSample', 'winogradWeights', 'aggregateRows'];
export const EXIT = -1;
/**
 * How long a waiting thread polls before it blocks (ms). Measured on 2 cores, mobilenetv2 at 2
 * threads: 0.5 ms is 2-4% faster than 0.05 on an idle machine, but 4x slower (69 against 21 ms)
 * while another process wants a core, because a polling thread then burns the time slice its
 * partner needs; 0.05 keeps most of the gain and degrades gently.
 */
export const SPIN_MS = 0.05;
export const MAX_ARGS = 32;
const INTS = 4;
const SLOT_BYTES = INTS * 4 + 4 + MAX_ARGS * 8; // keep the f64 args 8-byte aligned
const SLOT = Math.ceil(SLOT_BYTES / 64) * 64;

export const GO = 0;
export const DONE = 1;
export const KERNEL = 2;
export const STATUS = 3;

export function controlBytes(slots: number): number {
  return slots * SLOT;
}

export interface SlotView {
  ints: Int32Array;
  args: Float64Array;
}

export function slotView(buffer: SharedArrayBuffer, slot: number): SlotView {
  return {
    ints: new Int32Array(buffer, slot * SLOT, INTS),
    args: new Float64Array(buffer, slot * SLOT + 24, MAX_ARGS),
  };
}

/** The message that starts a worker. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
  /** How long the worker polls for the next call before it blocks (ms). */
  spinMs: number;
}
