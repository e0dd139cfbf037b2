/**
 * Seeded initialisation. Every tensor draws from its own stream, seeded by the model seed and
 * the tensor's dotted name, so a model's weights do not depend on the order tensors are created
 * in, and two builds with one seed are identical on every backend.
 */
import { sizeOf, type Shape } from '@dcnn/core';

/** A small deterministic PRNG (mulberry32): uniform floats in [0, 1). */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  #spare: number | undefined;

  /** Standard normal (Box-Muller; each pair of uniforms gives two normals). */
  normal(): number {
    if (this.#spare !== undefined) {
      const s = this.#spare;
      this.#spare = undefined;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.#spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

/** FNV-1a hash of a name mixed with the seed: the seed of one tensor's stream. */
export function streamSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Fills a tensor of `shape` from `rng`. */
export type Initializer = (shape: Shape, rng: Rng) => Float32Array;

export const zeros: Initializer = (shape) => new Float32Array(sizeOf(shape));

export const ones: Initializer = (shape) => new Float32Array(sizeOf(shape)).fill(1);

export function constant(value: number): Initializer {
  return (shape) => new Float32Array(sizeOf(shape)).fill(value);
}

export function normal(std: number, mean = 0): Initializer {
  return (shape, rng) => {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = mean + std * rng.normal();
    return out;
  };
}

export function uniform(bound: number): Initializer {
  return (shape, rng) => {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-bound, bound);
    return out;
  };
}

/**
 * Kaiming-normal with fan-in, std = sqrt(2 / fanIn), fanIn = (C/group) × kernel area, taken from
 * the last three dimensions so a kernel bank `[K, M, C/g, kh, kw]` gets each kernel's own scale.
 * Fan-in (not torchvision's fan-out) keeps the activations' scale through a deep network at
 * inference with fresh batch norms, so random-weight models give informative outputs instead
 * of vanishing ones (torchvision's fan-out gives a depthwise 3×3 kernel std sqrt(2/(9·C))).
 */
export const kaimingConv: Initializer = (shape, rng) => {
  const [cg = 1, kh = 1, kw = 1] = shape.slice(-3);
  return normal(Math.sqrt(2 / (cg * kh * kw)))(shape, rng);
};

/** PyTorch's default Linear initialisation: uniform(±1/sqrt(fanIn)) on the last dimension. */
export const linearDefault: Initializer = (shape, rng) => uniform(1 / Math.sqrt(shape[shape.length - 1]))(shape, rng);
