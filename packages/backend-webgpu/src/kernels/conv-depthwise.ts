/**
 * Depthwise convolution (one input channel per group, any channel multiplier): each
 * invocation computes RN neighbouring outputs of one row. The kernel size, stride and
 * dilation along the row are part of the program, so the taps unroll and every input value
 * of the row window is loaded once for all the outputs that use it.
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
import { WG } from './common.js';

interface Shape {
  kh: number;
  kw: number;
  sw: number;
  dw: number;
  rn: number;
}

function depthwiseProgram(s: Shape, e: { bias: boolean; scale: boolean }, act: Activation): ProgramSpec {
  const { kh, kw, sw, dw, rn } = s;
  const offsets = [...new Set(Array.from({ length: rn * kw }, (_, i) => (i % rn) * sw + Math.floor(i / rn) * dw))].sort((a, b) => a - b);
  const weights = Array.from({ length: kh * kw }, (_, t) => `  let w${t} = wt[wb + ${t}u];`).join('\n');
  const finite = Array.from({ length: kh * kw }, (_, t) => `finite(w${t})`).join(' && ');
  const fastRow = (p: number) => {
    const loads = offsets.map((o) => `      let v${o} = colv(xb, r, c0 + ${o});`).join('\n');
    const fmas = Array.from({ length: kw }, (_, q) =>
      Array.from({ length: rn }, (_, jj) => `      acc[${jj}] = fma(w${p * kw + q}, v${jj * sw + q * dw}, acc[${jj}]);`).join('\n'),
    ).join('\n');
    return `    { let r = r0 + ${p * 1}i * u.dh;\n    if (r >= 0 && r < u.h) {\n${loads}\n${fmas}\n    } }`;
  };
  const slowRow = (p: number) =>
    `    { let r = r0 + ${p}i * u.dh;\n    if (r >= 0 && r < u.h) {\n${Array.from({ length: kw }, (_, q) =>
      Array.from({ length: rn }, (_, jj) => `      { let c = c0 + ${jj * sw + q * dw}; if (c >= 0 && c < u.w) { acc[${jj}] = acc[${jj}] + w${p * kw + q} * x[xb + u32(r * u.w + c)]; } }`).join('\n'),
    ).join('\n')}\n    } }`;
  const rows = Array.from({ length: kh }, (_, p) => p);
  return {
    key: `conv/depthwise/${kh}x${kw}/s${sw}/d${dw}/r${rn}/${e.bias ? 'b' : ''}${e.scale ? 's' : ''}/${act}`,
    uniforms: [...CONV_UNIFORMS, ['quads', 'u32']],
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
  let i = i32((gi / u.quads) % u.oh);
  let m = (gi / (u.quads * u.oh)) % u.m;
  let n = gi / (u.quads * u.oh * u.m);
  let xb = (n * u.c + m / u.mg) * u32(u.h * u.w);
  let wb = n * u.wStride + m * ${kh * kw}u;
${weights}
  let r0 = i * u.sh - u.top;
  let c0 = i32(jq * ${rn}u) * ${sw} - u.left;
  var acc: array<f32, ${rn}>;
  if (${finite}) {
${rows.map(fastRow).join('\n')}
  } else {
${rows.map(slowRow).join('\n')}
  }
  let rowBase = ((n * u.m + m) * u.oh + u32(i)) * u.ow;
  for (var jj = 0u; jj < ${rn}u; jj++) {
    let j = jq * ${rn}u + jj;
    if (j >= u.ow) { break; }
    let acc = acc[jj];
    y[rowBase + j] = ${epilogueWgsl(e)};
  }`,
  };
}

export function runDepthwiseConv(c: GpuContext, op: string, call: ConvCall): GpuTensor {
  const base = convUniforms(call);
  const [, , kh, kw] = call.kShape;
  const rn = base.ow >= 8 ? 4 : 2;
  const quads = Math.ceil(base.ow / rn);
  const threads = call.xShape[0] * base.m * base.oh * quads;
  const y = c.allocate(op, base.total);
  const e = call.epilogue;
  const spec = depthwiseProgram({ kh, kw, sw: base.sw, dw: base.dw, rn }, { bias: !!e.bias, scale: !!e.scale }, e.activation);
  c.run(op, spec, [call.x, call.w, ...epilogueBuffers(e), y], { ...base, total: threads, quads }, { threads });
  return y;
}
