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
