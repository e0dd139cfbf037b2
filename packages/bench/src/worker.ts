/** One thread count of the benchmark in its own worker thread (ORT fixes its threads per realm). */
import { parentPort, workerData } from 'node:worker_threads';
import { runCases } from './run.js';
import { suiteCases, type SuiteName } from './suites.js';

interface Job {
  suite: SuiteName;
  threads: number;
  warmup: number;
  runs: number;
  peers: boolean;
}

const job = workerData as Job;
try {
  const cases = await suiteCases(job.suite);
  await runCases(cases, { ...job, onRow: (row) => parentPort!.postMessage({ row }) });
  parentPort!.postMessage({ done: true });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
}
