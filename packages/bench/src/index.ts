/**
 * @dcnn/bench: dcnn's wasm backend side by side with @tensorflow/tfjs-backend-wasm and
 * onnxruntime-web (wasm EP) in one Node process: same inputs, warm-up, median of the timed runs,
 * GFLOP/s, the fraction of a SIMD peak probe, and the ratio to each peer.
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createWasmBackend } from '@dcnn/backend-wasm';
import type { BenchReport, BenchRow, ScalingRow } from './report.js';
import { runCases } from './run.js';
import { measureScaling } from './scaling.js';
import { suiteCases, type SuiteName } from './suites.js';
import type { WorkerJob } from './worker.js';

export { renderMarkdown, renderText, ratio, type BenchReport, type BenchRow, type MachineInfo, type PeerName, type ScalingRow } from './report.js';
export { measure, measureAlternating, measureInterleaved, type Timing, type TimingOptions } from './timing.js';
export { kernelCases, tinyCases, type BenchCase, type Runner } from './cases.js';
export { encodeModel, type OnnxGraphSpec, type OnnxNode } from './onnx/model.js';
export { dynamicConvGraph, type DynamicConvShape } from './onnx/dynamic-conv.js';
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
   * When the thread counts include 1 and more: also measure dcnn's scaling from 1 thread to the
   * most, in one realm, alternating (default true; `report.scaling`).
   */
  scaling?: boolean;
  /** Progress: each scaling row as it completes. */
  onScaling?: (row: ScalingRow) => void;
  /**
   * Measure each thread count in a worker thread of this process (default: when more than one
   * count is asked for, since ORT's thread count is fixed once per realm).
   */
  workers?: boolean;
}

function inWorker<Row>(job: WorkerJob, onRow?: (row: Row) => void): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const rows: Row[] = [];
    let finished = false;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
    worker.on('message', (m: { row?: Row; done?: boolean; error?: string }) => {
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
    const job: WorkerJob = { kind: 'rows', suite, threads: t, ...common };
    if (useWorkers) rows.push(...(await inWorker(job, options.onRow)));
    else rows.push(...(await runCases(await suiteCases(suite), { ...common, threads: t, onRow: options.onRow })));
  }
  const report: BenchReport = { machine, peakGflops, rows };
  const most = Math.max(...threads);
  if (threads.includes(1) && most > 1 && options.scaling !== false) {
    const job: WorkerJob = { kind: 'scaling', suite, threads: most, ...common };
    report.scaling = useWorkers
      ? await inWorker(job, options.onScaling)
      : await measureScaling(await suiteCases(suite), most, { ...common, onRow: options.onScaling });
  }
  return report;
}

// The traced-graph tools (also used by the WebGPU backend's browser benchmark).
export { traceModel, createTraceBackend, type Trace, type TraceOp, type TraceValue } from './trace.js';
export { foldTrace } from './fold.js';
export { dcnnProgram, type TraceProgram } from './trace-dcnn.js';
export { traceToOnnx } from './trace-onnx.js';
export { tfjsProgram, type TfjsProgram } from './trace-tfjs.js';
export { modelCase, traceFlops } from './models.js';
