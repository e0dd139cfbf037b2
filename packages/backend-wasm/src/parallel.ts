/**
 * How a kernel's work is split. A parallel call names an export, its arguments, the position of
 * its `[start, end)` range arguments and, optionally, of a per-thread scratch pointer. The
 * single-thread runner calls it once over the whole range; the worker pool (threads/) splits
 * the range into contiguous chunks, a few per thread, which the threads claim as they come.
 * Each output element is computed by the same code whatever the split, so results are
 * identical for any thread count.
 */
import type { Heap } from './heap.js';
import type { ParallelKernel, WasmExports } from './exports.js';
import { checkStatus } from './status.js';

export interface ParallelCall {
  op: string;
  kernel: ParallelKernel;
  args: number[];
  /** Index in `args` of the range start (the end follows it). */
  rangeAt: number;
  /** Range length (tiles, channels, outputs). */
  total: number;
  /** Index in `args` of the scratch pointer, when the kernel needs one. */
  scratchAt?: number;
  scratchBytes?: number;
  /** Do not split below this many units per chunk (small ops stay on one thread). */
  grain?: number;
  /**
   * Chunks per thread (default CHUNKS_PER_THREAD): 1 where each chunk repeats a fixed cost
   * (a conv split by output blocks packs every pixel tile in each chunk).
   */
  chunksPerThread?: number;
}

export interface Parallel {
  readonly threads: number;
  run(call: ParallelCall): void;
  dispose(): void;
}

/** Runs `call` over `[start, end)` on the calling thread, with its own scratch block. */
export function runRange(heap: Heap, k: WasmExports, call: ParallelCall, start: number, end: number): void {
  const args = call.args.slice();
  const scratch = call.scratchAt !== undefined ? heap.alloc(call.scratchBytes ?? 0, call.op) : 0;
  try {
    if (call.scratchAt !== undefined) args[call.scratchAt] = scratch;
    args[call.rangeAt] = start;
    args[call.rangeAt + 1] = end;
    const fn = k[call.kernel] as (...a: number[]) => number | void;
    checkStatus(fn(...args), call.op, call.kernel);
  } finally {
    if (call.scratchAt !== undefined) heap.free(scratch);
  }
}

export function singleThread(heap: Heap, k: WasmExports): Parallel {
  return {
    threads: 1,
    run: (call) => runRange(heap, k, call, 0, call.total),
    dispose: () => {},
  };
}
