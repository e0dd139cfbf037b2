// conv2d through the GEMM core: per 8-pixel tile, im2col the tile into a K×8 panel, then run
// every 4-row weight panel of the group over it. Work is split by tile ranges (threads).
import { applyActivation } from './activation';
import { gemmTileAny, packedSize } from './gemm';

/**
 * Fills `panel[k][8]` (k = (c·kh + p)·kw + q over `cg` channels starting at `x`) with the input
 * values under output pixels `pix0 .. pix0+n)`, zero outside the image and past `n`.
 * `idx` is scratch for 16 i32.
 */
export function packConvTile(
  x: usize, panel: usize, idx: usize, cg: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, ow: i32, pix0: i32, n: i32,
): void {
  const plane = <usize>(H * W) << 2;
  if (kh == 1 && kw == 1 && sh == 1 && sw == 1 && top == 0 && left == 0 && n == 8 && ow == W && pix0 + 8 <= H * W) {
    // Pointwise, stride 1, no top or left pad: output pixel p reads input pixel p, so 8 pixels
    // are 8 consecutive floats of each channel plane even when they span rows (small maps:
    // 14×14, 7×7, where most tiles cross a row). Only while the output rows are as wide as the
    // input's (no right pad) and the tile ends before the bottom pad: a right pad shifts every
    // later row, and pixels in the bottom pad read 0, not the floats past the plane (the next
    // channel). Those tiles take the paths below.
    let src = x + (<usize>pix0 << 2);
    const end = panel + (<usize>cg << 5);
    for (let dst = panel; dst < end; dst += 32, src += plane) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
    }
    return;
  }
  const oi0 = pix0 / ow;
  const oj0 = pix0 - oi0 * ow;
  if ((sw == 1 || sw == 2) && n == 8 && oj0 + 8 <= ow) {
    // Fast path: the 8 pixels sit on one output row and read 8 input columns 1 or 2 apart.
    // Tap by tap, the whole-vector case is a tight loop over channels.
    const span = 7 * sw + 1;
    const taps = kh * kw;
    const step = <usize>taps << 5;
    for (let p = 0; p < kh; p++) {
      const r = oi0 * sh - top + p * dh;
      const rowOk = r >= 0 && r < H;
      for (let q = 0; q < kw; q++) {
        const col = oj0 * sw - left + q * dw;
        let dst = panel + (<usize>(p * kw + q) << 5);
        const end = dst + <usize>cg * step;
        let src = x + (<usize>(r * W + col) << 2);
        if (!rowOk) {
          for (; dst < end; dst += step) {
            v128.store(dst, f32x4.splat(0));
            v128.store(dst, f32x4.splat(0), 16);
          }
        } else if (col >= 0 && col + span <= W) {
          if (sw == 1) {
            for (; dst < end; dst += step, src += plane) {
              v128.store(dst, v128.load(src));
              v128.store(dst, v128.load(src, 16), 16);
            }
          } else {
            // Even lanes of 15 consecutive floats (no load reaches past the 15th).
            for (; dst < end; dst += step, src += plane) {
              v128.store(dst, i32x4.shuffle(v128.load(src), v128.load(src, 16), 0, 2, 4, 6));
              v128.store(dst, i32x4.shuffle(v128.load(src, 32), v128.load(src, 44), 0, 2, 5, 7), 16);
            }
          }
        } else {
          const xr = x + (<usize>(r * W) << 2);
          for (let c = 0; c < cg; c++, dst += step) {
            const xcr = xr + <usize>c * plane;
            for (let j = 0; j < 8; j++) {
              const cc = col + j * sw;
              store<f32>(dst + (<usize>j << 2), cc >= 0 && cc < W ? load<f32>(xcr + (<usize>cc << 2)) : 0);
            }
          }
        }
      }
    }
    return;
  }
  // General path: per-pixel base row and column, bounds checked per element.
  for (let j = 0; j < 8; j++) {
    const pix = pix0 + min(j, n - 1);
    const oi = pix / ow;
    store<i32>(idx + (<usize>j << 2), oi * sh - top);
    store<i32>(idx + 32 + (<usize>j << 2), (pix - oi * ow) * sw - left);
  }
  let dst = panel;
  for (let c = 0; c < cg; c++) {
    const xc = x + <usize>c * plane;
    for (let p = 0; p < kh; p++) {
      for (let q = 0; q < kw; q++) {
        for (let j = 0; j < 8; j++) {
          const r = load<i32>(idx + (<usize>j << 2)) + p * dh;
          const col = load<i32>(idx + 32 + (<usize>j << 2)) + q * dw;
          const inside = j < n && r >= 0 && r < H && col >= 0 && col < W;
          store<f32>(dst + (<usize>j << 2), inside ? load<f32>(xc + (<usize>(r * W + col) << 2)) : 0);
        }
        dst += 32;
      }
    }
  }
}

/**
 * One sample of conv2d over pixel tiles `[tile0, tile1)` and, within each group, the 4-row
 * output blocks `[mb0, mb1)` (threads split whichever range is longer). `wp` holds every
 * group's packed panels; `bias`/`scale` are `[M]` or 0; `scratch` holds `K·8 + 16` floats.
 */
export function convSample(
  x: usize, wp: usize, bias: usize, scale: usize, y: usize,
  C: i32, H: i32, W: i32, M: i32, group: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, oh: i32, ow: i32,
  act: i32, scratch: usize, tile0: i32, tile1: i32, mb0: i32, mb1: i32,
): i32 {
  if (group <= 0 || C % group != 0 || M % group != 0) return 1;
  const cg = C / group;
  const mg = M / group;
  if (tile0 < 0 || tile1 > ((oh * ow + 7) >> 3) || mb0 < 0 || mb1 > ((mg + 3) >> 2)) return 2;
  const K = cg * kh * kw;
  const plane = oh * ow;
  const groupPacked = <usize>packedSize(mg, K) << 2;
  const idx = scratch + (<usize>K << 5);
  for (let t = tile0; t < tile1; t++) {
    const pix0 = t << 3;
    const n = min(8, plane - pix0);
    for (let g = 0; g < group; g++) {
      packConvTile(x + (<usize>(g * cg * H * W) << 2), scratch, idx, cg, H, W, kh, kw, sh, sw, dh, dw, top, left, ow, pix0, n);
      const m0 = <usize>(g * mg) << 2;
      gemmTileAny(
        wp + <usize>g * groupPacked, scratch, K, mg, y + m0 * plane, plane, pix0, n,
        bias ? bias + m0 : 0, scale ? scale + m0 : 0, act, mb0, mb1,
      );
    }
  }
  return 0;
}

/**
 * 1 when one of the `n` floats at `p` is NaN or larger in magnitude than `limit`, else 0. With
 * the largest finite float as `limit`: whether a kernel is finite and may take the fast paths;
 * with a smaller one, whether its values are small enough for the Winograd transforms
 * (src/kernels/conv.ts, winograd.ts).
 */
export function anyBeyond(p: usize, n: i32, limit: f32): i32 {
  const bound = f32x4.splat(limit);
  let hit = i32x4.splat(0);
  let i = 0;
  // |v| <= limit fails for NaN and for anything larger.
  for (; i + 4 <= n; i += 4) hit = v128.or(hit, v128.not(f32x4.le(f32x4.abs(v128.load(p + (<usize>i << 2))), bound)));
  let any = v128.any_true(hit);
  for (; i < n; i++) if (!(Math.abs(load<f32>(p + (<usize>i << 2))) <= limit)) any = true;
  return any ? 1 : 0;
}

/**
 * The direct convolution of one sample for output channels `[m0, m1)`, tap by tap, skipping
 * every tap outside the image: for kernels with NaN or infinite weights, whose padded taps must
 * contribute exactly 0 (docs/spec-decisions.md), where the GEMM, depthwise and Winograd paths
 * multiply the padding's zeros (0·NaN = NaN). `w` is `[M][cg·kh·kw]` rows; `bias`/`scale` are
 * `[M]` or 0. Slow, and only for such kernels.
 */
export function convDirect(
  x: usize, w: usize, bias: usize, scale: usize, y: usize,
  C: i32, H: i32, W: i32, M: i32, group: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, oh: i32, ow: i32,
  act: i32, m0: i32, m1: i32,
): i32 {
  if (group <= 0 || C % group != 0 || M % group != 0) return 1;
  if (m0 < 0 || m1 > M || m1 < m0) return 2;
  const cg = C / group;
  const mg = M / group;
  const taps = kh * kw;
  const plane = <usize>(H * W) << 2;
  for (let m = m0; m < m1; m++) {
    const xg = x + <usize>((m / mg) * cg) * plane;
    const wm = w + (<usize>(m * cg * taps) << 2);
    const ym = y + (<usize>(m * oh * ow) << 2);
    const s: f32 = scale ? load<f32>(scale + (<usize>m << 2)) : 1;
    const b: f32 = bias ? load<f32>(bias + (<usize>m << 2)) : 0;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let acc: f32 = 0;
        for (let c = 0; c < cg; c++) {
          const xc = xg + <usize>c * plane;
          const wc = wm + (<usize>(c * taps) << 2);
          for (let p = 0; p < kh; p++) {
            const r = i * sh - top + p * dh;
            if (r < 0 || r >= H) continue;
            for (let q = 0; q < kw; q++) {
              const col = j * sw - left + q * dw;
              if (col < 0 || col >= W) continue;
              acc += load<f32>(wc + (<usize>(p * kw + q) << 2)) * load<f32>(xc + (<usize>(r * W + col) << 2));
            }
          }
        }
        store<f32>(ym + (<usize>(i * ow + j) << 2), scale ? acc * s + b : acc + b);
      }
    }
    applyActivation(ym, oh * ow, act);
  }
  return 0;
}
