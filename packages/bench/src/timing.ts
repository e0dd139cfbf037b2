/**
 * Timing: warm-up runs (V8 tiers wasm up only after some), then timed runs. Several
 * implementations are timed in interleaved rounds (one run of each per round), so a noisy
 * machine slows them alike and their ratio stays meaningful.
 */
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
  /** The clock in ms (default `performance.now`); tests pass a fake one. */
  now?: () => number;
}

function summarise(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], runs: s.length };
}

async function warm(fn: () => unknown, { warmup, warmupMs = 300, now = () => performance.now() }: TimingOptions): Promise<void> {
  const start = now();
  for (let i = 0; i < warmup || now() - start < warmupMs; i++) await fn();
}

/** Times one implementation: warm-up, then the median of `runs`. */
export async function measure(fn: () => unknown, options: TimingOptions): Promise<Timing> {
  return (await measureInterleaved([fn], options))[0];
}

/**
 * Warms each function up, then times them in `runs` interleaved rounds — or, with `blocks`, all
 * runs of one function before the next (for peers whose worker threads keep spinning after a
 * run and would slow whatever runs next).
 */
export async function measureInterleaved(fns: (() => unknown)[], options: TimingOptions & { blocks?: boolean }): Promise<Timing[]> {
  if (options.blocks) {
    const out: Timing[] = [];
    for (const fn of fns) out.push((await measureInterleaved([fn], { ...options, blocks: false }))[0]);
    return out;
  }
  return measureAlternating(fns, { ...options, blockRuns: 1 });
}

/**
 * Warms each function up, then times them in alternating blocks: `blockRuns` runs of the first,
 * then of the second, ..., `blocks` times over; the median over all of a function's runs. For
 * implementations that cannot interleave run by run (two thread pools) but should see the same
 * machine: a drift in the machine's state over the measurement then slows them alike.
 */
export async function measureAlternating(fns: (() => unknown)[], options: TimingOptions & { blockRuns: number }): Promise<Timing[]> {
  for (const fn of fns) await warm(fn, options);
  const now = options.now ?? (() => performance.now());
  const samples = fns.map(() => [] as number[]);
  const blocks = Math.max(1, Math.ceil(options.runs / options.blockRuns));
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < fns.length; i++) {
      for (let r = 0; r < options.blockRuns; r++) {
        const t0 = now();
        await fns[i]();
        samples[i].push(now() - t0);
      }
    }
  }
  return samples.map(summarise);
}

export interface SettleOptions {
  /** Give up after this long (ms; default 5000). */
  maxMs?: number;
  /** Length of each sampling window (ms; default 100). */
  windowMs?: number;
  /** Quiet means using less than this fraction of one core across the process (default 0.1). */
  threshold?: number;
}

/**
 * Waits until the whole process (every thread: V8's background compilers and GC, a peer's
 * lingering pool) has gone quiet, so the next measurement does not share the cores with work
 * left over from setting it up. Resolves true once quiet, false if it never got there.
 */
export async function settle({ maxMs = 5000, windowMs = 100, threshold = 0.1 }: SettleOptions = {}): Promise<boolean> {
  const end = performance.now() + maxMs;
  while (performance.now() < end) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = process.cpuUsage(cpu0);
    if ((used.user + used.system) / 1000 / (performance.now() - t0) < threshold) return true;
  }
  return false;
}
