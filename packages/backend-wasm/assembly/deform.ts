// deformConv2d: per 8-pixel tile, bilinear samples (mask folded in) fill the same K×8 panel the
// GEMM core reads. Sampling tables (4 neighbour offsets + 4 weights per tap and pixel) are built
// once per tile and offset group, then reused by every channel of that offset group.
import { gemmTile, packedSize } from './gemm';

/** `x[i]`, or 0 for i = -1 (branch-free: the load at max(i, 0) is always in range). */
@inline function tap4(xc: usize, i: i32): f32 {
  return select<f32>(load<f32>(xc + (<usize>max(i, 0) << 2)), 0, i >= 0);
}

/** Builds `table[og][tap][j]` = 4 i32 element offsets then 4 f32 weights (32 bytes). */
function buildTables(
  offset: usize, mask: usize, table: usize, offsetGroups: i32, taps: i32, kw: i32,
  H: i32, W: i32, sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32,
  ow: i32, plane: i32, pix0: i32, n: i32,
): void {
  for (let og = 0; og < offsetGroups; og++) {
    for (let tap = 0; tap < taps; tap++) {
      const t = og * taps + tap;
      const p = tap / kw;
      const q = tap - p * kw;
      const offH = offset + (<usize>(2 * t * plane) << 2);
      const offW = offH + (<usize>plane << 2);
      const mk = mask ? mask + (<usize>(t * plane) << 2) : 0;
      for (let j = 0; j < 8; j++) {
        const e = table + (<usize>((t * 8 + j) * 8) << 2);
        const pix = pix0 + j;
        let w00: f64 = 0, w01: f64 = 0, w10: f64 = 0, w11: f64 = 0;
        // -1 marks a neighbour outside the image: it reads as 0 whatever x holds there.
        let i00 = -1, i01 = -1, i10 = -1, i11 = -1;
        if (j < n) {
          const oi = pix / ow;
          const oj = pix - oi * ow;
          const at = <usize>pix << 2;
          const h = <f64>(oi * sh - top + p * dh) + <f64>load<f32>(offH + at);
          const v = <f64>(oj * sw - left + q * dw) + <f64>load<f32>(offW + at);
          const m: f64 = mk ? <f64>load<f32>(mk + at) : 1;
          if (h > -1 && h < <f64>H && v > -1 && v < <f64>W) {
            const fy = Math.floor(h);
            const fx = Math.floor(v);
            const y0 = <i32>fy;
            const x0 = <i32>fx;
            const ly = h - fy;
            const lx = v - fx;
            const top0 = y0 >= 0, bot = y0 + 1 < H, lef = x0 >= 0, rig = x0 + 1 < W;
            if (top0 && lef) { w00 = (1 - ly) * (1 - lx) * m; i00 = y0 * W + x0; }
            if (top0 && rig) { w01 = (1 - ly) * lx * m; i01 = y0 * W + x0 + 1; }
            if (bot && lef) { w10 = ly * (1 - lx) * m; i10 = (y0 + 1) * W + x0; }
            if (bot && rig) { w11 = ly * lx * m; i11 = (y0 + 1) * W + x0 + 1; }
          } else {
            // The sample is 0 outside; mask·0 is still NaN for a NaN or infinite mask.
            w00 = m * 0;
          }
        }
        store<i32>(e, i00); store<i32>(e, i01, 4); store<i32>(e, i10, 8); store<i32>(e, i11, 12);
        store<f32>(e, <f32>w00, 16); store<f32>(e, <f32>w01, 20); store<f32>(e, <f32>w10, 24); store<f32>(e, <f32>w11, 28);
      }
    }
  }
}

/**
 * One sample of deformConv2d over pixel tiles `[tile0, tile1)`. `offset`/`mask` point at this
 * sample; `scratch` holds `K·8` floats of panel then `offsetGroups·taps·64` words of tables.
 */
export function deformSample(
  x: usize, wp: usize, bias: usize, offset: usize, mask: usize, y: usize,
  C: i32, H: i32, W: i32, M: i32, group: i32, offsetGroups: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, oh: i32, ow: i32,
  act: i32, scratch: usize, tile0: i32, tile1: i32,
): i32 {
  if (group <= 0 || C % group != 0 || M % group != 0 || offsetGroups <= 0 || C % offsetGroups != 0) return 1;
  if (tile0 < 0 || tile1 > ((oh * ow + 7) >> 3)) return 2;
  const cg = C / group;
  const mg = M / group;
  const taps = kh * kw;
  const K = cg * taps;
  const plane = oh * ow;
  const cPerOg = C / offsetGroups;
  const groupPacked = <usize>packedSize(mg, K) << 2;
  const panel = scratch;
  const table = scratch + (<usize>K << 5);
  const planeIn = <usize>(H * W) << 2;
  for (let t = tile0; t < tile1; t++) {
    const pix0 = t << 3;
    const n = min(8, plane - pix0);
    buildTables(offset, mask, table, offsetGroups, taps, kw, H, W, sh, sw, dh, dw, top, left, ow, plane, pix0, n);
    for (let g = 0; g < group; g++) {
      let dst = panel;
      for (let ci = 0; ci < cg; ci++) {
        const c = g * cg + ci;
        const xc = x + <usize>c * planeIn;
        const tb = table + (<usize>((c / cPerOg) * taps * 64) << 2);
        for (let tap = 0; tap < taps; tap++) {
          for (let j = 0; j < 8; j++) {
            const e = tb + (<usize>((tap * 8 + j) * 8) << 2);
            const v =
              load<f32>(e, 16) * tap4(xc, load<i32>(e)) +
              load<f32>(e, 20) * tap4(xc, load<i32>(e, 4)) +
              load<f32>(e, 24) * tap4(xc, load<i32>(e, 8)) +
              load<f32>(e, 28) * tap4(xc, load<i32>(e, 12));
            store<f32>(dst + (<usize>j << 2), v);
          }
          dst += 32;
        }
      }
      const m0 = <usize>(g * mg) << 2;
      gemmTile(wp + <usize>g * groupPacked, panel, K, mg, y + m0 * plane, plane, pix0, n, bias ? bias + m0 : 0, 0, act);
    }
  }
  return 0;
}
