/**
 * Chooses the convolution program for a call: the tiled core for the general case, the
 * depthwise program when every group has one input and one output channel, and the direct
 * program for whatever the others do not cover.
 */
import type { GpuContext } from '../runtime/context.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { runDirectConv, type ConvCall } from './conv-direct.js';

export type { ConvCall } from './conv-direct.js';

export function runConv(c: GpuContext, op: string, call: ConvCall): GpuTensor {
  return runDirectConv(c, op, call);
}
