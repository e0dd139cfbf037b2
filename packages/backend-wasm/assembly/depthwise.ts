// Depthwise convolution (one input channel per group). Each input channel is copied into a
// zero-bordered plane in scratch, so the inner loops run on f32x4 with no bounds tests: stride 1
// reads 4 consecutive inputs, stride 2 deinterleaves 8, other strides gather lanes. 3×3 stride 1
// keeps its nine weights in registers.
import { isScalarAct, scalarActRange, vecAct } from './activation';
import { copyFloats } from './rows';

/** Padded plane geometry: rows and row stride (floats) covering every tap of every output. */
@inline function paddedRows(oh: i32, kh: i32, sh: i32, dh: i32): i32 {
  return (oh - 1) * sh + (kh - 1) * dh + 1;
}
@inline function paddedStride(ow: i32, kw: i32, sw: i32, dw: i32): i32 {
  // Outputs are computed in groups of 4, and stride 2 reads 8 floats per group.
  const groups = (ow + 3) >> 2;
  return ((groups * 4 - 1) * sw + (kw - 1) * dw + 1 + 8 + 3) & ~3;
}

/**
 * Floats of scratch `depthwiseSample` needs (the padded plane plus a 4-float tail buffer), in
 * f64: with a large column stride the row stride reserves 3 strides past the last output, and
 * the product passed 2^31 (the glue then takes the direct loop instead, conv-run.ts).
 */
export function depthwiseScratch(oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32): f64 {
  return <f64>paddedRows(oh, kh, sh, dh) * <f64>paddedStride(ow, kw, sw, dw) + 4;
}

@inline function loadStrided(src: usize, sw: i32): v128 {
  if (sw == 1) return v128.load(src);
  if (sw == 2) return i32x4.shuffle(v128.load(src), v128.load(src, 16), 0, 2, 4, 6);
  const step = <usize>sw << 2;
  let v = v128.load32_zero(src);
  v = v128.load32_lane(src + step, v, 1);
  v = v128.load32_lane(src + 2 * step, v, 2);
  return v128.load32_lane(src + 3 * step, v, 3);
}

/** Stores `n` (1..4) lanes of `v` at `dst`. */
@inline function storeLanes(dst: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(dst, v);
    return;
  }
  store<f32>(dst, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(dst, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(dst, f32x4.extract_lane(v, 2), 8);
}

/**
 * Output channels `[m0, m1)` of one sample: `y[m] = act(scale[m] · Σ w[m][p][q] · x[m / mPerGroup](...) + bias[m])`.
 * `bias`/`scale` are `[M]` or 0. `scratch` holds `depthwiseScratch(...)` floats.
 */
export function depthwiseSample(
  x: usize, w: usize, bias: usize, scale: usize, y: usize, H: i32, W: i32, mPerGroup: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, oh: i32, ow: i32,
  act: i32, scratch: usize, m0: i32, m1: i32,
): i32 {
  if (mPerGroup <= 0 || m0 < 0 || m1 < m0) return 1;
  const rows = paddedRows(oh, kh, sh, dh);
  const stride = paddedStride(ow, kw, sw, dw);
  const strideB = <usize>stride << 2;
  // Zero once: the copies below only ever write the interior, so the border stays zero.
  memory.fill(scratch, 0, (<usize>rows * <usize>stride + 4) << 2);
  // Input rows and columns that land inside the padded plane.
  const r0 = max(0, top), r1 = min(rows, top + H);
  const c0 = max(0, left), c1 = min(stride, left + W);
  let loaded = -1;
  for (let m = m0; m < m1; m++) {
    const cin = m / mPerGroup;
    if (cin != loaded) {
      const xc = x + (<usize>(cin * H * W) << 2);
      if (c1 > c0) {
        for (let r = r0; r < r1; r++) {
          copyFloats(scratch + <usize>r * strideB + (<usize>c0 << 2), xc + (<usize>((r - top) * W + c0 - left) << 2), c1 - c0);
        }
      }
      loaded = cin;
    }
    const wm = w + (<usize>(m * kh * kw) << 2);
    const yc = y + (<usize>(m * oh * ow) << 2);
    const vb = f32x4.splat(bias ? load<f32>(bias + (<usize>m << 2)) : 0);
    const vs = f32x4.splat(scale ? load<f32>(scale + (<usize>m << 2)) : 1);
    const fast = kh == 3 && kw == 3 && sw == 1 && dw == 1;
    const fast2 = kh == 3 && kw == 3 && sw == 2 && dw == 1;
    for (let i = 0; i < oh; i++) {
      const yr = yc + (<usize>(i * ow) << 2);
      const base = scratch + <usize>(i * sh) * strideB;
      if (fast) row3x3(base, strideB * <usize>dh, wm, yr, ow, vs, vb, act);
      else if (fast2) row3x3s2(base, strideB * <usize>dh, wm, yr, ow, vs, vb, act);
      else rowGeneric(base, strideB, wm, yr, ow, kh, kw, sw, dh, dw, vs, vb, act);
      // The vector epilogue is fused into the row loops; the transcendental ones run after.
      if (isScalarAct(act)) scalarActRange(yr, ow, act);
    }
  }
  return 0;
}

function row3x3(base: usize, rowStep: usize, wm: usize, yr: usize, ow: i32, vs: v128, vb: v128, act: i32): void {
  const w0 = v128.load32_splat(wm), w1 = v128.load32_splat(wm, 4), w2 = v128.load32_splat(wm, 8);
  const w3 = v128.load32_splat(wm, 12), w4 = v128.load32_splat(wm, 16), w5 = v128.load32_splat(wm, 20);
  const w6 = v128.load32_splat(wm, 24), w7 = v128.load32_splat(wm, 28), w8 = v128.load32_splat(wm, 32);
  const a = base, b = base + rowStep, c = base + 2 * rowStep;
  for (let j = 0; j < ow; j += 4) {
    const o = <usize>j << 2;
    let acc = f32x4.mul(w0, v128.load(a + o));
    acc = f32x4.add(acc, f32x4.mul(w1, v128.load(a + o, 4)));
    acc = f32x4.add(acc, f32x4.mul(w2, v128.load(a + o, 8)));
    acc = f32x4.add(acc, f32x4.mul(w3, v128.load(b + o)));
    acc = f32x4.add(acc, f32x4.mul(w4, v128.load(b + o, 4)));
    acc = f32x4.add(acc, f32x4.mul(w5, v128.load(b + o, 8)));
    acc = f32x4.add(acc, f32x4.mul(w6, v128.load(c + o)));
    acc = f32x4.add(acc, f32x4.mul(w7, v128.load(c + o, 4)));
    acc = f32x4.add(acc, f32x4.mul(w8, v128.load(c + o, 8)));
    storeLanes(yr + o, vecAct(f32x4.add(f32x4.mul(acc, vs), vb), act), ow - j);
  }
}

/** Columns 2j, 2j+1, 2j+2 of 4 outputs: even and odd lanes of 8 floats, and evens shifted by 2. */
@inline function taps3s2(src: usize, wa: v128, wb: v128, wc: v128, acc: v128): v128 {
  const a = v128.load(src), b = v128.load(src, 16);
  const c = v128.load(src, 8), d = v128.load(src, 24);
  acc = f32x4.add(acc, f32x4.mul(wa, i32x4.shuffle(a, b, 0, 2, 4, 6)));
  acc = f32x4.add(acc, f32x4.mul(wb, i32x4.shuffle(a, b, 1, 3, 5, 7)));
  return f32x4.add(acc, f32x4.mul(wc, i32x4.shuffle(c, d, 0, 2, 4, 6)));
}

function row3x3s2(base: usize, rowStep: usize, wm: usize, yr: usize, ow: i32, vs: v128, vb: v128, act: i32): void {
  const w0 = v128.load32_splat(wm), w1 = v128.load32_splat(wm, 4), w2 = v128.load32_splat(wm, 8);
  const w3 = v128.load32_splat(wm, 12), w4 = v128.load32_splat(wm, 16), w5 = v128.load32_splat(wm, 20);
  const w6 = v128.load32_splat(wm, 24), w7 = v128.load32_splat(wm, 28), w8 = v128.load32_splat(wm, 32);
  for (let j = 0; j < ow; j += 4) {
    const src = base + (<usize>j << 3);
    let acc = taps3s2(src, w0, w1, w2, f32x4.splat(0));
    acc = taps3s2(src + rowStep, w3, w4, w5, acc);
    acc = taps3s2(src + 2 * rowStep, w6, w7, w8, acc);
    storeLanes(yr + (<usize>j << 2), vecAct(f32x4.add(f32x4.mul(acc, vs), vb), act), ow - j);
  }
}

function rowGeneric(
  base: usize, strideB: usize, wm: usize, yr: usize, ow: i32, kh: i32, kw: i32, sw: i32, dh: i32, dw: i32,
  vs: v128, vb: v128, act: i32,
): void {
  for (let j = 0; j < ow; j += 4) {
    let acc = f32x4.splat(0);
    const col = base + (<usize>(j * sw) << 2);
    for (let p = 0; p < kh; p++) {
      const src = col + <usize>(p * dh) * strideB;
      for (let q = 0; q < kw; q++) {
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(wm + (<usize>(p * kw + q) << 2)), loadStrided(src + (<usize>(q * dw) << 2), sw)));
      }
    }
    storeLanes(yr + (<usize>j << 2), vecAct(f32x4.add(f32x4.mul(acc, vs), vb), act), ow - j);
  }
}
