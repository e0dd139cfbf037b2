// deformConv2d: per 8-pixel tile, bilinear samples fill the same K×8 panel the GEMM core reads.
// Each input channel is first copied into a zero-bordered plane (2 rows on top, 1 column left,
// 1 row and column beyond), so every bilinear neighbour is a plain load: neighbours outside the
// image read the border's zeros, and a sample wholly outside points at the all-zero corner.
// Sampling tables (neighbour bases, 4 weights, mask) are built once per tile and offset group in
// lanes of 4 pixels, then reused by every channel of that offset group.
import { gemmTileAny, packedSize } from './gemm';

/** Padded plane geometry (floats). */
@inline function padRows(H: i32): i32 {
  return H + 3;
}
@inline function padCols(W: i32): i32 {
  return W + 2;
}

/** Floats of the padded planes of `C` channels. */
export function deformPlanesSize(C: i32, H: i32, W: i32): f64 {
  // In f64: the padded planes of a big input of 1×1 maps pass 2^31 floats.
  return <f64>C * <f64>padRows(H) * <f64>padCols(W);
}

/**
 * Copies channels `[c0, c1)` of `x[C][H][W]` into zero-bordered planes at `dst` (image at row 2,
 * column 1); threads split the channels.
 */
export function deformPadPlanes(x: usize, dst: usize, H: i32, W: i32, c0: i32, c1: i32): i32 {
  if (c0 < 0 || c1 < c0) return 2;
  const wp = padCols(W);
  const plane = <usize>(padRows(H) * wp);
  memory.fill(dst + ((<usize>c0 * plane) << 2), 0, (<usize>(c1 - c0) * plane) << 2);
  for (let c = c0; c < c1; c++) {
    for (let r = 0; r < H; r++) {
      memory.copy(dst + ((<usize>c * plane + <usize>((r + 2) * wp + 1)) << 2), x + (<usize>((c * H + r) * W) << 2), <usize>W << 2);
    }
  }
  return 0;
}

/**
 * Bytes per (tap, 4-pixel lane group): the neighbour bases (i32×4); the weights, laid out like
 * the pairs of floats `sample4` loads: pixels 0 and 1 of the upper neighbours
 * `(w00, w01, w00, w01)`, pixels 2 and 3, then the lower ones `(w10, w11, …)`; the masks.
 * (The mask multiplies the sum: folded into the weights, an infinite mask would turn a zero
 * weight into NaN.)
 */
const ENTRY: i32 = 96;

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
        const e = table + <usize>((t * 2 + (j >> 2)) * ENTRY);
        // Lane l of the group: its base at 4·l, its weight pairs in the (l >> 1)-th vector of
        // each row, at float 2·(l & 1).
        const l = j & 3;
        const upper = e + 16 + (<usize>(l >> 1) << 4) + (<usize>(l & 1) << 3);
        const lower = upper + 32;
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
          } else if (h != h || v != v) {
            // A NaN position is none of SPEC.md's outside cases: its sample is NaN (IEEE), read
            // here from base 0, a zero of the border.
            w00 = w01 = w10 = w11 = NaN;
          }
        }
        store<i32>(e + (<usize>l << 2), base);
        store<f32>(upper, <f32>w00);
        store<f32>(upper, <f32>w01, 4);
        store<f32>(lower, <f32>w10);
        store<f32>(lower, <f32>w11, 4);
        store<f32>(e + 80 + (<usize>l << 2), <f32>m);
      }
    }
  }
}

/**
 * Fills the panel rows of channels `[ci0, ci1)` of a conv group (their first channel is plane
 * `planes`) for one table entry (a tap and 4-pixel lane group), whose panel column is `dst0`.
 * Each pixel's two upper neighbours are adjacent floats, as are its two lower ones: one 64-bit
 * load per pair, two pixels per vector; the weighted pairs are then summed across the two
 * vectors, and the sum times the mask. The entry's offsets and weights are read once for all
 * the channels.
 */
@inline function sampleChannels(
  planes: usize, padPlane: usize, e: usize, rowB: usize, dst0: usize, rowStep: usize, ci0: i32, ci1: i32,
): void {
  const idx = v128.load(e);
  const o0 = <usize>i32x4.extract_lane(idx, 0) << 2;
  const o1 = <usize>i32x4.extract_lane(idx, 1) << 2;
  const o2 = <usize>i32x4.extract_lane(idx, 2) << 2;
  const o3 = <usize>i32x4.extract_lane(idx, 3) << 2;
  const wUp01 = v128.load(e, 16);
  const wUp23 = v128.load(e, 32);
  const wLo01 = v128.load(e, 48);
  const wLo23 = v128.load(e, 64);
  const mk = v128.load(e, 80);
  let pc = planes + <usize>ci0 * padPlane;
  let dst = dst0 + <usize>ci0 * rowStep;
  for (let ci = ci0; ci < ci1; ci++, pc += padPlane, dst += rowStep) {
    const up01 = v128.load64_lane(pc + o1, v128.load64_zero(pc + o0), 1);
    const up23 = v128.load64_lane(pc + o3, v128.load64_zero(pc + o2), 1);
    const lo01 = v128.load64_lane(pc + o1 + rowB, v128.load64_zero(pc + o0 + rowB), 1);
    const lo23 = v128.load64_lane(pc + o3 + rowB, v128.load64_zero(pc + o2 + rowB), 1);
    // Per pixel: (w00·v00 + w10·v10, w01·v01 + w11·v11), two pixels per vector.
    const s01 = f32x4.add(f32x4.mul(wUp01, up01), f32x4.mul(wLo01, lo01));
    const s23 = f32x4.add(f32x4.mul(wUp23, up23), f32x4.mul(wLo23, lo23));
    const sum = f32x4.add(i32x4.shuffle(s01, s23, 0, 2, 4, 6), i32x4.shuffle(s01, s23, 1, 3, 5, 7));
    v128.store(dst, f32x4.mul(sum, mk));
  }
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
    const rowStep = <usize>taps << 5; // panel bytes from one channel's rows to the next's
    for (let g = 0; g < group; g++) {
      const gPlanes = planes + <usize>(g * cg) * padPlane;
      // Runs of the group's channels that share an offset group, hence a table.
      for (let ci0 = 0; ci0 < cg; ) {
        const og = (g * cg + ci0) / cPerOg;
        const ci1 = min(cg, (og + 1) * cPerOg - g * cg);
        let e = table + <usize>(og * taps * 2 * ENTRY);
        for (let tap = 0; tap < taps; tap++, e += 2 * ENTRY) {
          const col = panel + (<usize>tap << 5);
          sampleChannels(gPlanes, padPlane, e, rowB, col, rowStep, ci0, ci1);
          sampleChannels(gPlanes, padPlane, e + ENTRY, rowB, col + 16, rowStep, ci0, ci1);
        }
        ci0 = ci1;
      }
      const m0 = <usize>(g * mg) << 2;
      gemmTileAny(wp + <usize>g * groupPacked, panel, K, mg, y + m0 * plane, plane, pix0, n, bias ? bias + m0 : 0, 0, act, 0, (mg + 3) >> 2);
    }
  }
  return 0;
}
