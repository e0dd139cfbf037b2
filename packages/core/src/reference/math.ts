/** Scalar math of the reference backend, in float64. */
import type { Activation } from '../ops/activation.js';

/** erf's Maclaurin series, 2/√π · Σ (-1)^n x^(2n+1) / (n! (2n+1)), for |x| < 3. */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/**
 * erfc(x) for x ≥ 2 by its continued fraction, exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))),
 * evaluated bottom-up: within a few ulps of erfc itself (60 terms suffice from x = 2), down to
 * where exp(-x²) underflows.
 */
function erfcTail(x: number): number {
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** erf to about 1e-13: its Maclaurin series for |x| < 3, the continued fraction of erfc beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 3) return erfSeries(x);
  return Math.sign(x) * (1 - erfcTail(ax));
}

/**
 * erfc = 1 − erf without the cancellation of computing it so: from x = 2 on it is computed
 * directly, relative to its own size (gelu's far negative tail depends on it).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2) return erfcTail(x);
  if (x <= -2) return 2 - erfcTail(-x);
  return 1 - erfSeries(x);
}

export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
export const hardSigmoid = (x: number, alpha = 0.2, beta = 0.5): number => Math.max(0, Math.min(1, alpha * x + beta));
export const hardSwish = (x: number): number => x * Math.max(0, Math.min(1, x / 6 + 0.5));
// 0.5·x·(1 + erf(x/√2)) written with erfc: for x below about −8.3, 1 + erf rounds to 0 and the
// result would be 0 where it is a tiny negative number (gelu(−10) ≈ −7.6e−23).
export const gelu = (x: number): number => 0.5 * x * erfc(-x / Math.SQRT2);
export const relu = (x: number): number => (x > 0 ? x : x === x ? 0 : x);
export const relu6 = (x: number): number => (x !== x ? x : Math.min(Math.max(x, 0), 6));

/** The fused epilogue as a scalar function. NaN propagates through every one of them. */
export function activationFn(act: Activation): (x: number) => number {
  switch (act) {
    case 'none':
      return (x) => x;
    case 'relu':
      return relu;
    case 'relu6':
      return relu6;
    case 'sigmoid':
      return sigmoid;
    case 'hardSigmoid':
      return (x) => (x !== x ? x : hardSigmoid(x));
    case 'hardSwish':
      return hardSwish;
    case 'silu':
      return (x) => x * sigmoid(x);
    case 'tanh':
      return Math.tanh;
    case 'gelu':
      return gelu;
  }
}

/** Applies `act` in place. */
export function applyActivation(data: Float64Array, act: Activation): void {
  if (act === 'none') return;
  const f = activationFn(act);
  for (let i = 0; i < data.length; i++) data[i] = f(data[i]);
}
