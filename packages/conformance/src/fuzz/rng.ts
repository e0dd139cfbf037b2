/** The fuzzer's random numbers: one seeded stream per op family and per input. */
import { type Rng, createRng } from '../prng.js';

/** The catalogue's mulberry32 (`createRng`, the same sequence on every engine) with the draws the generators use. */
export class FuzzRng {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = createRng(seed);
  }
  next(): number {
    return this.rng.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return this.rng.int(lo, hi);
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** A seed for stream `k` of seed `seed` (each op family draws from its own stream). */
export const streamSeed = (seed: number, k: number): number => (Math.imul(seed, 0x9e3779b1) + Math.imul(k + 1, 0x85ebca6b)) >>> 0;

/** Seeds from a DCNN_FUZZ_SEED-style string: `n`, `a-b` or `a,b,c` (and mixes: `1-5,9`); none for an empty value. */
export function parseFuzzSeeds(value: string | undefined): number[] {
  if (!value) return [];
  return value.split(',').flatMap((part) => {
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
    const n = Number(part.trim());
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`DCNN_FUZZ_SEED: '${part}' is not a seed (n, a-b or a,b,c)`);
    return [n];
  });
}
