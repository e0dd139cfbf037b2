/**
 * Thread scaling: dcnn alone, one thread against N, in one realm and in alternating blocks of
 * runs. The thread-count rows of the main table come from separate worker realms measured one
 * after the other (onnxruntime-web fixes its thread count per realm), so their ratio also
 * carries any drift of the machine between them; this measures the ratio directly.
 */
import type { BenchCase } from './cases.js';
import type { ScalingRow } from './report.js';
import { ourBackends, settleOrNote } from './run.js';
import { measureAlternating, type TimingOptions } from './timing.js';

/** Runs per block: enough to amortise a switch of thread pool, few enough to alternate often. */
const BLOCK_RUNS = 5;

export async function measureScaling(
  cases: BenchCase[],
  threads: number,
  options: TimingOptions & { onRow?: (row: ScalingRow) => void },
): Promise<ScalingRow[]> {
  // Both sets of backends (one per distinct backend options) are created up front.
  const one = await ourBackends(cases, 1);
  const rows: ScalingRow[] = [];
  try {
    const many = await ourBackends(cases, threads);
    try {
      for (const c of cases) {
        const runners = [one.runner(c), many.runner(c)];
        try {
          const notes: string[] = [];
          await settleOrNote(notes);
          const [t1, tn] = await measureAlternating(runners.map((r) => () => r.run()), { ...options, blockRuns: BLOCK_RUNS });
          const row: ScalingRow = { name: c.name, threads: many.threads, ms1: t1.median, ms: tn.median, speedup: t1.median / tn.median };
          if (notes.length) row.notes = notes;
          rows.push(row);
          options.onRow?.(row);
        } finally {
          for (const r of runners) r.dispose();
        }
      }
    } finally {
      many.dispose();
    }
  } finally {
    one.dispose();
  }
  return rows;
}
