/**
 * Measuring every case at one thread count: dcnn's wasm backend and each peer on the same
 * inputs, timed in interleaved rounds at one thread, in blocks (dcnn's rows first) with threads. Peers that fail to build a case are reported in the
 * row's notes, never silently.
 */
import { createWasmBackend } from '@dcnn/backend-wasm';
import type { BenchCase, Runner } from './cases.js';
import type { BenchRow, PeerName } from './report.js';
import { measure, measureInterleaved, settle, type Timing, type TimingOptions } from './timing.js';
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

/** A row from dcnn's timing and each peer's (`peers[i]` timed as `peerTimings[i]`). */
function makeRow(c: BenchCase, threads: number, ours: Timing, peers: Contender[], peerTimings: Timing[], notes: string[]): BenchRow {
  const row: BenchRow = { name: c.name, threads, ms: ours.median, minMs: ours.min, gflops: c.flops / ours.median / 1e6, peers: {} };
  peers.forEach((k, i) => {
    if (k.peer) row.peers[k.peer] = peerTimings[i].median;
  });
  if (notes.length) row.notes = notes;
  return row;
}

/** Waits for the process to go quiet before a measurement; notes it on the row if it did not. */
export async function settleOrNote(notes: string[]): Promise<void> {
  if (!(await settle())) notes.push('the process was still busy (background compilation, GC or a peer\'s threads) after 5 s of waiting; timed anyway');
}

async function disposeAll(contenders: Contender[]): Promise<void> {
  for (const k of contenders) await k.runner.dispose();
}

/** dcnn's backends for a run: one for the thread count, plus one per distinct `backendOptions`. */
export interface OurBackends {
  threads: number;
  notice?: string;
  runner(c: BenchCase): Runner;
  dispose(): void;
}

export async function ourBackends(cases: BenchCase[], threads: number): Promise<OurBackends> {
  const backend = await createWasmBackend({ threads });
  // Rows with their own backend options get another backend per options, all created before any
  // peer runs: a dcnn pool started once onnxruntime-web's threads exist never came up (the bench hung).
  const others = new Map<string, Awaited<ReturnType<typeof createWasmBackend>>>();
  const disposeAll = (): void => [backend, ...others.values()].forEach((b) => b.dispose());
  try {
    for (const c of cases) {
      const key = JSON.stringify(c.backendOptions);
      if (c.backendOptions && !others.has(key)) others.set(key, await createWasmBackend({ threads, ...c.backendOptions }));
    }
  } catch (error) {
    disposeAll();
    throw error;
  }
  return {
    threads: backend.threads,
    notice: backend.notice,
    runner: (c) => c.ours((c.backendOptions ? others.get(JSON.stringify(c.backendOptions)) : undefined) ?? backend),
    dispose: disposeAll,
  };
}

/** One thread: dcnn and the peers alternate run by run, so a noisy machine slows them alike. */
async function runAlternating(cases: BenchCase[], ours: OurBackends, options: ThreadRunOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const notes = ours.notice ? [ours.notice] : [];
    const contenders: Contender[] = [{ runner: ours.runner(c) }];
    try {
      if (options.peers) contenders.push(...(await peerRunners(c, options, notes)));
      await settleOrNote(notes);
      const [timing, ...peerTimings] = await measureInterleaved(contenders.map((k) => () => k.runner.run()), options);
      rows.push(makeRow(c, ours.threads, timing, contenders.slice(1), peerTimings, notes));
      options.onRow?.(rows[rows.length - 1]);
    } finally {
      await disposeAll(contenders);
    }
  }
  return rows;
}

/**
 * Threads: onnxruntime-web's pool keeps spinning after its runs (and its threads outlive the
 * sessions), stealing cores from whatever runs next. So every dcnn row is timed first, before
 * any peer session exists in this realm, then the peers, each in its own block.
 */
async function runOursFirst(cases: BenchCase[], ours: OurBackends, options: ThreadRunOptions): Promise<BenchRow[]> {
  const timings: Timing[] = [];
  const notes = cases.map(() => (ours.notice ? [ours.notice] : []));
  for (const [i, c] of cases.entries()) {
    const runner = ours.runner(c);
    try {
      await settleOrNote(notes[i]);
      timings.push(await measure(() => runner.run(), options));
    } finally {
      runner.dispose();
    }
  }
  const rows: BenchRow[] = [];
  for (const [i, c] of cases.entries()) {
    const peers = options.peers ? await peerRunners(c, options, notes[i]) : [];
    try {
      if (peers.length) await settleOrNote(notes[i]);
      const peerTimings = await measureInterleaved(peers.map((k) => () => k.runner.run()), { ...options, blocks: true });
      rows.push(makeRow(c, ours.threads, timings[i], peers, peerTimings, notes[i]));
      options.onRow?.(rows[rows.length - 1]);
    } finally {
      await disposeAll(peers);
    }
  }
  return rows;
}

export async function runCases(cases: BenchCase[], options: ThreadRunOptions): Promise<BenchRow[]> {
  const ours = await ourBackends(cases, options.threads);
  try {
    return options.threads === 1 ? await runAlternating(cases, ours, options) : await runOursFirst(cases, ours, options);
  } finally {
    ours.dispose();
  }
}
