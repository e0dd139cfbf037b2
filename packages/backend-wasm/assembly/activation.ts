// Fused epilogues. Codes match ACTIVATION_CODES in src/codes.ts.
// The piecewise-linear ones run on vectors; the transcendental ones run per element in f64.

export const ACT_NONE: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_RELU6: i32 = 2;
export const ACT_SIGMOID: i32 = 3;
export const ACT_HARD_SIGMOID: i32 = 4;
export const ACT_HARD_SWISH: i32 = 5;
export const ACT_SILU: i32 = 6;
export const ACT_TANH: i32 = 7;
export const ACT_GELU: i32 = 8;

/** Whether `act` needs the scalar pass after the vector epilogue. */
@inline export function isScalarAct(act: i32): bool {
  return act == ACT_SIGMOID || act == ACT_SILU || act == ACT_TANH || act == ACT_GELU;
}

/**
 * `v` clamped below at `lo` and above at `hi`, NaN staying NaN: the pseudo-min/max
 * (`pmax(a, b) = a < b ? b : a`, `pmin(a, b) = b < a ? b : a`) return their first operand
 * when a comparison fails, so NaN in `v` passes through. They are one x86 instruction each,
 * where f32x4.min/max (NaN from either operand, -0 below +0) take several: with relu6 on every
 * GEMM output, the IEEE forms cost 10-25% of a 1×1 conv with few input channels. Unlike
 * f32x4.max, a -0 input stays -0 (equal to 0 in every comparison the spec makes).
 */
@inline export function clampNaN(v: v128, lo: f32, hi: f32): v128 {
  return f32x4.pmin(f32x4.pmax(v, f32x4.splat(lo)), f32x4.splat(hi));
}

/** The vector part of the epilogue; NaN propagates, as SPEC.md wants. */
@inline export function vecAct(v: v128, act: i32): v128 {
  if (act == ACT_RELU) return f32x4.pmax(v, f32x4.splat(0));
  if (act == ACT_RELU6) return clampNaN(v, 0, 6);
  if (act == ACT_HARD_SIGMOID) return clampNaN(f32x4.add(f32x4.mul(v, f32x4.splat(0.2)), f32x4.splat(0.5)), 0, 1);
  if (act == ACT_HARD_SWISH) return f32x4.mul(v, clampNaN(f32x4.add(f32x4.div(v, f32x4.splat(6)), f32x4.splat(0.5)), 0, 1));
  return v;
}

export function sigmoid64(x: f64): f64 {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** erf's Maclaurin series in f64, 2/√π · Σ (-1)^n x^(2n+1) / (n! (2n+1)), for |x| < 2. */
function erfSeries64(x: f64): f64 {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= -x2 / <f64>n;
    const add = term / <f64>(2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return 1.1283791670955126 * sum;
}

/** erfc(x) for x ≥ 2 by its continued fraction, accurate relative to erfc itself. */
function erfcTail64(x: f64): f64 {
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + <f64>k / 2 / f;
  return Math.exp(-x * x) / 1.7724538509055159 / f;
}

/**
 * erfc in f64 without 1 − erf's cancellation: the continued fraction from x = 2 on, so gelu's
 * far negative tail (gelu(−10) ≈ −7.6e−23) is not rounded to 0.
 */
export function erfc64(x: f64): f64 {
  if (isNaN(x)) return x;
  if (x >= 2) return erfcTail64(x);
  if (x <= -2) return 2 - erfcTail64(-x);
  return 1 - erfSeries64(x);
}

/** gelu, 0.5·x·(1 + erf(x/√2)), as 0.5·x·erfc(−x/√2). */
export function gelu64(x: f64): f64 {
  return 0.5 * x * erfc64(-x * 0.7071067811865476);
}

/** The transcendental epilogues in f64 (the piecewise-linear ones are handled by vecAct). */
export function scalarAct(v: f32, act: i32): f32 {
  const x = <f64>v;
  if (act == ACT_SIGMOID) return <f32>sigmoid64(x);
  if (act == ACT_SILU) return <f32>(x * sigmoid64(x));
  if (act == ACT_TANH) return <f32>Math.tanh(x);
  if (act == ACT_GELU) return <f32>gelu64(x);
  return v;
}

/** Applies the scalar epilogue to `n` floats at `p`. */
export function scalarActRange(p: usize, n: i32, act: i32): void {
  for (let i = 0; i < n; i++) {
    const at = p + (<usize>i << 2);
    store<f32>(at, scalarAct(load<f32>(at), act));
  }
}

/** Applies any epilogue in place to `n` floats at `p`. */
export function applyActivation(p: usize, n: i32, act: i32): void {
  if (act == ACT_NONE) return;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = p + (<usize>i << 2);
    v128.store(at, vecAct(v128.load(at), act));
  }
  for (; i < n; i++) {
    const at = p + (<usize>i << 2);
    store<f32>(at, f32x4.extract_lane(vecAct(f32x4.splat(load<f32>(at)), act), 0));
  }
  if (isScalarAct(act)) scalarActRange(p, n, act);
}
