/** `runCatalogue(backend, options)`: every case, every seed, one aggregated row per case. */
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { opCatalogue } from './catalogue/index.js';
import { caseGroup, type CatalogueCase } from './catalogue/types.js';
import { HangGuard } from './hang-guard.js';
import { freshSeed } from './prng.js';
import type { ConformanceResult } from './results.js';
import { runCaseOnce } from './run-case.js';

/** The fixed seeds every run uses; a fresh one is added per run. */
export const FIXED_SEEDS: readonly number[] = [1, 20240917];

/**
 * The fixed seeds plus one fresh seed (printed in any failure message). Where the environment
 * variable `DCNN_SEED` is set (Node), that one seed only: how a failure is replayed.
 */
export function defaultSeeds(): number[] {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DCNN_SEED;
  if (env !== undefined && /^\d+$/.test(env)) return [Number(env)];
  return [...FIXED_SEEDS, freshSeed()];
}

export interface ProgressEvent {
  done: number;
  total: number;
  result: ConformanceResult;
}

export interface RunCatalogueOptions {
  /** Seeds to run every case with (default: `defaultSeeds()`). Error cases use the first only. */
  seeds?: readonly number[];
  /** Keeps the cases whose name matches (a substring, a RegExp or a predicate). */
  filter?: string | RegExp | ((c: CatalogueCase) => boolean);
  /** The cases to run (default: the op catalogue). */
  cases?: readonly CatalogueCase[];
  /** Called after each case. */
  onProgress?: (event: ProgressEvent) => void;
  /** The oracle (default: a fresh float64 reference backend). */
  reference?: AnyBackend;
  /**
   * The most milliseconds one case (all its seeds) may take (default `DEFAULT_CASE_TIMEOUT_MS`,
   * 5 minutes). A case past it is an error, and the backend's remaining cases are reported as not
   * run: an async read that never settles no longer stops the run.
   */
  timeoutMs?: number;
}

/** Selects cases by a filter as `RunCatalogueOptions.filter` describes. */
export function selectCases(cases: readonly CatalogueCase[], filter: RunCatalogueOptions['filter']): CatalogueCase[] {
  if (filter === undefined) return [...cases];
  if (typeof filter === 'string') return cases.filter((c) => c.name.includes(filter));
  if (filter instanceof RegExp) return cases.filter((c) => filter.test(c.name));
  return cases.filter(filter);
}

/** Runs one case with every seed and keeps the first failure, or else the worst pass. */
export async function runCaseSeeds(backend: AnyBackend, reference: AnyBackend, c: CatalogueCase, seeds: readonly number[]): Promise<ConformanceResult> {
  const list = c.kind === 'op' && c.expectError ? seeds.slice(0, 1) : c.kind === 'program' && c.maxSeeds ? seeds.slice(0, c.maxSeeds) : seeds;
  if (list.length === 0) return { case: c.name, backend: backend.name, group: caseGroup(c), status: 'error', message: `${c.name} on ${backend.name}: no seeds to run it with` };
  let worst: ConformanceResult | undefined;
  for (const seed of list) {
    const r = await runCaseOnce(backend, reference, c, seed);
    if (r.status !== 'pass') return r;
    if (!worst || (r.relL2 ?? 0) > (worst.relL2 ?? 0)) worst = r;
  }
  return worst!;
}

/**
 * Runs the catalogue on `backend` against the reference. Expected values are computed by the
 * reference at run time from the same seeded inputs.
 */
export async function runCatalogue(backend: AnyBackend, options: RunCatalogueOptions = {}): Promise<ConformanceResult[]> {
  const seeds = options.seeds ?? defaultSeeds();
  const cases = selectCases(options.cases ?? opCatalogue, options.filter);
  const reference = options.reference ?? createReferenceBackend();
  const guard = new HangGuard(options.timeoutMs);
  const results: ConformanceResult[] = [];
  for (const c of cases) {
    const base = { case: c.name, backend: backend.name, group: caseGroup(c) };
    const result = await guard.run(base, () => runCaseSeeds(backend, reference, c, seeds));
    results.push(result);
    options.onProgress?.({ done: results.length, total: cases.length, result });
  }
  return results;
}
