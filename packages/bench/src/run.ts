/**
 * Measuring every case at one thread count: dcnn's wasm backend and each peer on the same
 * inputs, timed in interleaved rounds. Peers that fail to build a case are reported in the
 * row's notes, never silently.
 */
import { createWasmBackend } from '@dcnn/backend-wasm';
import type { BenchCase, Runner } from './cases.js';
import type { BenchRow, PeerName } from './report.js';
import { measureInterleaved, type TimingOptions } from './timing.js';
import { loadOrt, ortRunner } from './peers/ort.js';
import { loadTfjs } from './peers/tfjs.js';

export interface ThreadRunOptions extends TimingOptions {
  threads: number;
  peers: boolean;
  /** Called with each finished row. */
  onRow?: (row: BenchRow) => void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];

interface Contender {
  peer?: PeerName;
  runner: Runner | { run(): Promise<void>; dispose(): Promise<void> };
}

async function peerRunners(c: BenchCase, options: ThreadRunOptions, notes: string[]): Promise<Contender[]> {
  const out: Contender[] = [];
  if (!c.tfjs) notes.push('tfjs-wasm has no such op');
  else if (options.threads > 1) notes.push('tfjs-wasm cannot use threads in Node: its 1-thread figure is in the 1-thread row');
  else {
    try {
      out.push({ peer: 'tfjs-wasm', runner: c.tfjs(await loadTfjs()) });
    } catch (error) {
      notes.push(`tfjs-wasm failed: ${message(error)}`);
    }
  }
  if (!c.ort) notes.push('ort-web: no graph for this row');
  else {
    try {
      const { spec, feeds } = c.ort();
      out.push({ peer: 'ort-web', runner: await ortRunner(await loadOrt(options.threads), spec, feeds) });
    } catch (error) {
      notes.push(`ort-web failed: ${message(error)}`);
    }
  }
  return out;
}

export async function runCases(cases: BenchCase[], options: ThreadRunOptions): Promise<BenchRow[]> {
  const backend = await createWasmBackend({ threads: options.threads });
  // Rows with their own backend options get another backend per options, all created before any
  // peer runs: a dcnn pool started once onnxruntime-web's threads exist never came up (the bench hung).
  const others = new Map<string, Awaited<ReturnType<typeof createWasmBackend>>>();
  const rows: BenchRow[] = [];
  try {
    for (const c of cases) {
      const key = JSON.stringify(c.backendOptions);
      if (c.backendOptions && !others.has(key)) others.set(key, await createWasmBackend({ threads: options.threads, ...c.backendOptions }));
    }
    for (const c of cases) {
      const own = c.backendOptions ? others.get(JSON.stringify(c.backendOptions)) : undefined;
      const notes: string[] = backend.notice ? [backend.notice] : [];
      const blocks = options.threads > 1;
      const contenders: Contender[] = [{ runner: c.ours(own ?? backend) }];
      try {
        // At 1 thread the contenders alternate run by run; with threads, ORT's pool spins after each
        // run and would steal the cores from whatever runs next, so each is timed in its own block,
        // and ours before the peers' sessions even exist (creating one starts its threads spinning).
        const first = blocks ? await measureInterleaved([() => contenders[0].runner.run()], options) : [];
        if (options.peers) contenders.push(...(await peerRunners(c, options, notes)));
        const rest = contenders.slice(first.length).map((k) => () => k.runner.run());
        const timings = [...first, ...(await measureInterleaved(rest, { ...options, blocks }))];
        const ours = timings[0];
        const row: BenchRow = { name: c.name, threads: backend.threads, ms: ours.median, minMs: ours.min, gflops: c.flops / ours.median / 1e6, peers: {} };
        contenders.forEach((k, i) => {
          if (k.peer) row.peers[k.peer] = timings[i].median;
        });
        if (notes.length) row.notes = notes;
        rows.push(row);
        options.onRow?.(row);
      } finally {
        for (const k of contenders) await k.runner.dispose();
      }
    }
  } finally {
    backend.dispose();
    for (const b of others.values()) b.dispose();
  }
  return rows;
}
