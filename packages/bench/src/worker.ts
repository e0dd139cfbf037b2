/**
 * One part of the benchmark in its own worker thread: one thread count's rows (ORT fixes its
 * threads per realm), or the thread scaling (a realm without any peer's threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runCases } from './run.js';
import { measureScaling } from './scaling.js';
import { suiteCases, type SuiteName } from './suites.js';

export interface WorkerJob {
  /** 'rows': the table's rows at `threads`; 'scaling': dcnn at 1 thread against `threads`. */
  kind: 'rows' | 'scaling';
  suite: SuiteName;
  threads: number;
  warmup: number;
  runs: number;
  peers: boolean;
}

const job = workerData as WorkerJob;
try {
  const cases = await suiteCases(job.suite);
  const onRow = (row: object) => parentPort!.postMessage({ row });
  if (job.kind === 'scaling') await measureScaling(cases, job.threads, { ...job, onRow });
  else await runCases(cases, { ...job, onRow });
  parentPort!.postMessage({ done: true });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
}
