/**
 * Chooses the convolution program for a call: depthwise programs for one input channel per
 * group (aligned rows or strips), the direct program where a GEMM tile would be mostly empty,
 * a register-tiled pointwise program on software adapters, and otherwise the tiled core
 * (implicit GEMM through workgroup memory).
 *
 * Measured on SwiftShader and kept out: a register-only row program for 3x3 convs (as fast as
 * the tiled core, with much longer shader compiles).
 */
import type { GpuContext } from '../runtime/context.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { runDirectConv, type ConvCall } from './conv-direct.js';
import { runDepthwiseConv } from './conv-depthwise.js';
import { alignedRows, runDepthwiseVec4 } from './conv-depthwise-vec4.js';
import { runGemmConv } from './conv-gemm.js';
import { registerPointwise, runPointwiseRegs } from './conv-pointwise-regs.js';

export type { ConvCall } from './conv-direct.js';

export function runConv(c: GpuContext, op: string, call: ConvCall): GpuTensor {
  const [m, cg] = call.kShape;
  const mg = m / call.attrs.group;
  const [kh, kw] = [call.kShape[2], call.kShape[3]];
  if (cg === 1 && mg <= 4 && kh * kw <= 49) return alignedRows(call) ? runDepthwiseVec4(c, op, call) : runDepthwiseConv(c, op, call);
  if (mg < 4 || cg * kh * kw < 4) return runDirectConv(c, op, call);
  if (c.softwareAdapter && registerPointwise(call, call.out[2] * call.out[3])) return runPointwiseRegs(c, op, call);
  return runGemmConv(c, op, call);
}
