/** Timing: warm-up runs (V8 tiers wasm up only after some), then the median of the timed runs. */
export interface Timing {
  median: number;
  min: number;
  runs: number;
}

export interface TimingOptions {
  /** Warm-up runs; warm-up also lasts at least `warmupMs` (default 300 ms) so V8 has tiered up. */
  warmup: number;
  warmupMs?: number;
  runs: number;
}

export async function measure(fn: () => unknown, { warmup, runs, warmupMs = 300 }: TimingOptions): Promise<Timing> {
  const start = performance.now();
  for (let i = 0; i < warmup || performance.now() - start < warmupMs; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  return { median, min: samples[0], runs };
}
