/**
 * @dcnn/bench: dcnn's wasm backend side by side with @tensorflow/tfjs-backend-wasm and
 * onnxruntime-web (wasm EP) in one Node process: same inputs, warm-up, median of the timed runs,
 * GFLOP/s, the fraction of a SIMD peak probe, and the ratio to each peer.
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createWasmBackend } from '@dcnn/backend-wasm';
import type { BenchReport, BenchRow } from './report.js';
import { runCases } from './run.js';
import { suiteCases, type SuiteName } from './suites.js';

export { renderMarkdown, renderText, ratio, type BenchReport, type BenchRow, type MachineInfo, type PeerName } from './report.js';
export { measure, measureInterleaved, type Timing, type TimingOptions } from './timing.js';
export { kernelCases, tinyCases, type BenchCase, type Runner } from './cases.js';
export { encodeModel, type OnnxGraphSpec, type OnnxNode } from './onnx/model.js';
export type { SuiteName } from './suites.js';

export interface BenchOptions {
  /** Thread counts to measure (default [1, 2]). */
  threads?: number[];
  /** Warm-up runs (default 5) and timed runs (default 21, the median is reported). */
  warmup?: number;
  runs?: number;
  /** Run the peers too (default true). */
  peers?: boolean;
  /** Which cases (default 'all': kernels then models). */
  suite?: SuiteName;
  /** Progress: each row as it completes. */
  onRow?: (row: BenchRow) => void;
  /**
   * Measure each thread count in a worker thread of this process (default: when more than one
   * count is asked for, since ORT's thread count is fixed once per realm).
   */
  workers?: boolean;
}

function inWorker(job: object, onRow?: (row: BenchRow) => void): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const rows: BenchRow[] = [];
    let finished = false;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
    worker.on('message', (m: { row?: BenchRow; done?: boolean; error?: string }) => {
      if (m.row) {
        rows.push(m.row);
        onRow?.(m.row);
      } else if (m.done) {
        // Wait until the worker is gone, and a second more: its teardown (and its peers' threads)
        // otherwise still hold a core while the next thread count starts (measured: mobilenetv2
        // at 2 threads 12.2 ms right after the 1-thread worker, 9.9 ms alone).
        finished = true;
        worker.terminate().then(() => setTimeout(() => resolve(rows), 1000), reject);
      } else if (m.error) {
        void worker.terminate();
        reject(new Error(m.error));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => finished || reject(new Error(`bench worker for ${JSON.stringify(job)} exited (code ${code}) before finishing`)));
  });
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const threads = options.threads ?? [1, 2];
  const common = { warmup: options.warmup ?? 5, runs: options.runs ?? 21, peers: options.peers ?? true };
  const suite = options.suite ?? 'all';
  const probe = await createWasmBackend();
  const peakGflops = probe.measurePeak(300);
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    variant: probe.variant,
  };
  probe.dispose();
  const rows: BenchRow[] = [];
  const useWorkers = options.workers ?? threads.length > 1;
  for (const t of threads) {
    const job = { suite, threads: t, ...common };
    if (useWorkers) rows.push(...(await inWorker(job, options.onRow)));
    else rows.push(...(await runCases(await suiteCases(suite), { ...common, threads: t, onRow: options.onRow })));
  }
  return { machine, peakGflops, rows };
}

// The traced-graph tools (also used by the WebGPU backend's browser benchmark).
export { traceModel, createTraceBackend, type Trace, type TraceOp, type TraceValue } from './trace.js';
export { foldTrace } from './fold.js';
export { dcnnProgram, type TraceProgram } from './trace-dcnn.js';
export { traceToOnnx } from './trace-onnx.js';
export { tfjsProgram, type TfjsProgram } from './trace-tfjs.js';
export { modelCase, traceFlops } from './models.js';
