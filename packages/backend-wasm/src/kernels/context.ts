/** What every wasm kernel closes over: the heap, the module's exports and the thread runner. */
import type { KernelTensor } from '@dcnn/core';
import type { WasmExports } from '../exports.js';
import type { Heap } from '../heap.js';
import type { Parallel } from '../parallel.js';

/** A tensor's storage: `length` floats at byte offset `ptr` of the wasm heap. */
export interface WasmTensor {
  readonly ptr: number;
  readonly length: number;
}

export type T = KernelTensor<WasmTensor>;

export interface Ctx {
  heap: Heap;
  k: WasmExports;
  par: Parallel;
  /**
   * Packed GEMM panels of static conv weights, by weight tensor (tensors are immutable, so a
   * weight is packed once); freed with the weight (backend.ts `free`).
   */
  packed: Map<WasmTensor, { ptr: number; group: number; winograd?: boolean }>;
  /** Whether eligible 3×3 convs take the Winograd path (kernels/winograd.ts). */
  winograd: boolean;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** A fresh output tensor of `shape`. */
export function output(ctx: Ctx, shape: readonly number[], op: string): WasmTensor {
  const length = sizeOf(shape);
  return { ptr: ctx.heap.alloc(length * 4, op), length };
}

/** Allocates scratch blocks, runs `body`, frees them whatever happens. */
export function withScratch<R>(ctx: Ctx, op: string, bytes: number[], body: (ptrs: number[]) => R): R {
  const ptrs: number[] = [];
  try {
    for (const b of bytes) ptrs.push(ctx.heap.alloc(b, op));
    return body(ptrs);
  } finally {
    for (const p of ptrs) ctx.heap.free(p);
  }
}

/** Frees `t` if the kernel fails after allocating it, so no error leaves memory behind. */
export function guard<R>(ctx: Ctx, t: WasmTensor, body: () => R): R {
  try {
    return body();
  } catch (error) {
    ctx.heap.free(t.ptr);
    throw error;
  }
}
