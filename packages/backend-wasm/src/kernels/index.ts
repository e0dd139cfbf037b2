/** The wasm kernel map: one kernel per op of SPEC.md. */
import type { KernelMap } from '@dcnn/core';
import type { Ctx, WasmTensor } from './context.js';
import { conv2d, dynamicConv2d } from './conv.js';
import { deformConv2d } from './deform.js';
import { elementwiseKernels } from './elementwise.js';
import { poolReduceKernels } from './pool-reduce.js';

export function createKernels(ctx: Ctx): KernelMap<WasmTensor> {
  return {
    conv2d: conv2d(ctx),
    dynamicConv2d: dynamicConv2d(ctx),
    deformConv2d: deformConv2d(ctx),
    ...elementwiseKernels(ctx),
    ...poolReduceKernels(ctx),
  } satisfies KernelMap<WasmTensor>;
}
