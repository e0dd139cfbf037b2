/** What every kernel file shares: the handle type and the context accessor. */
import type { KernelTensor, Shape } from '@dcnn/core';
import type { GpuContext } from '../runtime/context.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';

export type T = KernelTensor<GpuTensor>;

/** Kernels fetch the live context on every call (it changes when the backend re-initialises). */
export type ContextRef = () => GpuContext;

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Element-wise programs use 64 invocations a workgroup. */
export const WG = 64;
