/** What every kernel file shares: the handle type and the context accessor. */
import type { KernelTensor, Shape } from '@dcnn/core';
import type { GpuContext } from '../runtime/context.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';

export type T = KernelTensor<GpuTensor>;

/** Kernels fetch the live context on every call (it changes when the backend re-initialises). */
export type ContextRef = () => GpuContext;

// Shape arithmetic is core's; re-exported so kernel files keep one import.
export { sizeOf, stridesOf } from '@dcnn/core';

/** Element-wise programs use 64 invocations a workgroup. */
export const WG = 64;

/**
 * The input rows a depthwise block of `rh` output rows reads through a kernel of `kh` rows,
 * sorted: only these are generated into its shader, since with a large stride or dilation the
 * block spans millions of rows, nearly all skipped (a stride of 4096 took 20 s to generate).
 */
export function rowsRead(rh: number, kh: number, sh: number, dh: number): number[] {
  const rows = new Set<number>();
  for (let rr = 0; rr < rh; rr++) for (let p = 0; p < kh; p++) rows.add(rr * sh + p * dh);
  return [...rows].sort((a, b) => a - b);
}
