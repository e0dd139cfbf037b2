// The GEMM core shared by the whole conv family: a 4×8 micro-kernel (4 output channels by 8
// pixels, eight f32x4 accumulators) over weights packed in 4-row panels and a K×8 pixel panel.
import { isScalarAct, scalarActRange, vecAct } from './activation';

/** acc + a·b; fused (relaxed_madd) in the relaxed-SIMD build. */
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * Packs one group's weights `w[mRows][K]` into panels `wp[ceil(mRows/4)][K][4]`, zero-filling the
 * missing rows of the last panel.
 */
export function packWeights(w: usize, wp: usize, mRows: i32, K: i32): i32 {
  if (mRows < 0 || K < 0) return 1;
  const blocks = (mRows + 3) >> 2;
  for (let mb = 0; mb < blocks; mb++) {
    const dst = wp + (<usize>mb * K) * 16;
    for (let r = 0; r < 4; r++) {
      const m = (mb << 2) + r;
      if (m < mRows) {
        const src = w + (<usize>m * K) * 4;
        for (let k = 0; k < K; k++) store<f32>(dst + (<usize>k << 4) + (r << 2), load<f32>(src + (<usize>k << 2)));
      } else {
        for (let k = 0; k < K; k++) store<f32>(dst + (<usize>k << 4) + (r << 2), 0);
      }
    }
  }
  return 0;
}

/** Floats of one group's packed panels. */
@inline export function packedSize(mRows: i32, K: i32): i32 {
  return ((mRows + 3) >> 2) * 4 * K;
}

/** Products per partial sum in gemmTileLong. */
const K_BLOCK = 256;

@inline function storeRow(out: usize, lo: v128, hi: v128, m: i32, n: i32, bias: usize, scale: usize, act: i32): void {
  if (scale) {
    const s = v128.load32_splat(scale + (<usize>m << 2));
    lo = f32x4.mul(lo, s);
    hi = f32x4.mul(hi, s);
  }
  if (bias) {
    const b = v128.load32_splat(bias + (<usize>m << 2));
    lo = f32x4.add(lo, b);
    hi = f32x4.add(hi, b);
  }
  lo = vecAct(lo, act);
  hi = vecAct(hi, act);
  if (n == 8) {
    v128.store(out, lo);
    v128.store(out, hi, 16);
  } else {
    // A partial tile: the lanes past `n` belong to the next row or tensor.
    if (n > 0) store<f32>(out, f32x4.extract_lane(lo, 0));
    if (n > 1) store<f32>(out, f32x4.extract_lane(lo, 1), 4);
    if (n > 2) store<f32>(out, f32x4.extract_lane(lo, 2), 8);
    if (n > 3) store<f32>(out, f32x4.extract_lane(lo, 3), 12);
    if (n > 4) store<f32>(out, f32x4.extract_lane(hi, 0), 16);
    if (n > 5) store<f32>(out, f32x4.extract_lane(hi, 1), 20);
    if (n > 6) store<f32>(out, f32x4.extract_lane(hi, 2), 24);
  }
  if (isScalarAct(act)) scalarActRange(out, n, act);
}

/**
 * `y[m][pix0 + j] = act(scale[m] · Σ_k wp[m][k] · panel[k][j] + bias[m])` for `m < mRows`,
 * `j < n` (n ≤ 8), for the 4-row blocks `[mb0, mb1)`. `y`, `bias` and `scale` point at this
 * group's row 0; `plane` is y's row stride in floats; `bias`/`scale` may be 0 (absent).
 */
export function gemmTile(
  wp: usize, panel: usize, K: i32, mRows: i32, y: usize, plane: i32, pix0: i32, n: i32,
  bias: usize, scale: usize, act: i32, mb0: i32, mb1: i32,
): void {
  const rowBytes = <usize>plane << 2;
  for (let mb = mb0; mb < mb1; mb++) {
    let a = wp + (<usize>mb * K) * 16;
    let b = panel;
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    for (let k = 0; k < K; k++) {
      const b0 = v128.load(b);
      const b1 = v128.load(b, 16);
      let s = v128.load32_splat(a);
      c00 = madd(c00, s, b0);
      c01 = madd(c01, s, b1);
      s = v128.load32_splat(a, 4);
      c10 = madd(c10, s, b0);
      c11 = madd(c11, s, b1);
      s = v128.load32_splat(a, 8);
      c20 = madd(c20, s, b0);
      c21 = madd(c21, s, b1);
      s = v128.load32_splat(a, 12);
      c30 = madd(c30, s, b0);
      c31 = madd(c31, s, b1);
      a += 16;
      b += 32;
    }
    const m0 = mb << 2;
    const out = y + (<usize>m0 * plane + pix0) * 4;
    storeRow(out, c00, c01, m0, n, bias, scale, act);
    if (m0 + 1 < mRows) storeRow(out + rowBytes, c10, c11, m0 + 1, n, bias, scale, act);
    if (m0 + 2 < mRows) storeRow(out + 2 * rowBytes, c20, c21, m0 + 2, n, bias, scale, act);
    if (m0 + 3 < mRows) storeRow(out + 3 * rowBytes, c30, c31, m0 + 3, n, bias, scale, act);
  }
}

/**
 * gemmTile for long K (more than K_BLOCK products per output): the same micro-kernel over
 * blocks of K_BLOCK, each summed from zero and then added to the totals. One running sum over
 * K = 4608 products of one sign lost 3.6e-5 relative (SPEC.md allows 1e-5); this bounds the
 * error by the block and the number of blocks. A separate function with its own copy of the
 * micro-kernel, on purpose: the blocks inside gemmTile cost 3-7% on every layer, short K
 * included, and gemmTile called once per block (adding to what the previous block stored)
 * 8-10%; V8's code for the loop changed each time (alternating runs of the builds).
 *
 * `y[m][pix0 + j] = act(scale[m] · Σ_k wp[m][k] · panel[k][j] + bias[m])` for `m < mRows`,
 * `j < n` (n ≤ 8), for the 4-row blocks `[mb0, mb1)`. `y`, `bias` and `scale` point at this
 * group's row 0; `plane` is y's row stride in floats; `bias`/`scale` may be 0 (absent).
 */
export function gemmTileLong(
  wp: usize, panel: usize, K: i32, mRows: i32, y: usize, plane: i32, pix0: i32, n: i32,
  bias: usize, scale: usize, act: i32, mb0: i32, mb1: i32,
): void {
  const rowBytes = <usize>plane << 2;
  for (let mb = mb0; mb < mb1; mb++) {
    let a = wp + (<usize>mb * K) * 16;
    let b = panel;
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    let k = 0;
    while (k < K) {
      const kEnd = min(K, k + K_BLOCK);
      let p00 = f32x4.splat(0), p01 = f32x4.splat(0), p10 = f32x4.splat(0), p11 = f32x4.splat(0);
      let p20 = f32x4.splat(0), p21 = f32x4.splat(0), p30 = f32x4.splat(0), p31 = f32x4.splat(0);
      for (; k < kEnd; k++) {
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        let s = v128.load32_splat(a);
        p00 = madd(p00, s, b0);
        p01 = madd(p01, s, b1);
        s = v128.load32_splat(a, 4);
        p10 = madd(p10, s, b0);
        p11 = madd(p11, s, b1);
        s = v128.load32_splat(a, 8);
        p20 = madd(p20, s, b0);
        p21 = madd(p21, s, b1);
        s = v128.load32_splat(a, 12);
        p30 = madd(p30, s, b0);
        p31 = madd(p31, s, b1);
        a += 16;
        b += 32;
      }
      c00 = f32x4.add(c00, p00);
      c01 = f32x4.add(c01, p01);
      c10 = f32x4.add(c10, p10);
      c11 = f32x4.add(c11, p11);
      c20 = f32x4.add(c20, p20);
      c21 = f32x4.add(c21, p21);
      c30 = f32x4.add(c30, p30);
      c31 = f32x4.add(c31, p31);
    }
    const m0 = mb << 2;
    const out = y + (<usize>m0 * plane + pix0) * 4;
    storeRow(out, c00, c01, m0, n, bias, scale, act);
    if (m0 + 1 < mRows) storeRow(out + rowBytes, c10, c11, m0 + 1, n, bias, scale, act);
    if (m0 + 2 < mRows) storeRow(out + 2 * rowBytes, c20, c21, m0 + 2, n, bias, scale, act);
    if (m0 + 3 < mRows) storeRow(out + 3 * rowBytes, c30, c31, m0 + 3, n, bias, scale, act);
  }
}

/** gemmTile, or gemmTileLong when K is longer than one block: every conv path calls this. */
@inline export function gemmTileAny(
  wp: usize, panel: usize, K: i32, mRows: i32, y: usize, plane: i32, pix0: i32, n: i32,
  bias: usize, scale: usize, act: i32, mb0: i32, mb1: i32,
): void {
  if (K > K_BLOCK) gemmTileLong(wp, panel, K, mRows, y, plane, pix0, n, bias, scale, act, mb0, mb1);
  else gemmTile(wp, panel, K, mRows, y, plane, pix0, n, bias, scale, act, mb0, mb1);
}

/**
 * The SIMD peak probe: the micro-kernel's eight independent f32x4 mul+add chains fed by splat
 * and vector loads from a 6 KiB block at `p` that stays in L1 — the arithmetic of the GEMM core
 * without cache misses, packing or epilogue. One round is 128 steps; FLOPs = iters·128·64.
 */
export function peakProbe(p: usize, iters: i32): f32 {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let i = 0; i < iters; i++) {
    let a = p;
    let b = p + 2048;
    for (let k = 0; k < 128; k++) {
      const b0 = v128.load(b);
      const b1 = v128.load(b, 16);
      let s = v128.load32_splat(a);
      c00 = madd(c00, s, b0);
      c01 = madd(c01, s, b1);
      s = v128.load32_splat(a, 4);
      c10 = madd(c10, s, b0);
      c11 = madd(c11, s, b1);
      s = v128.load32_splat(a, 8);
      c20 = madd(c20, s, b0);
      c21 = madd(c21, s, b1);
      s = v128.load32_splat(a, 12);
      c30 = madd(c30, s, b0);
      c31 = madd(c31, s, b1);
      a += 16;
      b += 32;
    }
  }
  const t = f32x4.add(f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)), f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 3);
}

