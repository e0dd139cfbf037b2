/**
 * The conv core: an implicit GEMM tiled through workgroup memory. For sample n and group g,
 * `Y[m, p] = Σ_k A[m, k] · B[k, p]` with A the weights `[M/group, C/group·kh·kw]` and B the
 * input patches (never materialised: each B element is read from x with its bounds test).
 * A 16×16 workgroup computes a (16·RM)×64 tile, each invocation RM×4 outputs held in vec4
 * registers; K advances 16 at a time through two workgroup arrays. Grid: (P tiles, M tiles,
 * N·group).
 *
 * Taps that read padding must contribute exactly 0 even for a NaN or infinite weight (see
 * docs/spec-decisions.md). The fast path multiplies padding as 0, so a workgroup that loads a
 * non-finite weight switches to a path that skips padded taps by index.
 */
import type { Activation } from '@dcnn/core';
import { activationWgsl } from '../wgsl/activation.js';
import type { ProgramSpec } from '../wgsl/program.js';
import type { GpuContext } from '../runtime/context.js';
import { linearGrid } from '../runtime/dispatch.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { CONV_UNIFORMS, convUniforms, epilogueBindings, epilogueBuffers, epilogueWgsl, type ConvCall } from './conv-direct.js';

const TK = 16;

/** How B elements are addressed: a general patch, or a 1x1 stride-1 unpadded conv (B is x). */
export type Patch = 'general' | 'pointwise';

function bIndexWgsl(patch: Patch): string {
  if (patch === 'pointwise') {
    return `
fn padded(k: u32, p: u32) -> bool { return false; }
fn loadB(n: u32, g: u32, k: u32, p: u32) -> f32 {
  if (k >= u.kdim || p >= u.plane) { return 0.0; }
  return x[(n * u.c + g * u.cg + k) * u.plane + p];
}`;
  }
  return `
fn tapPos(k: u32, p: u32) -> vec2<i32> {
  let t = k % u.khw;
  let i = i32(p / u.ow);
  let j = i32(p % u.ow);
  return vec2<i32>(i * u.sh - u.top + i32(t / u32(u.kw)) * u.dh, j * u.sw - u.left + i32(t % u32(u.kw)) * u.dw);
}
fn padded(k: u32, p: u32) -> bool {
  let rc = tapPos(k, p);
  return rc.x < 0 || rc.x >= u.h || rc.y < 0 || rc.y >= u.w;
}
fn loadB(n: u32, g: u32, k: u32, p: u32) -> f32 {
  if (k >= u.kdim || p >= u.plane) { return 0.0; }
  let rc = tapPos(k, p);
  if (rc.x < 0 || rc.x >= u.h || rc.y < 0 || rc.y >= u.w) { return 0.0; }
  return x[((n * u.c + g * u.cg + k / u.khw) * u32(u.h) + u32(rc.x)) * u32(u.w) + u32(rc.y)];
}`;
}

/** A tile shape: `wx × wy` invocations, each `rm` rows by `rn` columns (both multiples of 4). */
export interface Tile {
  wx: number;
  wy: number;
  rm: number;
  rn: number;
}

function gemmProgram(patch: Patch, tile: Tile, e: { bias: boolean; scale: boolean }, act: Activation): ProgramSpec {
  const { wx, wy, rm, rn } = tile;
  const threads = wx * wy;
  const tm = wy * rm;
  const cq = rn / 4;
  const tn = wx * rn;
  const a4 = tm / 4;
  const b4 = tn / 4;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const fast = [
    ...range(cq).map((c) => `        let b${c} = bs[kk * ${b4}u + tx * ${cq}u + ${c}u];`),
    ...range(rm / 4).flatMap((q) => [
      `        let a${q} = as_[kk * ${a4}u + ty * ${rm / 4}u + ${q}u];`,
      ...range(4).flatMap((r) => range(cq).map((c) => `        acc[${(4 * q + r) * cq + c}] = fma(vec4<f32>(a${q}.${'xyzw'[r]}), b${c}, acc[${(4 * q + r) * cq + c}]);`)),
    ]),
  ].join('\n');
  return {
    key: `conv/gemm/${patch}/${wx}x${wy}x${rm}x${rn}/${e.bias ? 'b' : ''}${e.scale ? 's' : ''}/${act}`,
    uniforms: [...CONV_UNIFORMS, ['kdim', 'u32'], ['khw', 'u32'], ['plane', 'u32'], ['pBlocks', 'u32'], ['pairs', 'u32'], ['gx', 'u32']],
    bindings: [{ name: 'x', access: 'read' }, { name: 'wt', access: 'read' }, ...epilogueBindings(e), { name: 'y', access: 'read_write' }],
    workgroup: [wx, wy],
    helpers: `${activationWgsl(act)}
${bIndexWgsl(patch)}
var<workgroup> as_: array<vec4<f32>, ${TK * a4}>;
var<workgroup> bs: array<vec4<f32>, ${TK * b4}>;
var<workgroup> nonFinite: atomic<u32>;
fn finite(v: f32) -> bool { return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u; }
fn loadA(base: u32, m: u32, k: u32) -> f32 {
  var a = 0.0;
  if (m < u.mg && k < u.kdim) { a = wt[base + m * u.kdim + k]; }
  if (!finite(a)) { atomicOr(&nonFinite, 1u); }
  return a;
}`,
    body: `  let tx = lid.x;
  let ty = lid.y;
  // Pixel blocks × (sample, group) pairs, folded into the x and z dimensions of the grid
  // (runGemmConv): past the limit per dimension they wrap into z. The whole workgroup shares wid,
  // so a workgroup past the end returns as one, before any barrier.
  let block = wid.z * u.gx + wid.x;
  let pair = block / u.pBlocks;
  if (pair >= u.pairs) { return; }
  let p0 = (block % u.pBlocks) * ${tn}u;
  let m0 = wid.y * ${tm}u;
  let groups = u.c / u.cg;
  let n = pair / groups;
  let g = pair % groups;
  let wBase = n * u.wStride + g * u.mg * u.kdim;
  var acc: array<vec4<f32>, ${rm * cq}>;
  for (var k0 = 0u; k0 < u.kdim; k0 = k0 + ${TK}u) {
    workgroupBarrier();
    // A: TK × tm weights, one vec4 of four consecutive rows per store.
    for (var e = li; e < ${TK * a4}u; e = e + ${threads}u) {
      let kk = e / ${a4}u;
      let mq = (e % ${a4}u) * 4u;
      as_[e] = vec4<f32>(loadA(wBase, m0 + mq, k0 + kk), loadA(wBase, m0 + mq + 1u, k0 + kk),
                         loadA(wBase, m0 + mq + 2u, k0 + kk), loadA(wBase, m0 + mq + 3u, k0 + kk));
    }
    // B: TK × tn patch values, four consecutive output pixels per store.
    for (var e = li; e < ${TK * b4}u; e = e + ${threads}u) {
      let kk = k0 + e / ${b4}u;
      let pq = p0 + (e % ${b4}u) * 4u;
      bs[e] = vec4<f32>(loadB(n, g, kk, pq), loadB(n, g, kk, pq + 1u), loadB(n, g, kk, pq + 2u), loadB(n, g, kk, pq + 3u));
    }
    workgroupBarrier();
    if (atomicLoad(&nonFinite) == 0u) {
      for (var kk = 0u; kk < ${TK}u; kk++) {
${fast}
      }
    } else {
      for (var kk = 0u; kk < ${TK}u; kk++) {
        for (var jj = 0u; jj < ${rn}u; jj++) {
          if (k0 + kk >= u.kdim || padded(k0 + kk, p0 + tx * ${rn}u + jj)) { continue; }
          let b = bs[kk * ${b4}u + tx * ${cq}u + jj / 4u][jj % 4u];
          for (var i = 0u; i < ${rm}u; i++) {
            let a = as_[kk * ${a4}u + ty * ${rm / 4}u + i / 4u][i % 4u];
            acc[i * ${cq}u + jj / 4u][jj % 4u] = acc[i * ${cq}u + jj / 4u][jj % 4u] + a * b;
          }
        }
      }
    }
  }
  for (var i = 0u; i < ${rm}u; i++) {
    let mm = m0 + ty * ${rm}u + i;
    if (mm >= u.mg) { continue; }
    let m = g * u.mg + mm;
    for (var jj = 0u; jj < ${rn}u; jj++) {
      let p = p0 + tx * ${rn}u + jj;
      if (p >= u.plane) { continue; }
      let acc = acc[i * ${cq}u + jj / 4u][jj % 4u];
      y[(n * u.m + m) * u.plane + p] = ${epilogueWgsl(e)};
    }
  }`,
  };
}

/**
 * The tile for a layer. Measured on SwiftShader (the software adapter here): large register
 * blocks (16×8 outputs an invocation) in small workgroups (32 invocations) beat 256-wide
 * workgroups by 1.5–3×; layers with few output channels per group get fewer rows.
 * DCNN_WEBGPU_TILE=wx×wy×rm×rn overrides it (tuning only).
 */
export function chooseTile(mg: number, plane: number): Tile {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DCNN_WEBGPU_TILE;
  if (env) {
    const [wx, wy, rm, rn = 4] = env.split('x').map(Number);
    return { wx, wy, rm, rn };
  }
  const rn = plane >= 64 ? 8 : 4;
  if (mg >= 64) return { wx: 8, wy: 4, rm: 16, rn };
  if (mg >= 32) return { wx: 8, wy: 4, rm: 8, rn };
  if (mg % 24 === 0) return { wx: 8, wy: 2, rm: 12, rn };
  return { wx: 8, wy: 2, rm: 8, rn };
}

export function runGemmConv(c: GpuContext, op: string, call: ConvCall): GpuTensor {
  const base = convUniforms(call);
  const [, , kh, kw] = call.kShape;
  const { strides, pads, dilations, group } = call.attrs;
  const pointwise = kh === 1 && kw === 1 && strides[0] === 1 && strides[1] === 1 && pads.every((p) => p === 0);
  const plane = base.oh * base.ow;
  const tile = chooseTile(base.mg, plane);
  const uniforms = { ...base, kdim: base.cg * kh * kw, khw: kh * kw, plane };
  // Pixel blocks × (sample, group) pairs are one linear range over x and z (the shader rebuilds
  // it from gx), so a 2048×2048 output (65536 pixel blocks) or a batch of 65536 stays within the
  // per-dimension limit. Folded before the output exists: a refusal leaves nothing allocated.
  const pBlocks = Math.ceil(plane / (tile.wx * tile.rn));
  const pairs = call.xShape[0] * group;
  const blocks = pBlocks * pairs;
  // No block (an empty batch or map): a 0 in the grid, so run() records no dispatch.
  const [gx, gz] = blocks ? linearGrid(op, blocks, c.limits.maxComputeWorkgroupsPerDimension) : [1, 0];
  const y = c.allocate(op, base.total);
  const e = call.epilogue;
  const spec = gemmProgram(pointwise ? 'pointwise' : 'general', tile, { bias: !!e.bias, scale: !!e.scale }, e.activation);
  c.run(op, spec, [call.x, call.w, ...epilogueBuffers(e), y], { ...uniforms, pBlocks, pairs, gx }, {
    grid: [gx, Math.ceil(base.mg / (tile.wy * tile.rm)), gz],
  });
  return y;
}
