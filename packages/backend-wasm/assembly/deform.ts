// deformConv2d: per 8-pixel tile, bilinear samples fill the same K×8 panel the GEMM core reads.
// Each input channel is first copied into a zero-bordered plane (2 rows on top, 1 column left,
// 1 row and column beyond), so every bilinear neighbour is a plain load: neighbours outside the
// image read the border's zeros, and a sample wholly outside points at the all-zero corner.
// Sampling tables (neighbour base, 4 weights, mask) are built once per tile and offset group in
// lanes of 4 pixels, then reused by every channel of that offset group.
import { gemmTile, packedSize } from './gemm';

/** Padded plane geometry (floats). */
@inline function padRows(H: i32): i32 {
  return H + 3;
}
@inline function padCols(W: i32): i32 {
  return W + 2;
}

/** Floats of the padded planes of `C` channels. */
export function deformPlanesSize(C: i32, H: i32, W: i32): i32 {
  return C * padRows(H) * padCols(W);
}

/** Copies `x[C][H][W]` into zero-bordered planes at `dst` (image at row 2, column 1). */
export function deformPadPlanes(x: usize, dst: usize, C: i32, H: i32, W: i32): void {
  const wp = padCols(W);
  const plane = padRows(H) * wp;
  memory.fill(dst, 0, <usize>(C * plane) << 2);
  for (let c = 0; c < C; c++) {
    for (let r = 0; r < H; r++) {
      memory.copy(dst + (<usize>(c * plane + (r + 2) * wp + 1) << 2), x + (<usize>((c * H + r) * W) << 2), <usize>W << 2);
    }
  }
}

const ENTRY: i32 = 96; // bytes per (tap, 4-pixel lane group): base i32×4, w00, w01, w10, w11, mask

/** Builds `table[og][tap][lane group]` for pixels `pix0 .. pix0+n)`. */
function buildTables(
  offset: usize, mask: usize, table: usize, offsetGroups: i32, taps: i32, kw: i32,
  H: i32, W: i32, sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32,
  ow: i32, plane: i32, pix0: i32, n: i32,
): void {
  const wp = padCols(W);
  for (let og = 0; og < offsetGroups; og++) {
    for (let tap = 0; tap < taps; tap++) {
      const t = og * taps + tap;
      const p = tap / kw;
      const q = tap - p * kw;
      const offH = offset + (<usize>(2 * t * plane) << 2);
      const offW = offH + (<usize>plane << 2);
      const mk = mask ? mask + (<usize>(t * plane) << 2) : 0;
      for (let j = 0; j < 8; j++) {
        const e = table + <usize>((t * 2 + (j >> 2)) * ENTRY) + (<usize>(j & 3) << 2);
        let w00: f64 = 0, w01: f64 = 0, w10: f64 = 0, w11: f64 = 0, m: f64 = 0;
        let base = 0;
        if (j < n) {
          const pix = pix0 + j;
          const oi = pix / ow;
          const oj = pix - oi * ow;
          const at = <usize>pix << 2;
          const h = <f64>(oi * sh - top + p * dh) + <f64>load<f32>(offH + at);
          const v = <f64>(oj * sw - left + q * dw) + <f64>load<f32>(offW + at);
          m = mk ? <f64>load<f32>(mk + at) : 1;
          if (h > -1 && h < <f64>H && v > -1 && v < <f64>W) {
            const fy = Math.floor(h);
            const fx = Math.floor(v);
            const ly = h - fy;
            const lx = v - fx;
            base = (<i32>fy + 2) * wp + <i32>fx + 1;
            w00 = (1 - ly) * (1 - lx);
            w01 = (1 - ly) * lx;
            w10 = ly * (1 - lx);
            w11 = ly * lx;
          }
        }
        store<i32>(e, base);
        store<f32>(e, <f32>w00, 16);
        store<f32>(e, <f32>w01, 32);
        store<f32>(e, <f32>w10, 48);
        store<f32>(e, <f32>w11, 64);
        store<f32>(e, <f32>m, 80);
      }
    }
  }
}

/** Four pixels' bilinear samples of one padded plane: Σ w·neighbour, times the mask. */
@inline function sample4(pc: usize, e: usize, rowB: usize): v128 {
  const idx = v128.load(e);
  const a0 = pc + (<usize>i32x4.extract_lane(idx, 0) << 2);
  const a1 = pc + (<usize>i32x4.extract_lane(idx, 1) << 2);
  const a2 = pc + (<usize>i32x4.extract_lane(idx, 2) << 2);
  const a3 = pc + (<usize>i32x4.extract_lane(idx, 3) << 2);
  let v00 = v128.load32_zero(a0), v01 = v128.load32_zero(a0 + 4);
  let v10 = v128.load32_zero(a0 + rowB), v11 = v128.load32_zero(a0 + rowB + 4);
  v00 = v128.load32_lane(a1, v00, 1); v01 = v128.load32_lane(a1 + 4, v01, 1);
  v10 = v128.load32_lane(a1 + rowB, v10, 1); v11 = v128.load32_lane(a1 + rowB + 4, v11, 1);
  v00 = v128.load32_lane(a2, v00, 2); v01 = v128.load32_lane(a2 + 4, v01, 2);
  v10 = v128.load32_lane(a2 + rowB, v10, 2); v11 = v128.load32_lane(a2 + rowB + 4, v11, 2);
  v00 = v128.load32_lane(a3, v00, 3); v01 = v128.load32_lane(a3 + 4, v01, 3);
  v10 = v128.load32_lane(a3 + rowB, v10, 3); v11 = v128.load32_lane(a3 + rowB + 4, v11, 3);
  let acc = f32x4.mul(v128.load(e, 16), v00);
  acc = f32x4.add(acc, f32x4.mul(v128.load(e, 32), v01));
  acc = f32x4.add(acc, f32x4.mul(v128.load(e, 48), v10));
  acc = f32x4.add(acc, f32x4.mul(v128.load(e, 64), v11));
  return f32x4.mul(acc, v128.load(e, 80));
}

/**
 * One sample of deformConv2d over pixel tiles `[tile0, tile1)`. `planes` holds this sample's
 * padded planes (deformPadPlanes); `offset`/`mask` point at this sample; `scratch` holds `K·8`
 * floats of panel then `offsetGroups·taps·2·24` words of tables.
 */
export function deformSample(
  planes: usize, wp: usize, bias: usize, offset: usize, mask: usize, y: usize,
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
  const padPlane = <usize>(padRows(H) * padCols(W)) << 2;
  const rowB = <usize>padCols(W) << 2;
  for (let t = tile0; t < tile1; t++) {
    const pix0 = t << 3;
    const n = min(8, plane - pix0);
    buildTables(offset, mask, table, offsetGroups, taps, kw, H, W, sh, sw, dh, dw, top, left, ow, plane, pix0, n);
    for (let g = 0; g < group; g++) {
      let dst = panel;
      for (let ci = 0; ci < cg; ci++) {
        const c = g * cg + ci;
        const pc = planes + <usize>c * padPlane;
        let e = table + <usize>((c / cPerOg) * taps * 2 * ENTRY);
        for (let tap = 0; tap < taps; tap++) {
          v128.store(dst, sample4(pc, e, rowB));
          v128.store(dst, sample4(pc, e + ENTRY, rowB), 16);
          e += 2 * ENTRY;
          dst += 32;
        }
      }
      const m0 = <usize>(g * mg) << 2;
      gemmTile(wp + <usize>g * groupPacked, panel, K, mg, y + m0 * plane, plane, pix0, n, bias ? bias + m0 : 0, 0, act, 0, (mg + 3) >> 2);
    }
  }
  return 0;
}
