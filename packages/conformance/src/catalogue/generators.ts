/** Value generators for catalogue inputs. Each returns float32 data for a shape. */
import type { Rng } from '../prng.js';
import type { Generator } from './types.js';

const count = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

function fill(shape: readonly number[], f: () => number): Float32Array {
  const out = new Float32Array(count(shape));
  for (let i = 0; i < out.length; i++) out[i] = f();
  return out;
}

/** Normal values with standard deviation `scale`. */
export const normal = (scale = 1): Generator => (rng, shape) => fill(shape, () => scale * rng.normal());

/** Uniform values in [lo, hi). */
export const uniform = (lo: number, hi: number): Generator => (rng, shape) => fill(shape, () => rng.uniform(lo, hi));

/** Values of either sign bounded away from zero: |v| in [lo, hi) (divisors). */
export const awayFromZero = (lo = 0.5, hi = 2): Generator => (rng, shape) =>
  fill(shape, () => (rng.next() < 0.5 ? -1 : 1) * rng.uniform(lo, hi));

/** Rows along the last axis that are positive and sum to 1 (attention over K kernels). */
export const simplex: Generator = (rng, shape) => {
  const k = shape[shape.length - 1] ?? 1;
  const out = fill(shape, () => rng.uniform(0.05, 1));
  for (let r = 0; r < out.length; r += k) {
    let s = 0;
    for (let i = 0; i < k; i++) s += out[r + i];
    for (let i = 0; i < k; i++) out[r + i] /= s;
  }
  return out;
};

/** Normal values with NaN, ±Infinity, +0 and -0 sprinkled in (IEEE propagation). */
export const withSpecials = (scale = 2): Generator => (rng, shape) => {
  const specials = [NaN, Infinity, -Infinity, 0, -0];
  return fill(shape, () => (rng.next() < 0.2 ? specials[rng.int(0, specials.length - 1)] : scale * rng.normal()));
};

/** `gen`'s values with NaN at about `fraction` of the positions (e.g. NaN offsets, whose samples are NaN). */
export const withNaN = (gen: Generator, fraction: number): Generator => (rng, shape) => {
  const out = gen(rng, shape);
  for (let i = 0; i < out.length; i++) if (rng.next() < fraction) out[i] = NaN;
  return out;
};

/** A constant, e.g. zero offsets (deformable conv reduces to conv). */
export const constant = (value: number): Generator => (_rng, shape) => new Float32Array(count(shape)).fill(value);

/** Geometry a deformable-conv offset generator needs to aim sampling points. */
export interface DeformGeometry {
  h: number;
  w: number;
  kernel: [number, number];
  strides?: [number, number];
  pads?: [number, number, number, number];
  dilations?: [number, number];
}

/**
 * Where sampling points land, by mode: `border` lands exactly on -1, 0, H-1 or H (the edges of
 * bilinear's support); `straddle` lands between -1 and 0 or between H-1 and H (part of the
 * neighbourhood outside); `outside` lands at least one pixel beyond the image; `mixed` draws
 * from all three and from fractional points inside.
 */
export type OffsetMode = 'border' | 'straddle' | 'outside' | 'mixed';

function target(rng: Rng, size: number, mode: OffsetMode): number {
  const m: OffsetMode = mode === 'mixed' ? (['border', 'straddle', 'outside'] as const)[rng.int(0, 2)] : mode;
  if (mode === 'mixed' && rng.next() < 0.25) return rng.uniform(0, size - 1);
  if (m === 'border') return [-1, 0, size - 1, size][rng.int(0, 3)];
  if (m === 'straddle') return rng.next() < 0.5 ? rng.uniform(-1, 0) : rng.uniform(size - 1, size);
  return rng.next() < 0.5 ? -1 - rng.uniform(0, 3) : size + rng.uniform(0, 3);
}

/**
 * Offsets `[N, offsetGroup*kh*kw*2, oH, oW]` that move each tap of each output position onto a
 * target chosen by `mode`: offset = target − (i*sh − top + p*dh). Integer targets stay exact in
 * float32, so `border` really lands on the border.
 */
export const deformOffsets = (g: DeformGeometry, mode: OffsetMode): Generator => (rng, shape) => {
  const [n, ch, oh, ow] = shape;
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.strides ?? [1, 1];
  const [top, left] = g.pads ?? [0, 0, 0, 0];
  const [dh, dw] = g.dilations ?? [1, 1];
  const taps = ch / 2;
  const out = new Float32Array(count(shape));
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < taps; t++) {
      const p = Math.floor((t % (kh * kw)) / kw);
      const q = t % kw;
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          const baseH = i * sh - top + p * dh;
          const baseW = j * sw - left + q * dw;
          out[((b * ch + 2 * t) * oh + i) * ow + j] = target(rng, g.h, mode) - baseH;
          out[((b * ch + 2 * t + 1) * oh + i) * ow + j] = target(rng, g.w, mode) - baseW;
        }
      }
    }
  }
  return out;
};
