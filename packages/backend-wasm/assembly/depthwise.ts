// Depthwise convolution (one input channel per group): per output row, f32x4 over 4 output
// columns in the interior (stride 1 reads 4 consecutive inputs, stride 2 deinterleaves 8), and
// scalar code on the borders and for other strides.
import { applyActivation } from './activation';

@inline function loadStrided(src: usize, sw: i32): v128 {
  if (sw == 1) return v128.load(src);
  const a = v128.load(src);
  const b = v128.load(src, 16);
  return i32x4.shuffle(a, b, 0, 2, 4, 6);
}

/**
 * Output channels `[m0, m1)` of one sample: `y[m] = act(bias[m] + Σ w[m][p][q] · x[m / mPerGroup](...))`.
 * `bias`/`scale` are `[M]` or 0 (`scale` multiplies before the bias, as filterAttn does).
 */
export function depthwiseSample(
  x: usize, w: usize, bias: usize, scale: usize, y: usize, H: i32, W: i32, mPerGroup: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, oh: i32, ow: i32,
  act: i32, m0: i32, m1: i32,
): i32 {
  if (mPerGroup <= 0 || m0 < 0 || m1 < m0) return 1;
  // Vector columns: j with j·sw - left >= 0 and the last lane's widest read inside the row.
  const span = (kw - 1) * dw;
  let jv0 = (left + sw - 1) / sw;
  const vecOk = sw == 1 || sw == 2;
  for (let m = m0; m < m1; m++) {
    const xc = x + (<usize>((m / mPerGroup) * H * W) << 2);
    const wm = w + (<usize>(m * kh * kw) << 2);
    const yc = y + (<usize>(m * oh * ow) << 2);
    const b: f32 = bias ? load<f32>(bias + (<usize>m << 2)) : 0;
    const s: f32 = scale ? load<f32>(scale + (<usize>m << 2)) : 1;
    for (let i = 0; i < oh; i++) {
      const yr = yc + (<usize>(i * ow) << 2);
      let j = 0;
      if (vecOk) {
        // Scalar head, then vectors while (j + 4)·sw - 1 - left + span < W.
        for (; j < jv0 && j < ow; j++) store<f32>(yr + (<usize>j << 2), pixel(xc, wm, H, W, kh, kw, sh, sw, dh, dw, top, left, i, j));
        for (; j + 4 <= ow && (j + 4) * sw - 1 - left + span < W; j += 4) {
          let acc = f32x4.splat(0);
          for (let p = 0; p < kh; p++) {
            const r = i * sh - top + p * dh;
            if (r < 0 || r >= H) continue;
            const src = xc + (<usize>(r * W + j * sw - left) << 2);
            for (let q = 0; q < kw; q++) {
              const wv = v128.load32_splat(wm + (<usize>(p * kw + q) << 2));
              acc = f32x4.add(acc, f32x4.mul(wv, loadStrided(src + (<usize>(q * dw) << 2), sw)));
            }
          }
          v128.store(yr + (<usize>j << 2), acc);
        }
      }
      for (; j < ow; j++) store<f32>(yr + (<usize>j << 2), pixel(xc, wm, H, W, kh, kw, sh, sw, dh, dw, top, left, i, j));
      if (s != 1 || b != 0) {
        const vs = f32x4.splat(s);
        const vb = f32x4.splat(b);
        let k = 0;
        for (; k + 4 <= ow; k += 4) {
          const at = yr + (<usize>k << 2);
          v128.store(at, f32x4.add(f32x4.mul(v128.load(at), vs), vb));
        }
        for (; k < ow; k++) {
          const at = yr + (<usize>k << 2);
          store<f32>(at, load<f32>(at) * s + b);
        }
      }
      applyActivation(yr, ow, act);
    }
  }
  return 0;
}

@inline function pixel(
  xc: usize, wm: usize, H: i32, W: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  top: i32, left: i32, i: i32, j: i32,
): f32 {
  let acc: f32 = 0;
  for (let p = 0; p < kh; p++) {
    const r = i * sh - top + p * dh;
    if (r < 0 || r >= H) continue;
    for (let q = 0; q < kw; q++) {
      const c = j * sw - left + q * dw;
      if (c < 0 || c >= W) continue;
      acc += load<f32>(wm + (<usize>(p * kw + q) << 2)) * load<f32>(xc + (<usize>(r * W + c) << 2));
    }
  }
  return acc;
}
