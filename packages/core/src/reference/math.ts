/** Scalar math of the reference backend, in float64. */
import type { Activation } from '../ops/activation.js';

/** erf to about 1e-13: its Maclaurin series for |x| < 3, a continued fraction of erfc beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 3) {
    // erf(x) = 2/sqrt(pi) · Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(x) = exp(-x²)/sqrt(pi) · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated bottom-up.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
export const hardSigmoid = (x: number, alpha = 0.2, beta = 0.5): number => Math.max(0, Math.min(1, alpha * x + beta));
export const hardSwish = (x: number): number => x * Math.max(0, Math.min(1, x / 6 + 0.5));
export const gelu = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));
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
