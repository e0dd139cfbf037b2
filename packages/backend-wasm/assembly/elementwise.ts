// Element-wise ops: unary maps (vector where piecewise linear, f64 scalar otherwise), binary
// ops over broadcast strides, and inference batchNorm.
import { clampNaN, gelu64, sigmoid64, vecAct, ACT_HARD_SWISH, ACT_RELU, ACT_RELU6 } from './activation';

export const U_RELU: i32 = 0;
export const U_RELU6: i32 = 1;
export const U_SIGMOID: i32 = 2;
export const U_TANH: i32 = 3;
export const U_EXP: i32 = 4;
export const U_SILU: i32 = 5;
export const U_GELU: i32 = 6;
export const U_HARD_SIGMOID: i32 = 7;
export const U_HARD_SWISH: i32 = 8;
export const U_LEAKY_RELU: i32 = 9;
export const U_CLIP: i32 = 10;

@inline function vecUnary(v: v128, op: i32, alpha: f32, beta: f32): v128 {
  if (op == U_RELU) return vecAct(v, ACT_RELU);
  if (op == U_RELU6) return vecAct(v, ACT_RELU6);
  if (op == U_HARD_SWISH) return vecAct(v, ACT_HARD_SWISH);
  if (op == U_HARD_SIGMOID) {
    return clampNaN(f32x4.add(f32x4.mul(v, f32x4.splat(alpha)), f32x4.splat(beta)), 0, 1);
  }
  if (op == U_LEAKY_RELU) return v128.bitselect(v, f32x4.mul(v, f32x4.splat(alpha)), f32x4.ge(v, f32x4.splat(0)));
  // U_CLIP
  return clampNaN(v, alpha, beta);
}

function scalarUnary(v: f64, op: i32): f64 {
  if (op == U_SIGMOID) return sigmoid64(v);
  if (op == U_TANH) return Math.tanh(v);
  if (op == U_EXP) return Math.exp(v);
  if (op == U_SILU) return v * sigmoid64(v);
  return gelu64(v); // U_GELU
}

/**
 * `y[i] = op(x[i])` for `i` in `[i0, i1)` (threads split the flat range); `alpha`/`beta` carry
 * hardSigmoid's, leakyRelu's and clip's attributes. Each element's result does not depend on
 * where a range starts: the vector path and its scalar tail compute the same lane arithmetic.
 */
export function unary(x: usize, y: usize, op: i32, alpha: f32, beta: f32, i0: i32, i1: i32): i32 {
  if (i0 < 0 || i1 < i0) return 1;
  // One loop per op, each with its op a constant (the branches of vecUnary fold away), instead
  // of testing the op for every vector: relu6 went from 0.22 to 0.15 ms over 1.2M floats.
  if (op == U_RELU) unaryLoop(x, y, U_RELU, alpha, beta, i0, i1);
  else if (op == U_RELU6) unaryLoop(x, y, U_RELU6, alpha, beta, i0, i1);
  else if (op == U_HARD_SWISH) unaryLoop(x, y, U_HARD_SWISH, alpha, beta, i0, i1);
  else if (op == U_HARD_SIGMOID) unaryLoop(x, y, U_HARD_SIGMOID, alpha, beta, i0, i1);
  else if (op == U_LEAKY_RELU) unaryLoop(x, y, U_LEAKY_RELU, alpha, beta, i0, i1);
  else if (op == U_CLIP) unaryLoop(x, y, U_CLIP, alpha, beta, i0, i1);
  else {
    for (let i = i0; i < i1; i++) {
      const at = <usize>i << 2;
      store<f32>(y + at, <f32>scalarUnary(<f64>load<f32>(x + at), op));
    }
  }
  return 0;
}

@inline function unaryLoop(x: usize, y: usize, op: i32, alpha: f32, beta: f32, i0: i32, i1: i32): void {
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const at = <usize>i << 2;
    v128.store(y + at, vecUnary(v128.load(x + at), op, alpha, beta));
  }
  for (; i < i1; i++) {
    const at = <usize>i << 2;
    store<f32>(y + at, f32x4.extract_lane(vecUnary(f32x4.splat(load<f32>(x + at)), op, alpha, beta), 0));
  }
}

export const B_ADD: i32 = 0;
export const B_SUB: i32 = 1;
export const B_MUL: i32 = 2;
export const B_DIV: i32 = 3;

@inline function vecBinary(a: v128, b: v128, op: i32): v128 {
  if (op == B_ADD) return f32x4.add(a, b);
  if (op == B_SUB) return f32x4.sub(a, b);
  if (op == B_MUL) return f32x4.mul(a, b);
  return f32x4.div(a, b);
}

/** One innermost run of `n` elements; `sa`/`sb` are 0 (broadcast) or 1. */
@inline function binaryRun(a: usize, b: usize, y: usize, n: i32, sa: i32, sb: i32, op: i32): void {
  // One loop per op, each with its op a constant (as unary's).
  if (op == B_ADD) binaryRunOf(a, b, y, n, sa, sb, B_ADD);
  else if (op == B_SUB) binaryRunOf(a, b, y, n, sa, sb, B_SUB);
  else if (op == B_MUL) binaryRunOf(a, b, y, n, sa, sb, B_MUL);
  else binaryRunOf(a, b, y, n, sa, sb, B_DIV);
}

@inline function binaryRunOf(a: usize, b: usize, y: usize, n: i32, sa: i32, sb: i32, op: i32): void {
  let i = 0;
  if (sa == 1 && sb == 1) {
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i << 2;
      v128.store(y + at, vecBinary(v128.load(a + at), v128.load(b + at), op));
    }
  } else if (sa == 1) {
    const vb = v128.load32_splat(b);
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i << 2;
      v128.store(y + at, vecBinary(v128.load(a + at), vb, op));
    }
  } else if (sb == 1) {
    const va = v128.load32_splat(a);
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i << 2;
      v128.store(y + at, vecBinary(va, v128.load(b + at), op));
    }
  }
  for (; i < n; i++) {
    const va = f32x4.splat(load<f32>(a + (<usize>(i * sa) << 2)));
    const vb = f32x4.splat(load<f32>(b + (<usize>(i * sb) << 2)));
    store<f32>(y + (<usize>i << 2), f32x4.extract_lane(vecBinary(va, vb, op), 0));
  }
}

/**
 * Broadcast binary op over output rows `[o0, o1)`. `dims` holds `rank` i32 output sizes, then
 * `rank` strides of a, then `rank` strides of b (in elements, 0 along broadcast axes); the last
 * axis' strides are 0 or 1, and a row is one run along it (threads split the rows). `idx` is
 * scratch for `rank` i32.
 */
export function binary(a: usize, b: usize, y: usize, dims: usize, rank: i32, op: i32, idx: usize, o0: i32, o1: i32): i32 {
  if (rank <= 0 || o0 < 0 || o1 < o0) return 1;
  const sLast = load<i32>(dims + (<usize>(2 * rank - 1) << 2)) | load<i32>(dims + (<usize>(3 * rank - 1) << 2));
  if (sLast > 1) return 3;
  const inner = load<i32>(dims + (<usize>(rank - 1) << 2));
  const sa = load<i32>(dims + (<usize>(2 * rank - 1) << 2));
  const sb = load<i32>(dims + (<usize>(3 * rank - 1) << 2));
  // The multi-index of row o0, and where it starts in a and b.
  let ia = 0, ib = 0;
  let rest = o0;
  for (let d = rank - 2; d >= 0; d--) {
    const size = load<i32>(dims + (<usize>d << 2));
    const v = size > 0 ? rest % size : 0;
    rest = size > 0 ? rest / size : 0;
    store<i32>(idx + (<usize>d << 2), v);
    ia += v * load<i32>(dims + (<usize>(rank + d) << 2));
    ib += v * load<i32>(dims + (<usize>(2 * rank + d) << 2));
  }
  for (let o = o0; o < o1; o++) {
    binaryRun(a + (<usize>ia << 2), b + (<usize>ib << 2), y + (<usize>(o * inner) << 2), inner, sa, sb, op);
    for (let d = rank - 2; d >= 0; d--) {
      const at = idx + (<usize>d << 2);
      const size = load<i32>(dims + (<usize>d << 2));
      const stepA = load<i32>(dims + (<usize>(rank + d) << 2));
      const stepB = load<i32>(dims + (<usize>(2 * rank + d) << 2));
      const v = load<i32>(at) + 1;
      ia += stepA;
      ib += stepB;
      if (v < size) {
        store<i32>(at, v);
        break;
      }
      store<i32>(at, 0);
      ia -= stepA * size;
      ib -= stepB * size;
    }
  }
  return 0;
}

/**
 * A one-axis plan (same shapes, or one side a scalar) over elements `[i0, i1)`: threads split
 * the flat range. `sa`/`sb` are 0 (broadcast) or 1.
 */
export function binaryFlat(a: usize, b: usize, y: usize, sa: i32, sb: i32, op: i32, i0: i32, i1: i32): i32 {
  if (i0 < 0 || i1 < i0 || (sa | sb) > 1) return 2;
  const at = <usize>i0 << 2;
  binaryRun(a + (sa ? at : 0), b + (sb ? at : 0), y + at, i1 - i0, sa, sb, op);
  return 0;
}

/**
 * Inference batchNorm over planes `[p0, p1)` of `[N, C, inner]` (plane p is channel p % C of
 * sample p / C; threads split the planes): `y = (x - mean)·s + bias`, s from f64.
 */
export function batchNorm(
  x: usize, y: usize, scale: usize, bias: usize, mean: usize, variance: usize,
  C: i32, inner: i32, epsilon: f64, p0: i32, p1: i32,
): i32 {
  if (C < 0 || inner < 0 || p0 < 0 || p1 < p0 || (p1 > p0 && C == 0)) return 1;
  for (let p = p0; p < p1; p++) {
    const at = <usize>(p % C) << 2;
    const s64 = <f64>load<f32>(scale + at) / Math.sqrt(<f64>load<f32>(variance + at) + epsilon);
    const t = load<f32>(bias + at);
    const mu = load<f32>(mean + at);
    const s = <f32>s64;
    const base = <usize>p * <usize>inner << 2;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const q = base + (<usize>i << 2);
      v128.store(y + q, f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + q), f32x4.splat(mu)), f32x4.splat(s)), f32x4.splat(t)));
    }
    for (; i < inner; i++) {
      const q = base + (<usize>i << 2);
      store<f32>(y + q, (load<f32>(x + q) - mu) * s + t);
    }
  }
  return 0;
}
