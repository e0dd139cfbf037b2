/** The fuzzer's random numbers: one seeded stream per op family and per input. */

/** mulberry32: small, fast, and the same sequence on every engine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
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
