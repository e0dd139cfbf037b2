/** The webgpu kernel map: one kernel per op of SPEC.md. */
import { type KernelMap, type SpatialSteps, checkInt32Geometry } from '@dcnn/core';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { binaryKernels } from './binary.js';
import type { ContextRef } from './common.js';
import { runConv } from './conv.js';
import { runDeformConv } from './deform-conv.js';
import { denseKernels } from './dense.js';
import { runDynamicConv } from './dynamic-conv.js';
import { poolNormKernels } from './pool-norm.js';
import { reduceKernels } from './reduce.js';
import { shapeKernels } from './shape-ops.js';
import { unaryKernels } from './unary.js';

/** Refuses geometry the shaders' 32-bit indices cannot address, before anything is allocated. */
const indexable = (op: string, x: { shape: readonly number[] }, attrs: SpatialSteps): void =>
  checkInt32Geometry(op, 'webgpu', x.shape[2], x.shape[3], attrs);

export function createKernels(ctx: ContextRef): KernelMap<GpuTensor> {
  return {
    conv2d: ({ x, w, b }, attrs, [out]) => {
      indexable('conv2d', x, attrs);
      return runConv(ctx(), 'conv2d', {
        x: x.handle, xShape: x.shape, w: w.handle, kShape: w.shape.slice(-4), perSampleWeights: w.shape.length === 5, attrs, out,
        epilogue: { bias: b?.handle, biasPerSample: b?.shape.length === 2, activation: attrs.activation },
      });
    },
    dynamicConv2d: (inputs, attrs, [out]) => (indexable('dynamicConv2d', inputs.x, attrs), runDynamicConv(ctx, inputs, attrs, out)),
    deformConv2d: (inputs, attrs, [out]) => (indexable('deformConv2d', inputs.x, attrs), runDeformConv(ctx, inputs, attrs, out)),
    ...denseKernels(ctx),
    ...poolNormKernels(ctx),
    ...reduceKernels(ctx),
    ...unaryKernels(ctx),
    ...binaryKernels(ctx),
    ...shapeKernels(ctx),
  } satisfies KernelMap<GpuTensor>;
}
