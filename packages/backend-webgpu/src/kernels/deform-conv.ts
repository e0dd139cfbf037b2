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
  // The offsets' integer and fractional parts are kept apart: adding the offset to the tap's
  // integer row in f32 rounded its fraction to the row's ulp (relL2 4e-4 at H = 16384).
  let dy = offset[offBase];
  let dx = offset[offBase + plane];
  var value = 0.0;
  if (is_nan(dy) || is_nan(dx)) {
    // A NaN position is none of SPEC.md's outside cases: its sample is NaN (IEEE). Built from
    // the runtime offset: WGSL refuses a NaN constant.
    value = bitcast<f32>(bitcast<u32>(dy) | bitcast<u32>(dx) | 0x7fc00000u);
  } else {
    let fh = floor(dy);
    let fv = floor(dx);
    // Beyond 2^30 (±∞ included) a sample is far outside any image, and i32() would not hold it.
    if (abs(fh) < 1073741824.0 && abs(fv) < 1073741824.0) {
      let r0 = i * u.sh - u.top + p * u.dh + i32(fh);
      let c0 = j * u.sw - u.left + q * u.dw + i32(fv);
      let lh = dy - fh;
      let lv = dx - fv;
      // Inside (-1, H) × (-1, W): row r0 + lh > -1 and < H.
      if ((r0 >= 0 || (r0 == -1 && lh > 0.0)) && r0 < u.h && (c0 >= 0 || (c0 == -1 && lv > 0.0)) && c0 < u.w) {
        let base = (n * u.c + ch) * u32(u.h * u.w);
        value = (1.0 - lh) * (1.0 - lv) * tap(base, r0, c0) + (1.0 - lh) * lv * tap(base, r0, c0 + 1)
              + lh * (1.0 - lv) * tap(base, r0 + 1, c0) + lh * lv * tap(base, r0 + 1, c0 + 1);
      }
    }
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
