/**
 * Measuring every case at one thread count: dcnn's wasm backend, then each peer, on the same
 * inputs. Peers that fail to build a case are reported in the row's notes, never silently.
 */
import { createWasmBackend } from '@dcnn/backend-wasm';
import type { BenchCase, Runner } from './cases.js';
import type { BenchRow } from './report.js';
import { measure, type Timing, type TimingOptions } from './timing.js';
import { loadOrt, ortRunner } from './peers/ort.js';
import { loadTfjs } from './peers/tfjs.js';

export interface ThreadRunOptions extends TimingOptions {
  threads: number;
  peers: boolean;
  /** Called with each finished row. */
  onRow?: (row: BenchRow) => void;
}

async function timed(runner: Runner, options: TimingOptions): Promise<Timing> {
  try {
    return await measure(() => runner.run(), options);
  } finally {
    await runner.dispose();
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];

export async function runCases(cases: BenchCase[], options: ThreadRunOptions): Promise<BenchRow[]> {
  const backend = await createWasmBackend({ threads: options.threads });
  const rows: BenchRow[] = [];
  try {
    for (const c of cases) {
      const t = await timed(c.ours(backend), options);
      const row: BenchRow = { name: c.name, threads: backend.threads, ms: t.median, minMs: t.min, gflops: c.flops / t.median / 1e6, peers: {}, notes: [] };
      if (backend.notice) row.notes!.push(backend.notice);
      if (options.peers) {
        if (!c.tfjs) row.notes!.push('tfjs-wasm has no such op');
        else if (options.threads > 1) row.notes!.push('tfjs-wasm cannot use threads in Node: its 1-thread figure is in the 1-thread row');
        else {
          try {
            row.peers['tfjs-wasm'] = (await timed(c.tfjs(await loadTfjs()), options)).median;
          } catch (error) {
            row.notes!.push(`tfjs-wasm failed: ${message(error)}`);
          }
        }
        if (!c.ort) row.notes!.push('ort-web: no graph for this row');
        else {
          try {
            const { spec, feeds } = c.ort();
            row.peers['ort-web'] = (await timed(await ortRunner(await loadOrt(options.threads), spec, feeds), options)).median;
          } catch (error) {
            row.notes!.push(`ort-web failed: ${message(error)}`);
          }
        }
      }
      if (!row.notes!.length) delete row.notes;
      rows.push(row);
      options.onRow?.(row);
    }
  } finally {
    backend.dispose();
  }
  return rows;
}
