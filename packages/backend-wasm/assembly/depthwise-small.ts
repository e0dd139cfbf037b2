// Depthwise 3×3 convolution four channels at a time: a vector holds one pixel of four channels
// instead of four pixels of one channel. On small maps (7×7, 14×14) the planar kernel
// (depthwise.ts) wastes lanes at every row end (7 outputs in two vectors) and pays its per-row
// and per-channel set-up for a handful of outputs; at a column stride of 2 it deinterleaves every
// tap with shuffles. Here each channel group copies its four planes once into a zero-bordered,
// channel-interleaved plane (4× a planar plane's floats: about 200 KiB per thread for a
// 112×112 map at stride 2) and every output pixel is nine vector multiply-adds with the weights
// in registers. The arithmetic per lane is the planar 3×3 kernel's, in the same order (first tap
// multiplied, the others added, then scale, bias and the activation), so for stride 1 both give
// the same bits.
import { isScalarAct, scalarActRange, vecAct } from './activation';

@inline function planeRows(oh: i32, sh: i32): i32 {
  return (oh - 1) * sh + 3;
}
@inline function planeCols(ow: i32, sw: i32): i32 {
  return (ow - 1) * sw + 3;
}

/** Floats of scratch `depthwiseSmall` needs: the interleaved plane (4 floats per position), in f64 as depthwiseScratch. */
export function depthwiseSmallScratch(oh: i32, ow: i32, sh: i32, sw: i32): f64 {
  return <f64>planeRows(oh, sh) * <f64>planeCols(ow, sw) * 4;
}

/** Lane `l` of tap `t` of channels `m .. m+3` (the last real channel repeats past `last`). */
@inline function tapVector(w: usize, m: i32, last: i32, t: i32): v128 {
  let v = v128.load32_zero(w + (<usize>(m * 9 + t) << 2));
  v = v128.load32_lane(w + (<usize>(min(m + 1, last) * 9 + t) << 2), v, 1);
  v = v128.load32_lane(w + (<usize>(min(m + 2, last) * 9 + t) << 2), v, 2);
  return v128.load32_lane(w + (<usize>(min(m + 3, last) * 9 + t) << 2), v, 3);
}

/** Per-channel values `[M]` at `p` for channels `m .. m+3` as a vector, or `fill` when `p` is 0. */
@inline function channelVector(p: usize, m: i32, last: i32, fill: f32): v128 {
  if (!p) return f32x4.splat(fill);
  let v = v128.load32_zero(p + (<usize>m << 2));
  v = v128.load32_lane(p + (<usize>min(m + 1, last) << 2), v, 1);
  v = v128.load32_lane(p + (<usize>min(m + 2, last) << 2), v, 2);
  return v128.load32_lane(p + (<usize>min(m + 3, last) << 2), v, 3);
}

/**
 * Copies the image part of four input planes into the interleaved plane at `dst` (`cols`
 * positions a row): rows `[r0, r1)` and columns `[c0, c1)` of the plane, i.e. input row `r - top`
 * and column `c - left`. Four columns at a time through a 4×4 transpose.
 */
function interleave(
  x0: usize, x1: usize, x2: usize, x3: usize, dst: usize, W: i32, cols: i32,
  top: i32, left: i32, r0: i32, r1: i32, c0: i32, c1: i32,
): void {
  for (let r = r0; r < r1; r++) {
    // Input offset of plane column c0 in this row; column c reads c - c0 floats further.
    const src = <usize>((r - top) * W + c0 - left) << 2;
    const row = dst + (<usize>(r * cols) << 4);
    let c = c0;
    for (; c + 4 <= c1; c += 4) {
      const at = src + (<usize>(c - c0) << 2);
      const a = v128.load(x0 + at), b = v128.load(x1 + at), e = v128.load(x2 + at), f = v128.load(x3 + at);
      const ab01 = i32x4.shuffle(a, b, 0, 4, 1, 5), ab23 = i32x4.shuffle(a, b, 2, 6, 3, 7);
      const ef01 = i32x4.shuffle(e, f, 0, 4, 1, 5), ef23 = i32x4.shuffle(e, f, 2, 6, 3, 7);
      const out = row + (<usize>c << 4);
      v128.store(out, i32x4.shuffle(ab01, ef01, 0, 1, 4, 5));
      v128.store(out, i32x4.shuffle(ab01, ef01, 2, 3, 6, 7), 16);
      v128.store(out, i32x4.shuffle(ab23, ef23, 0, 1, 4, 5), 32);
      v128.store(out, i32x4.shuffle(ab23, ef23, 2, 3, 6, 7), 48);
    }
    for (; c < c1; c++) {
      const at = src + (<usize>(c - c0) << 2);
      let v = v128.load32_zero(x0 + at);
      v = v128.load32_lane(x1 + at, v, 1);
      v = v128.load32_lane(x2 + at, v, 2);
      v128.store(row + (<usize>c << 4), v128.load32_lane(x3 + at, v, 3));
    }
  }
}

/** One output pixel of four channels: the nine taps from `a` (its top-left tap), then the epilogue. */
@inline function tapSum(
  a: usize, w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128, w7: v128, w8: v128,
  rowBytes: usize, vs: v128, vb: v128, act: i32,
): v128 {
  const b = a + rowBytes, c = b + rowBytes;
  let acc = f32x4.mul(w0, v128.load(a));
  acc = f32x4.add(acc, f32x4.mul(w1, v128.load(a, 16)));
  acc = f32x4.add(acc, f32x4.mul(w2, v128.load(a, 32)));
  acc = f32x4.add(acc, f32x4.mul(w3, v128.load(b)));
  acc = f32x4.add(acc, f32x4.mul(w4, v128.load(b, 16)));
  acc = f32x4.add(acc, f32x4.mul(w5, v128.load(b, 32)));
  acc = f32x4.add(acc, f32x4.mul(w6, v128.load(c)));
  acc = f32x4.add(acc, f32x4.mul(w7, v128.load(c, 16)));
  acc = f32x4.add(acc, f32x4.mul(w8, v128.load(c, 32)));
  return vecAct(f32x4.add(f32x4.mul(acc, vs), vb), act);
}

/**
 * Output channel groups `[g0, g1)` (channels `4g .. 4g+3`, the last group possibly short) of one
 * sample of a 3×3 depthwise conv: `y[m] = act(scale[m] · Σ w[m][p][q] · x[m / mPerGroup](...) + bias[m])`.
 * `bias`/`scale` are `[M]` or 0. `scratch` holds `depthwiseSmallScratch(...)` floats.
 */
export function depthwiseSmall(
  x: usize, w: usize, bias: usize, scale: usize, y: usize, H: i32, W: i32, M: i32, mPerGroup: i32,
  sh: i32, sw: i32, top: i32, left: i32, oh: i32, ow: i32,
  act: i32, scratch: usize, g0: i32, g1: i32,
): i32 {
  if (mPerGroup <= 0 || M <= 0 || g0 < 0 || g1 < g0 || g1 > (M + 3) >> 2) return 1;
  const rows = planeRows(oh, sh);
  const cols = planeCols(ow, sw);
  // Zero once: the copies below only ever write the image part, so the border stays zero.
  memory.fill(scratch, 0, (<usize>rows * <usize>cols) << 4);
  const r0 = max(0, top), r1 = min(rows, top + H);
  const c0 = max(0, left), c1 = min(cols, left + W);
  const planeIn = <usize>(H * W) << 2;
  const plane = oh * ow;
  const last = M - 1;
  const rowBytes = <usize>cols << 4;
  const rowStep = <usize>(sh * cols) << 4, colStep = <usize>sw << 4;
  for (let g = g0; g < g1; g++) {
    const m = g << 2;
    const lanes = min(4, M - m);
    if (r1 > r0 && c1 > c0) {
      interleave(
        x + <usize>(m / mPerGroup) * planeIn, x + <usize>(min(m + 1, last) / mPerGroup) * planeIn,
        x + <usize>(min(m + 2, last) / mPerGroup) * planeIn, x + <usize>(min(m + 3, last) / mPerGroup) * planeIn,
        scratch, W, cols, top, left, r0, r1, c0, c1,
      );
    }
    const w0 = tapVector(w, m, last, 0), w1 = tapVector(w, m, last, 1), w2 = tapVector(w, m, last, 2);
    const w3 = tapVector(w, m, last, 3), w4 = tapVector(w, m, last, 4), w5 = tapVector(w, m, last, 5);
    const w6 = tapVector(w, m, last, 6), w7 = tapVector(w, m, last, 7), w8 = tapVector(w, m, last, 8);
    const vs = channelVector(scale, m, last, 1);
    const vb = channelVector(bias, m, last, 0);
    const ym = y + (<usize>(m * plane) << 2);
    const planeOut = <usize>plane << 2;
    // Four pixels at a time, transposed into four channels' runs of four pixels.
    let j = 0;
    let rowBase = scratch;
    let p = 0;
    for (; p + 4 <= plane; p += 4) {
      const v0 = tapSum(rowBase + <usize>j * colStep, w0, w1, w2, w3, w4, w5, w6, w7, w8, rowBytes, vs, vb, act);
      if (++j == ow) { j = 0; rowBase += rowStep; }
      const v1 = tapSum(rowBase + <usize>j * colStep, w0, w1, w2, w3, w4, w5, w6, w7, w8, rowBytes, vs, vb, act);
      if (++j == ow) { j = 0; rowBase += rowStep; }
      const v2 = tapSum(rowBase + <usize>j * colStep, w0, w1, w2, w3, w4, w5, w6, w7, w8, rowBytes, vs, vb, act);
      if (++j == ow) { j = 0; rowBase += rowStep; }
      const v3 = tapSum(rowBase + <usize>j * colStep, w0, w1, w2, w3, w4, w5, w6, w7, w8, rowBytes, vs, vb, act);
      if (++j == ow) { j = 0; rowBase += rowStep; }
      const t01 = i32x4.shuffle(v0, v1, 0, 4, 1, 5), t23 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
      const u01 = i32x4.shuffle(v2, v3, 0, 4, 1, 5), u23 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
      const out = ym + (<usize>p << 2);
      v128.store(out, i32x4.shuffle(t01, u01, 0, 1, 4, 5));
      if (lanes > 1) v128.store(out + planeOut, i32x4.shuffle(t01, u01, 2, 3, 6, 7));
      if (lanes > 2) v128.store(out + 2 * planeOut, i32x4.shuffle(t23, u23, 0, 1, 4, 5));
      if (lanes > 3) v128.store(out + 3 * planeOut, i32x4.shuffle(t23, u23, 2, 3, 6, 7));
    }
    for (; p < plane; p++) {
      const v = tapSum(rowBase + <usize>j * colStep, w0, w1, w2, w3, w4, w5, w6, w7, w8, rowBytes, vs, vb, act);
      if (++j == ow) { j = 0; rowBase += rowStep; }
      // Lane l is channel m + l at pixel p.
      const out = ym + (<usize>p << 2);
      store<f32>(out, f32x4.extract_lane(v, 0));
      if (lanes > 1) store<f32>(out + planeOut, f32x4.extract_lane(v, 1));
      if (lanes > 2) store<f32>(out + 2 * planeOut, f32x4.extract_lane(v, 2));
      if (lanes > 3) store<f32>(out + 3 * planeOut, f32x4.extract_lane(v, 3));
    }
    if (isScalarAct(act)) for (let l = 0; l < lanes; l++) scalarActRange(ym + <usize>l * planeOut, plane, act);
  }
  return 0;
}
