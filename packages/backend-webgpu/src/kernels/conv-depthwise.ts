/**
 * Depthwise convolution (one input channel per group, any channel multiplier) on rows of any
 * width: each invocation computes a block of rh rows × rn neighbouring outputs. Kernel size,
 * strides and dilations are part of the program, so the taps unroll and every input value of
 * the block's window is loaded once for all the outputs that use it.
 *
 * Padding contributes nothing, not even `0 · NaN`: when every weight of the channel is finite
 * (the normal case) padded columns load as 0; otherwise the invocation skips them one by one.
 */
import type { Activation } from '@dcnn/core';
import { activationWgsl } from '../wgsl/activation.js';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import type { GpuContext } from '../runtime/context.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { CONV_UNIFORMS, convUniforms, epilogueBindings, epilogueBuffers, epilogueWgsl, type ConvCall } from './conv-direct.js';
import { WG, rowsRead } from './common.js';

export interface Shape {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  /** Outputs per invocation along a row, and rows. */
  rn: number;
  rh: number;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The strip depthwise program for `s` (exported for the shader-size test). */
export function depthwiseProgram(s: Shape, e: { bias: boolean; scale: boolean }, act: Activation): ProgramSpec {
  const { kh, kw, sh, sw, dh, dw, rn, rh } = s;
  const offsets = [...new Set(range(rn * kw).map((i) => (i % rn) * sw + Math.floor(i / rn) * dw))].sort((a, b) => a - b);
  const taps = kh * kw;
  // Each input row of the block is read once and feeds every (output row, kernel row) pair that
  // uses it (only the rows some pair reads: rowsRead).
  const inputRows = rowsRead(rh, kh, sh, dh).map((ir) => {
    const uses = range(rh).flatMap((rr) => range(kh).filter((p) => rr * sh + p * dh === ir).map((p) => [rr, p] as const));
    const loads = offsets.map((o) => `      let v${o} = colv(xb, r, c0 + ${o});`);
    const fmas = uses.flatMap(([rr, p]) => range(kw).flatMap((q) => range(rn).map((jj) => `      acc[${rr * rn + jj}] = fma(w${p * kw + q}, v${jj * sw + q * dw}, acc[${rr * rn + jj}]);`)));
    return `    { let r = r0 + ${ir};\n    if (r >= 0 && r < u.h) {\n${[...loads, ...fmas].join('\n')}\n    } }`;
  });
  return {
    key: `conv/depthwise/${kh}x${kw}/s${sh}x${sw}/d${dh}x${dw}/r${rh}x${rn}/${e.bias ? 'b' : ''}${e.scale ? 's' : ''}/${act}`,
    uniforms: [...CONV_UNIFORMS, ['quads', 'u32'], ['bands', 'u32']],
    bindings: [{ name: 'x', access: 'read' }, { name: 'wt', access: 'read' }, ...epilogueBindings(e), { name: 'y', access: 'read_write' }],
    workgroup: [WG],
    helpers: `${activationWgsl(act)}
fn finite(v: f32) -> bool { return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u; }
fn colv(base: u32, r: i32, c: i32) -> f32 {
  if (c < 0 || c >= u.w) { return 0.0; }
  return x[base + u32(r * u.w + c)];
}`,
    body: `${guard()}
  let jq = gi % u.quads;
  let i0 = i32(((gi / u.quads) % u.bands) * ${rh}u);
  let m = (gi / (u.quads * u.bands)) % u.m;
  let n = gi / (u.quads * u.bands * u.m);
  let xb = (n * u.c + m / u.mg) * u32(u.h * u.w);
  let wb = n * u.wStride + m * ${taps}u;
${range(taps).map((t) => `  let w${t} = wt[wb + ${t}u];`).join('\n')}
  let r0 = i0 * ${sh} - u.top;
  let c0 = i32(jq * ${rn}u) * ${sw} - u.left;
  var acc: array<f32, ${rh * rn}>;
  if (${range(taps).map((t) => `finite(w${t})`).join(' && ')}) {
${inputRows.filter(Boolean).join('\n')}
  } else {
    // A non-finite weight: skip padded taps one by one (exact zeros, never 0 * NaN).
    for (var k = 0u; k < ${rh * rn}u; k++) {
      var acc_ = 0.0;
      for (var p = 0; p < ${kh}; p++) {
        let r = r0 + i32(k / ${rn}u) * ${sh} + p * ${dh};
        if (r < 0 || r >= u.h) { continue; }
        for (var q = 0; q < ${kw}; q++) {
          let c = c0 + i32(k % ${rn}u) * ${sw} + q * ${dw};
          if (c < 0 || c >= u.w) { continue; }
          acc_ = acc_ + wt[wb + u32(p * ${kw} + q)] * x[xb + u32(r * u.w + c)];
        }
      }
      acc[k] = acc_;
    }
  }
  for (var rr = 0u; rr < ${rh}u; rr++) {
    let i = u32(i0) + rr;
    if (i >= u.oh) { break; }
    let rowBase = ((n * u.m + m) * u.oh + i) * u.ow;
    for (var jj = 0u; jj < ${rn}u; jj++) {
      let j = jq * ${rn}u + jj;
      if (j >= u.ow) { break; }
      let acc = acc[rr * ${rn}u + jj];
      y[rowBase + j] = ${epilogueWgsl(e)};
    }
  }`,
  };
}

export function runDepthwiseConv(c: GpuContext, op: string, call: ConvCall): GpuTensor {
  const base = convUniforms(call);
  const [, , kh, kw] = call.kShape;
  const rn = base.ow >= 8 ? 4 : 2;
  const rh = base.oh >= 8 ? 4 : 2;
  const quads = Math.ceil(base.ow / rn);
  const bands = Math.ceil(base.oh / rh);
  const threads = call.xShape[0] * base.m * bands * quads;
  const y = c.allocate(op, base.total);
  const e = call.epilogue;
  const spec = depthwiseProgram({ kh, kw, sh: base.sh, sw: base.sw, dh: base.dh, dw: base.dw, rn, rh }, { bias: !!e.bias, scale: !!e.scale }, e.activation);
  c.run(op, spec, [call.x, call.w, ...epilogueBuffers(e), y], { ...base, total: threads, quads, bands }, { threads });
  return y;
}
