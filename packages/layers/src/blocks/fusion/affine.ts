/** The arithmetic of folding a batch norm: its affine map and the scaled weight rows. */
import { type Tensor, tensor } from '@dcnn/core';
import type { BatchNorm2d } from '../../nn/batch-norm.js';

/** A batch norm as `y = (x − mean)·s + shift` per channel. */
export interface Affine {
  s: Float64Array;
  shift: Float64Array;
  mean: Float64Array;
}

/** `s = γ/√(σ²+ε)`, `β` and `μ`, per channel, in float64; undefined without a batch norm. */
export async function batchNormAffine(bn: BatchNorm2d | undefined): Promise<Affine | undefined> {
  if (!bn) return undefined;
  const state = bn.stateDict();
  const [gamma, beta, mean, variance] = await Promise.all(['weight', 'bias', 'running_mean', 'running_var'].map((n) => state.get(n)!.data64()));
  const s = gamma.map((g, m) => g / Math.sqrt(variance[m] + bn.epsilon));
  return { s, shift: beta, mean };
}

/** The biases `b` (`rows` output channels, repeated per kernel) with the batch norm folded in: `(b − μ)·s + β`. */
export function foldBias(b: Float64Array, rows: number, affine: Affine | undefined): Float32Array {
  if (!affine) return Float32Array.from(b);
  return Float32Array.from(b, (v, r) => (v - affine.mean[r % rows]) * affine.s[r % rows] + affine.shift[r % rows]);
}

/** `w` (`rows` output channels, repeated per kernel) scaled row by row, and the folded biases. */
export function foldRows(w: Float64Array, b: Float64Array, rows: number, affine: Affine | undefined): [Float32Array, Float32Array] {
  if (!affine) return [Float32Array.from(w), Float32Array.from(b)];
  const perRow = w.length / b.length;
  const newW = new Float32Array(w.length);
  for (let r = 0; r < b.length; r++) {
    const s = affine.s[r % rows];
    for (let e = 0; e < perRow; e++) newW[r * perRow + e] = w[r * perRow + e] * s;
  }
  return [newW, foldBias(b, rows, affine)];
}

/** A new tensor on the same backend with `t`'s values. */
export async function copyOf(t: Tensor): Promise<Tensor> {
  return tensor(t.backend, await t.data(), t.shape);
}

