/**
 * Test data helpers: a seeded generator of float32-exact values, tensor construction on the
 * reference backend, and float64 read-back as plain arrays.
 */
import { createReferenceBackend, tensor, type Tensor } from '../../src/index.js';

/** The float64 oracle every test runs on. One instance, so live counts are per test file. */
export const ref = createReferenceBackend();

/**
 * Deterministic pseudo-random values that are exactly representable in float32 (multiples of
 * 1/64 in [-2, 2)), so the naive code below sees the same numbers the backend received and many
 * sums are exact in float64.
 */
export function seeded(count: number, seed: number, scale = 1): number[] {
  let s = seed >>> 0 || 1;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = ((s % 256) - 128) / 64 * scale;
  }
  return out;
}

/** Positive values in (0, 1], e.g. attentions or variances. */
export function seededPositive(count: number, seed: number): number[] {
  return seeded(count, seed).map((v) => (Math.abs(v) + 1 / 64) / 2);
}

export const t = (values: ArrayLike<number>, shape: number[]): Tensor => tensor(ref, values, shape);

/** A tensor of `shape` filled by `seeded`. */
export function rand(shape: number[], seed: number): { tensor: Tensor; values: number[] } {
  const values = seeded(shape.reduce((p, d) => p * d, 1), seed);
  return { tensor: t(values, shape), values };
}

/** Reads a tensor back at float64 as a plain array. */
export async function read(x: Tensor): Promise<number[]> {
  return Array.from(await x.data64());
}
