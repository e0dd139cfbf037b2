/**
 * deformConv2d: a sampling program writes the modulated bilinear columns
 * `cols[n][c·taps + tap][i·oW + j]` (each sample taken once, not once per output channel),
 * then the convolution core multiplies them with the weights as a 1x1 convolution over
 * `C·kh·kw` channels, so the epilogue (bias, activation) is the conv core's.
 */
import type { DeformConvAttrs } from '@dcnn/core';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG, type ContextRef, type T } from './common.js';
import { runConv } from './conv.js';

function columnsProgram(masked: boolean): ProgramSpec {
  return {
    key: `deform/columns/${masked ? 'mask' : 'plain'}`,
    uniforms: [
      ['total', 'u32'], ['c', 'u32'], ['h', 'i32'], ['w', 'i32'], ['kh', 'u32'], ['kw', 'u32'], ['oh', 'u32'], ['ow', 'u32'],
      ['sh', 'i32'], ['sw', 'i32'], ['dh', 'i32'], ['dw', 'i32'], ['top', 'i32'], ['left', 'i32'], ['cog', 'u32'], ['og', 'u32'],
    ],
    bindings: [
      { name: 'x', access: 'read' }, { name: 'offset', access: 'read' },
      ...(masked ? [{ name: 'mask', access: 'read' as const }] : []), { name: 'cols', access: 'read_write' },
    ],
    workgroup: [WG],
    helpers: /* wgsl */ `
fn tap(base: u32, r: i32, col: i32) -> f32 {
  if (r < 0 || r >= u.h || col < 0 || col >= u.w) { return 0.0; }
  return x[base + u32(r * u.w + col)];
}`,
    body: `${guard()}
  let plane = u.oh * u.ow;
  let e = gi % plane;
  let taps = u.kh * u.kw;
  let t = (gi / plane) % taps;
  let ch = (gi / (plane * taps)) % u.c;
  let n = gi / (plane * taps * u.c);
  let i = i32(e / u.ow);
  let j = i32(e % u.ow);
  let p = i32(t / u.kw);
  let q = i32(t % u.kw);
  let tt = (ch / u.cog) * taps + t;
  let offBase = (n * 2u * u.og * taps + 2u * tt) * plane + e;
  let hh = f32(i * u.sh - u.top + p * u.dh) + offset[offBase];
  let vv = f32(j * u.sw - u.left + q * u.dw) + offset[offBase + plane];
  var value = 0.0;
  if (hh > -1.0 && hh < f32(u.h) && vv > -1.0 && vv < f32(u.w)) {
    let h0 = floor(hh);
    let v0 = floor(vv);
    let lh = hh - h0;
    let lv = vv - v0;
    let r0 = i32(h0);
    let c0 = i32(v0);
    let base = (n * u.c + ch) * u32(u.h * u.w);
    value = (1.0 - lh) * (1.0 - lv) * tap(base, r0, c0) + (1.0 - lh) * lv * tap(base, r0, c0 + 1)
          + lh * (1.0 - lv) * tap(base, r0 + 1, c0) + lh * lv * tap(base, r0 + 1, c0 + 1);
  } else if (is_nan(hh) || is_nan(vv)) {
    // A NaN position is none of SPEC.md's outside cases: its sample is NaN (IEEE). Built from
    // the runtime position: WGSL refuses a NaN constant.
    value = bitcast<f32>(bitcast<u32>(hh) | 0x7fc00000u);
  }
  ${masked ? 'value = value * mask[(n * u.og * taps + tt) * plane + e];' : ''}
  cols[gi] = value;`,
  };
}

export function runDeformConv(
  ctx: ContextRef,
  i: { x: T; w: T; offset: T; b?: T; mask?: T },
  attrs: DeformConvAttrs,
  out: readonly number[],
): GpuTensor {
  const c = ctx();
  const [n, ch, h, w] = i.x.shape;
  const [m, cg, kh, kw] = i.w.shape;
  const [oh, ow] = [out[2], out[3]];
  const taps = kh * kw;
  const total = n * ch * taps * oh * ow;
  const cols = c.allocate('deformConv2d', total);
  c.run('deformConv2d', columnsProgram(!!i.mask), [i.x.handle, i.offset.handle, ...(i.mask ? [i.mask.handle] : []), cols], {
    total, c: ch, h, w, kh, kw, oh, ow, sh: attrs.strides[0], sw: attrs.strides[1], dh: attrs.dilations[0], dw: attrs.dilations[1],
    top: attrs.pads[0], left: attrs.pads[1], cog: ch / attrs.offsetGroup, og: attrs.offsetGroup,
  }, { threads: total });
  try {
    // The columns are an image of C·kh·kw channels and oH×oW pixels; the weight [M, C/g, kh, kw]
    // is, read flat, the 1x1 kernel [M, C/g·kh·kw] over it (same grouping).
    return runConv(c, 'deformConv2d', {
      x: cols, xShape: [n, ch * taps, oh, ow], w: i.w.handle, kShape: [m, cg * taps, 1, 1], perSampleWeights: false,
      attrs: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: attrs.group, activation: attrs.activation },
      out, epilogue: { bias: i.b?.handle, activation: attrs.activation },
    });
  } finally {
    c.release(cols);
  }
}
