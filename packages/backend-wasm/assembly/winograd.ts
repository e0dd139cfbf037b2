// Winograd F(2×2, 3×3) for stride-1, undilated 3×3 convs with one group: each 2×2 output tile
// costs 16 multiplies per (input, output) channel pair instead of 36, so the GEMM core does
// 2.25× less work. Per batch of 8 tiles (the micro-kernel's 8 lanes): the 4×4 input patches are
// transformed into 16 panels V_ξ[C][8], the GEMM core multiplies each by the transformed weights
// U_ξ[M][C] into M_ξ[M][8], and the output transform (with scale, bias and the activation)
// writes the 2×2 pixels. Transforms: V = Bᵀ d B, U = G g Gᵀ, Y = Aᵀ (U⊙V) A (Lavin & Gray);
// their coefficients are 0, ±1 and ±½, so the rounding stays within SPEC.md's float32 tolerance.
import { ACT_NONE, isScalarAct, scalarActRange, vecAct } from './activation';
import { copyFloats, zeroFloats } from './rows';
import { gemmTileAny, packedSize } from './gemm';

/**
 * U_ξ = G g Gᵀ for the 4-row blocks `[mb0, mb1)`, from im2col panels `wp [ceil(M/4)][C·9][4]`
 * (packWeights' layout, or dynamicConv2d's aggregated kernel) into 16 sets of panels
 * (ξ = 4a + b, each `[ceil(M/4)][C][4]`). The four rows of a block are the four lanes, so each
 * tap is one vector load; a block's missing rows are zero in `wp` and stay zero.
 */
export function winogradWeights(wp: usize, dst: usize, M: i32, C: i32, mb0: i32, mb1: i32): i32 {
  if (mb0 < 0 || mb1 > ((M + 3) >> 2)) return 2;
  const set = <usize>packedSize(M, C) << 2;
  const half = f32x4.splat(0.5);
  for (let mb = mb0; mb < mb1; mb++) {
    let src = wp + (<usize>mb * C * 9 << 4);
    let at = dst + (<usize>mb * C << 4);
    for (let c = 0; c < C; c++, src += 144, at += 16) {
      // Rows of G g: for each column q, (g0, ½(g0+g1+g2), ½(g0−g1+g2), g2) down the kernel rows.
      const g00 = v128.load(src), g01 = v128.load(src, 16), g02 = v128.load(src, 32);
      const g10 = v128.load(src, 48), g11 = v128.load(src, 64), g12 = v128.load(src, 80);
      const g20 = v128.load(src, 96), g21 = v128.load(src, 112), g22 = v128.load(src, 128);
      winogradRow(g00, g01, g02, at, set, 0, half);
      winogradRow(
        f32x4.mul(f32x4.add(f32x4.add(g00, g10), g20), half),
        f32x4.mul(f32x4.add(f32x4.add(g01, g11), g21), half),
        f32x4.mul(f32x4.add(f32x4.add(g02, g12), g22), half), at, set, 1, half,
      );
      winogradRow(
        f32x4.mul(f32x4.add(f32x4.sub(g00, g10), g20), half),
        f32x4.mul(f32x4.add(f32x4.sub(g01, g11), g21), half),
        f32x4.mul(f32x4.add(f32x4.sub(g02, g12), g22), half), at, set, 2, half,
      );
      winogradRow(g20, g21, g22, at, set, 3, half);
    }
  }
  return 0;
}

// Row a of U = (G g) Gᵀ from row a of G g.
@inline function winogradRow(t0: v128, t1: v128, t2: v128, at: usize, set: usize, a: i32, half: v128): void {
  const row = at + <usize>(4 * a) * set;
  v128.store(row, t0);
  v128.store(row + set, f32x4.mul(f32x4.add(f32x4.add(t0, t1), t2), half));
  v128.store(row + 2 * set, f32x4.mul(f32x4.add(f32x4.sub(t0, t1), t2), half));
  v128.store(row + 3 * set, t2);
}

/**
 * The largest magnitude the transforms take in inputs and weights (src/kernels/winograd.ts keeps
 * weights above it on the GEMM). With |x|, |w| ≤ 2^50 every intermediate stays finite for up
 * to a million input channels: the input transform sums 4 inputs (≤ 2^52), the weight
 * transform 3 weights (≤ 2^52), their products (≤ 2^104) sum over the channels, and the output
 * transform sums 9 of those, below 2^128. Larger values could overflow to ±∞ in a transform
 * (and ∞ − ∞ give NaN) where the direct sum is finite.
 */
export const WINOGRAD_MAX: f32 = 1125899906842624.0; // 2^50

/** WINOGRAD_MAX, for the glue's check of the weights. */
export function winogradMax(): f32 {
  return WINOGRAD_MAX;
}

/** Whether one of the `n` floats at `p` is ±∞ or larger in magnitude than WINOGRAD_MAX (NaN is not). */
function hasLarge(p: usize, n: i32): bool {
  const bound = f32x4.splat(WINOGRAD_MAX);
  let hit = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) hit = v128.or(hit, f32x4.gt(f32x4.abs(v128.load(p + (<usize>i << 2))), bound));
  let any = v128.any_true(hit);
  for (; i < n; i++) if (Math.abs(load<f32>(p + (<usize>i << 2))) > WINOGRAD_MAX) any = true;
  return any;
}

/**
 * Copies channels `[c0, c1)` of `x [C][H][W]` into zero-bordered planes `[C][PH][PW]`, the image
 * at row `top`, column `left`; PH, PW cover every tile's 4×4 patch, so the transforms need no
 * bounds tests. Stores 1 at `flag` when the input holds ±Infinity or a magnitude above
 * WINOGRAD_MAX (each row is checked while it is in L1): the transforms would turn ∞ − ∞ into NaN
 * where the direct sum is ±∞, or overflow where it is finite, so the caller then takes the GEMM
 * path instead.
 */
export function winogradPad(x: usize, dst: usize, H: i32, W: i32, top: i32, left: i32, PH: i32, PW: i32, flag: usize, c0: i32, c1: i32): i32 {
  if (top + H > PH || left + W > PW || top < 0 || left < 0) return 2;
  let large = false;
  for (let c = c0; c < c1; c++) {
    let d = dst + (<usize>c * PH * PW << 2);
    const src = x + (<usize>c * H * W << 2);
    const rowBytes = <usize>PW << 2;
    memory.fill(d, 0, rowBytes * top);
    d += rowBytes * top;
    for (let r = 0; r < H; r++, d += rowBytes) {
      zeroFloats(d, left);
      copyFloats(d + (<usize>left << 2), src + (<usize>r * W << 2), W);
      if (hasLarge(d + (<usize>left << 2), W)) large = true;
      zeroFloats(d + (<usize>(left + W) << 2), PW - left - W);
    }
    memory.fill(d, 0, rowBytes * (PH - top - H));
  }
  // Threads copying other channels may store the same 1: any of them suffices.
  if (large) store<i32>(flag, 1);
  return 0;
}

/** Scratch floats one thread needs: V (16·C·8), M (16·M·8) and 16 for a partial tile. */
export function winogradScratch(C: i32, M: i32): i32 {
  return 16 * 8 * (C + M) + 16;
}

// Bᵀ d B on four 4-lane rows of the patch (lanes: tiles); stores V_ξ for ξ = 4a + b.
@inline function inputTransform(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, vset: usize, b: i32): void {
  // (rows are already d·B column b; combine rows: Bᵀ)
  v128.store(dst + <usize>b * vset, f32x4.sub(r0, r2));
  v128.store(dst + <usize>(4 + b) * vset, f32x4.add(r1, r2));
  v128.store(dst + <usize>(8 + b) * vset, f32x4.sub(r2, r1));
  v128.store(dst + <usize>(12 + b) * vset, f32x4.sub(r1, r3));
}

/**
 * Output tiles: batches `[b0, b1)` of 8 tiles (tile t = ti·tw + tj covers output rows 2ti, 2ti+1
 * and columns 2tj, 2tj+1). `pad` is the sample's planes from winogradPad, `u` the 16 weight sets.
 */
export function winogradSample(
  pad: usize, u: usize, bias: usize, scale: usize, y: usize, C: i32, M: i32, oh: i32, ow: i32,
  PH: i32, PW: i32, act: i32, scratch: usize, b0: i32, b1: i32,
): i32 {
  const th = (oh + 1) >> 1;
  const tw = (ow + 1) >> 1;
  const tiles = th * tw;
  if (b0 < 0 || b1 > ((tiles + 7) >> 3) || PH < 2 * th + 2 || PW < 2 * tw + 2) return 2;
  const vset = <usize>C << 5;
  const mset = <usize>M << 5;
  const uset = <usize>packedSize(M, C) << 2;
  const V = scratch;
  const Mb = scratch + 16 * vset;
  const tmp = Mb + 16 * mset;
  const plane = <usize>(PH * PW) << 2;
  const row = <usize>PW << 2;
  const blocks = (M + 3) >> 2;
  const yPlane = <usize>(oh * ow) << 2;
  for (let bt = b0; bt < b1; bt++) {
    // Input transform, four tiles (one half of the lanes) at a time.
    for (let h = 0; h < 2; h++) {
      const t = (bt << 3) + (h << 2);
      const ti = t / tw;
      const tj = t - ti * tw;
      const dst0 = V + (<usize>h << 4);
      if (tj + 4 <= tw && t + 4 <= tiles) {
        // Four tiles on one tile row: patch column u of tile l is padded column 2(tj+l)+u, so
        // each patch row is four loads and four deinterleaving shuffles.
        let src = pad + ((<usize>(2 * ti) * PW + 2 * tj) << 2);
        let dst = dst0;
        for (let c = 0; c < C; c++, src += plane, dst += 32) {
          let p = src;
          let A = v128.load(p), B = v128.load(p, 16), D = v128.load(p, 8), E = v128.load(p, 24);
          let u0 = i32x4.shuffle(A, B, 0, 2, 4, 6), u1 = i32x4.shuffle(A, B, 1, 3, 5, 7);
          let u2 = i32x4.shuffle(D, E, 0, 2, 4, 6), u3 = i32x4.shuffle(D, E, 1, 3, 5, 7);
          const a0 = f32x4.sub(u0, u2), a1 = f32x4.add(u1, u2), a2 = f32x4.sub(u2, u1), a3 = f32x4.sub(u1, u3);
          p += row;
          A = v128.load(p); B = v128.load(p, 16); D = v128.load(p, 8); E = v128.load(p, 24);
          u0 = i32x4.shuffle(A, B, 0, 2, 4, 6); u1 = i32x4.shuffle(A, B, 1, 3, 5, 7);
          u2 = i32x4.shuffle(D, E, 0, 2, 4, 6); u3 = i32x4.shuffle(D, E, 1, 3, 5, 7);
          const b0v = f32x4.sub(u0, u2), b1v = f32x4.add(u1, u2), b2v = f32x4.sub(u2, u1), b3v = f32x4.sub(u1, u3);
          p += row;
          A = v128.load(p); B = v128.load(p, 16); D = v128.load(p, 8); E = v128.load(p, 24);
          u0 = i32x4.shuffle(A, B, 0, 2, 4, 6); u1 = i32x4.shuffle(A, B, 1, 3, 5, 7);
          u2 = i32x4.shuffle(D, E, 0, 2, 4, 6); u3 = i32x4.shuffle(D, E, 1, 3, 5, 7);
          const c0v = f32x4.sub(u0, u2), c1v = f32x4.add(u1, u2), c2v = f32x4.sub(u2, u1), c3v = f32x4.sub(u1, u3);
          p += row;
          A = v128.load(p); B = v128.load(p, 16); D = v128.load(p, 8); E = v128.load(p, 24);
          u0 = i32x4.shuffle(A, B, 0, 2, 4, 6); u1 = i32x4.shuffle(A, B, 1, 3, 5, 7);
          u2 = i32x4.shuffle(D, E, 0, 2, 4, 6); u3 = i32x4.shuffle(D, E, 1, 3, 5, 7);
          const d0v = f32x4.sub(u0, u2), d1v = f32x4.add(u1, u2), d2v = f32x4.sub(u2, u1), d3v = f32x4.sub(u1, u3);
          inputTransform(a0, b0v, c0v, d0v, dst, vset, 0);
          inputTransform(a1, b1v, c1v, d1v, dst, vset, 1);
          inputTransform(a2, b2v, c2v, d2v, dst, vset, 2);
          inputTransform(a3, b3v, c3v, d3v, dst, vset, 3);
        }
      } else {
        // Tiles across a tile-row boundary or past the last tile: lane by lane (zeros past it).
        for (let l = 0; l < 4; l++) {
          const tt = t + l;
          const ok = tt < tiles;
          const ri = ok ? tt / tw : 0;
          const rj = ok ? tt - ri * tw : 0;
          let src = pad + ((<usize>(2 * ri) * PW + 2 * rj) << 2);
          let dst = dst0 + (<usize>l << 2);
          for (let c = 0; c < C; c++, src += plane, dst += 32) {
            for (let v = 0; v < 4; v++) {
              const p = src + <usize>v * row;
              const d0 = ok ? load<f32>(p) : 0, d1 = ok ? load<f32>(p, 4) : 0;
              const d2 = ok ? load<f32>(p, 8) : 0, d3 = ok ? load<f32>(p, 12) : 0;
              // d·B for patch row v, stashed in V's slots of a = v (finished below).
              store<f32>(dst + <usize>(4 * v) * vset, d0 - d2);
              store<f32>(dst + <usize>(4 * v + 1) * vset, d1 + d2);
              store<f32>(dst + <usize>(4 * v + 2) * vset, d2 - d1);
              store<f32>(dst + <usize>(4 * v + 3) * vset, d1 - d3);
            }
            for (let b = 0; b < 4; b++) {
              const r0 = load<f32>(dst + <usize>b * vset), r1 = load<f32>(dst + <usize>(4 + b) * vset);
              const r2 = load<f32>(dst + <usize>(8 + b) * vset), r3 = load<f32>(dst + <usize>(12 + b) * vset);
              store<f32>(dst + <usize>b * vset, r0 - r2);
              store<f32>(dst + <usize>(4 + b) * vset, r1 + r2);
              store<f32>(dst + <usize>(8 + b) * vset, r2 - r1);
              store<f32>(dst + <usize>(12 + b) * vset, r1 - r3);
            }
          }
        }
      }
    }
    // The 16 element-wise products as GEMMs over the input channels.
    for (let xi = 0; xi < 16; xi++) {
      gemmTileAny(u + <usize>xi * uset, V + <usize>xi * vset, C, M, Mb + <usize>xi * mset, 8, 0, 8, 0, 0, ACT_NONE, 0, blocks);
    }
    // Output transform, scale, bias, activation.
    for (let h = 0; h < 2; h++) {
      const t = (bt << 3) + (h << 2);
      const ti = t / tw;
      const tj = t - ti * tw;
      const whole = tj + 4 <= tw && t + 4 <= tiles && 2 * ti + 1 < oh && 2 * tj + 7 < ow;
      for (let m = 0; m < M; m++) {
        const src = Mb + (<usize>m << 5) + (<usize>h << 4);
        const m0 = v128.load(src), m1 = v128.load(src + mset), m2 = v128.load(src + 2 * mset), m3 = v128.load(src + 3 * mset);
        const m4 = v128.load(src + 4 * mset), m5 = v128.load(src + 5 * mset), m6 = v128.load(src + 6 * mset), m7 = v128.load(src + 7 * mset);
        const m8 = v128.load(src + 8 * mset), m9 = v128.load(src + 9 * mset), m10 = v128.load(src + 10 * mset), m11 = v128.load(src + 11 * mset);
        const m12 = v128.load(src + 12 * mset), m13 = v128.load(src + 13 * mset), m14 = v128.load(src + 14 * mset), m15 = v128.load(src + 15 * mset);
        // Aᵀ over a (rows of ξ), then over b.
        const s00 = f32x4.add(f32x4.add(m0, m4), m8), s01 = f32x4.add(f32x4.add(m1, m5), m9);
        const s02 = f32x4.add(f32x4.add(m2, m6), m10), s03 = f32x4.add(f32x4.add(m3, m7), m11);
        const s10 = f32x4.sub(f32x4.sub(m4, m8), m12), s11 = f32x4.sub(f32x4.sub(m5, m9), m13);
        const s12 = f32x4.sub(f32x4.sub(m6, m10), m14), s13 = f32x4.sub(f32x4.sub(m7, m11), m15);
        let y00 = f32x4.add(f32x4.add(s00, s01), s02), y01 = f32x4.sub(f32x4.sub(s01, s02), s03);
        let y10 = f32x4.add(f32x4.add(s10, s11), s12), y11 = f32x4.sub(f32x4.sub(s11, s12), s13);
        if (scale) {
          const s = v128.load32_splat(scale + (<usize>m << 2));
          y00 = f32x4.mul(y00, s); y01 = f32x4.mul(y01, s); y10 = f32x4.mul(y10, s); y11 = f32x4.mul(y11, s);
        }
        if (bias) {
          const s = v128.load32_splat(bias + (<usize>m << 2));
          y00 = f32x4.add(y00, s); y01 = f32x4.add(y01, s); y10 = f32x4.add(y10, s); y11 = f32x4.add(y11, s);
        }
        y00 = vecAct(y00, act); y01 = vecAct(y01, act); y10 = vecAct(y10, act); y11 = vecAct(y11, act);
        const ym = y + <usize>m * yPlane;
        if (whole) {
          const out = ym + ((<usize>(2 * ti) * ow + 2 * tj) << 2);
          const out1 = out + (<usize>ow << 2);
          v128.store(out, i32x4.shuffle(y00, y01, 0, 4, 1, 5));
          v128.store(out, i32x4.shuffle(y00, y01, 2, 6, 3, 7), 16);
          v128.store(out1, i32x4.shuffle(y10, y11, 0, 4, 1, 5));
          v128.store(out1, i32x4.shuffle(y10, y11, 2, 6, 3, 7), 16);
          if (isScalarAct(act)) {
            scalarActRange(out, 8, act);
            scalarActRange(out1, 8, act);
          }
        } else {
          v128.store(tmp, y00);
          v128.store(tmp, y01, 16);
          v128.store(tmp, y10, 32);
          v128.store(tmp, y11, 48);
          for (let l = 0; l < 4; l++) {
            const tt = t + l;
            if (tt >= tiles) break;
            const ri = tt / tw;
            const rj = tt - ri * tw;
            for (let q = 0; q < 4; q++) {
              const r = 2 * ri + (q >> 1);
              const cc = 2 * rj + (q & 1);
              if (r < oh && cc < ow) {
                const o = ym + ((<usize>r * ow + cc) << 2);
                store<f32>(o, load<f32>(tmp + (<usize>(q * 4 + l) << 2)));
                if (isScalarAct(act)) scalarActRange(o, 1, act);
              }
            }
          }
        }
      }
    }
  }
  return 0;
}
