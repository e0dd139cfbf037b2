/**
 * Pointwise convolution (1×1, stride 1, no padding, output channels per group divisible by 4)
 * as a register-tiled GEMM without workgroup memory, for software adapters:
 * on SwiftShader workgroup memory is ordinary memory, so staging tiles through it only adds
 * accesses and barriers. Each invocation computes RM output channels × RN pixels, reading per
 * step of K one vec4 of weights per four channels (from a transposed copy of the weights,
 * `[group][K][M/group]`, made once per weight tensor) and one vec4 of input per four pixels
 * (four float reads when the plane does not divide by 4).
 * Hardware adapters keep the workgroup-memory core (conv-gemm.ts).
 */
import type { Activation } from '@dcnn/core';
import { activationWgsl } from '../wgsl/activation.js';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import type { GpuContext } from '../runtime/context.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { CONV_UNIFORMS, convUniforms, epilogueBindings, epilogueBuffers, epilogueWgsl, type ConvCall } from './conv-direct.js';
import { WG } from './common.js';

const RM = 16;
const RN = 8;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** `wT[s][g][k][mm] = w[s][(g·mg + mm)·K + k]` for every sample s (one for shared weights). */
const transposeProgram: ProgramSpec = {
  key: 'conv/pointwise-regs/transpose',
  uniforms: [['total', 'u32'], ['k', 'u32'], ['mg', 'u32'], ['groups', 'u32']],
  bindings: [{ name: 'w', access: 'read' }, { name: 'wT', access: 'read_write' }],
  workgroup: [WG],
  body: `${guard()}
  let mm = gi % u.mg;
  let k = (gi / u.mg) % u.k;
  let g = (gi / (u.mg * u.k)) % u.groups;
  let s = gi / (u.mg * u.k * u.groups);
  wT[gi] = w[((s * u.groups + g) * u.mg + mm) * u.k + k];`,
};

/**
 * `aligned`: the plane divides by 4, so input and output move as vec4s; otherwise they move as
 * floats (four reads make one vec4 of pixels) and only the weights stay vec4.
 */
function program(aligned: boolean, e: { bias: boolean; scale: boolean }, act: Activation): ProgramSpec {
  const cq = RN / 4;
  const aq = RM / 4;
  const loadB = (c: number) =>
    aligned
      ? `    let b${c} = x[min(xk + ${c}u, xLast)];`
      : `    let b${c} = vec4<f32>(${range(4).map((k) => `x[min(xk + ${4 * c + k}u, xLast)]`).join(', ')});`;
  const el = aligned ? ('vec4<f32>' as const) : ('f32' as const);
  const store = aligned
    ? `      y[((n * u.m + m) * u.plane + p) / 4u] = vec4<f32>(epi(a.x, n, m), epi(a.y, n, m), epi(a.z, n, m), epi(a.w, n, m));`
    : `      for (var k = 0u; k < 4u; k++) { if (p + k < u.plane) { y[(n * u.m + m) * u.plane + p + k] = epi(a[k], n, m); } }`;
  const step = [
    ...range(cq).map(loadB),
    ...range(aq).flatMap((q) => [
      `    let a${q} = wT[min(wk + ${q}u, wLast)];`,
      ...range(4).flatMap((r) => range(cq).map((c) => `    acc[${(4 * q + r) * cq + c}] = fma(vec4<f32>(a${q}.${'xyzw'[r]}), b${c}, acc[${(4 * q + r) * cq + c}]);`)),
    ]),
  ].join('\n');
  return {
    key: `conv/pointwise-regs/${aligned ? 'vec4' : 'f32'}/${e.bias ? 'b' : ''}${e.scale ? 's' : ''}/${act}`,
    uniforms: [...CONV_UNIFORMS, ['plane', 'u32'], ['pBlocks', 'u32'], ['mBlocks', 'u32']],
    bindings: [{ name: 'x', access: 'read', element: el }, { name: 'wT', access: 'read', element: 'vec4<f32>' }, ...epilogueBindings(e), { name: 'y', access: 'read_write', element: el }],
    workgroup: [WG],
    helpers: `${activationWgsl(act)}
fn epi(acc: f32, n: u32, m: u32) -> f32 { return ${epilogueWgsl(e)}; }`,
    body: `${guard()}
  let pb = gi % u.pBlocks;
  let mb = (gi / u.pBlocks) % u.mBlocks;
  let ng = gi / (u.pBlocks * u.mBlocks);
  let groups = u.c / u.cg;
  let n = ng / groups;
  let g = ng % groups;
  let p0 = pb * ${RN}u;
  let m0 = mb * ${RM}u;
  // Indices in vec4s (x in floats when not aligned); reads past a plane or the buffer's end
  // (clamped) feed only outputs never stored.
  let xStep = ${aligned ? 'u.plane / 4u' : 'u.plane'};
  let xLast = arrayLength(&x) - 1u;
  let wLast = arrayLength(&wT) - 1u;
  var xk = ((n * u.c + g * u.cg) * u.plane + p0)${aligned ? ' / 4u' : ''};
  var wk = (n * u.wStride + g * u.cg * u.mg + m0) / 4u;
  var acc: array<vec4<f32>, ${RM * cq}>;
  for (var k = 0u; k < u.cg; k++) {
${step}
    xk = xk + xStep;
    wk = wk + u.mg / 4u;
  }
  for (var i = 0u; i < ${RM}u; i++) {
    let mm = m0 + i;
    if (mm >= u.mg) { break; }
    let m = g * u.mg + mm;
    for (var c = 0u; c < ${cq}u; c++) {
      let p = p0 + c * 4u;
      if (p >= u.plane) { break; }
      let a = acc[i * ${cq}u + c];
${store}
    }
  }`,
  };
}

/** Whether the register-tiled pointwise program applies to this call. */
export function registerPointwise(call: ConvCall, plane: number): boolean {
  const [m, cg, kh, kw] = call.kShape;
  const { strides, pads, group } = call.attrs;
  const mg = m / group;
  return kh === 1 && kw === 1 && strides[0] === 1 && strides[1] === 1 && pads.every((p) => p === 0) && plane > 0 && mg % 4 === 0 && cg > 0;
}

export function runPointwiseRegs(c: GpuContext, op: string, call: ConvCall): GpuTensor {
  const base = convUniforms(call);
  const plane = base.oh * base.ow;
  const groups = call.attrs.group;
  const samples = call.perSampleWeights ? call.xShape[0] : 1;
  const transpose = (): GpuTensor => {
    const total = samples * base.m * base.cg;
    const wT = c.allocate(op, total);
    c.run(op, transposeProgram, [call.w, wT], { total, k: base.cg, mg: base.mg, groups }, { threads: total });
    return wT;
  };
  // Shared weights: transposed once per weight tensor and layout (the same storage may be used
  // with another grouping, or through a reshaped view: the transpose depends on both).
  // Per-sample ones change every call.
  const layout = `pointwise-transposed/g${groups}/k${base.cg}/m${base.mg}`;
  const wT = call.perSampleWeights ? transpose() : c.derive(call.w, layout, transpose);
  const pBlocks = Math.ceil(plane / RN);
  const mBlocks = Math.ceil(base.mg / RM);
  const threads = call.xShape[0] * groups * pBlocks * mBlocks;
  const e = call.epilogue;
  try {
    // A refused dispatch releases its output itself (GpuContext.run).
    const y = c.allocate(op, base.total);
    c.run(op, program(plane % 4 === 0, { bias: !!e.bias, scale: !!e.scale }, e.activation), [call.x, wT, ...epilogueBuffers(e), y], { ...base, total: threads, plane, pBlocks, mBlocks }, { threads });
    return y;
  } finally {
    if (call.perSampleWeights) c.release(wT);
  }
}
