/**
 * The direct convolution: one invocation per output element, every tap read from the input.
 * It runs every form of conv2d (groups, dilations, per-sample kernels and biases) and the
 * dynamic conv's epilogue (a per-sample, per-channel output scale); the faster kernels cover
 * the common shapes and fall back to it.
 */
import type { Activation, ConvAttrs } from '@dcnn/core';
import { activationWgsl } from '../wgsl/activation.js';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG } from './common.js';
import type { GpuContext } from '../runtime/context.js';

export const CONV_UNIFORMS: ProgramSpec['uniforms'] = [
  ['total', 'u32'], ['c', 'u32'], ['h', 'i32'], ['w', 'i32'], ['m', 'u32'], ['cg', 'u32'], ['kh', 'i32'], ['kw', 'i32'],
  ['oh', 'u32'], ['ow', 'u32'], ['sh', 'i32'], ['sw', 'i32'], ['dh', 'i32'], ['dw', 'i32'], ['top', 'i32'], ['left', 'i32'],
  ['mg', 'u32'], ['wStride', 'u32'], ['bStride', 'u32'],
];

/** Optional parts of a convolution's epilogue. */
export interface Epilogue {
  /** `[M]` (shared) or `[N, M]` (per sample). */
  bias?: GpuTensor;
  biasPerSample?: boolean;
  /** `[N, M]` multiplier applied before the bias (ODConv's filter attention). */
  scale?: GpuTensor;
  activation: Activation;
}

/** The WGSL lines that turn `acc` for sample `n`, channel `m` into the stored value. */
export function epilogueWgsl(e: { bias: boolean; scale: boolean }): string {
  const scaled = e.scale ? 'acc * scale[n * u.m + m]' : 'acc';
  const biased = e.bias ? `${scaled} + bias[n * u.bStride + m]` : scaled;
  return `act(${biased})`;
}

export function epilogueBindings(e: { bias?: unknown; scale?: unknown }): ProgramSpec['bindings'] {
  return [
    ...(e.bias ? [{ name: 'bias', access: 'read' as const }] : []),
    ...(e.scale ? [{ name: 'scale', access: 'read' as const }] : []),
  ];
}

function directProgram(hasBias: boolean, hasScale: boolean, act: Activation): ProgramSpec {
  return {
    key: `conv/direct/${hasBias ? 'b' : ''}${hasScale ? 's' : ''}/${act}`,
    uniforms: CONV_UNIFORMS,
    bindings: [{ name: 'x', access: 'read' }, { name: 'wt', access: 'read' }, ...epilogueBindings({ bias: hasBias, scale: hasScale }), { name: 'y', access: 'read_write' }],
    workgroup: [WG],
    helpers: activationWgsl(act),
    body: `${guard()}
  let j = i32(gi % u.ow);
  let i = i32((gi / u.ow) % u.oh);
  let m = (gi / (u.ow * u.oh)) % u.m;
  let n = gi / (u.ow * u.oh * u.m);
  let g = m / u.mg;
  var acc = 0.0;
  let wBase = n * u.wStride + m * u.cg * u32(u.kh * u.kw);
  for (var ci = 0u; ci < u.cg; ci++) {
    let xBase = (n * u.c + g * u.cg + ci) * u32(u.h * u.w);
    let wc = wBase + ci * u32(u.kh * u.kw);
    for (var p = 0; p < u.kh; p++) {
      let r = i * u.sh - u.top + p * u.dh;
      if (r < 0 || r >= u.h) { continue; }
      for (var q = 0; q < u.kw; q++) {
        let col = j * u.sw - u.left + q * u.dw;
        if (col < 0 || col >= u.w) { continue; }
        acc = acc + x[xBase + u32(r * u.w + col)] * wt[wc + u32(p * u.kw + q)];
      }
    }
  }
  y[gi] = ${epilogueWgsl({ bias: hasBias, scale: hasScale })};`,
  };
}

export interface ConvCall {
  x: GpuTensor;
  xShape: readonly number[];
  w: GpuTensor;
  /** `[M, C/group, kh, kw]` (the last four dims of the weight). */
  kShape: readonly number[];
  /** Weights per sample (a `[N, M, C/group, kh, kw]` buffer). */
  perSampleWeights: boolean;
  attrs: ConvAttrs;
  out: readonly number[];
  epilogue: Epilogue;
}

/** The uniform values every conv program shares. */
export function convUniforms(call: ConvCall): Record<string, number> {
  const [, c, h, w] = call.xShape;
  const [m, cg, kh, kw] = call.kShape;
  const { strides, dilations, pads, group } = call.attrs;
  return {
    total: call.out.reduce((p, d) => p * d, 1), c, h, w, m, cg, kh, kw, oh: call.out[2], ow: call.out[3],
    sh: strides[0], sw: strides[1], dh: dilations[0], dw: dilations[1], top: pads[0], left: pads[1],
    mg: m / group, wStride: call.perSampleWeights ? m * cg * kh * kw : 0, bStride: call.epilogue.biasPerSample ? m : 0,
  };
}

export function epilogueBuffers(e: Epilogue): GpuTensor[] {
  return [...(e.bias ? [e.bias] : []), ...(e.scale ? [e.scale] : [])];
}

export function runDirectConv(c: GpuContext, op: string, call: ConvCall): GpuTensor {
  const uniforms = convUniforms(call);
  const y = c.allocate(op, uniforms.total);
  const e = call.epilogue;
  c.run(op, directProgram(!!e.bias, !!e.scale, e.activation), [call.x, call.w, ...epilogueBuffers(e), y], uniforms, { threads: uniforms.total });
  return y;
}
