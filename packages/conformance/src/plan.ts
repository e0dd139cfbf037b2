/**
 * One run of everything asked for on one backend: catalogue cases, case files, ONNX node tests.
 * Shared by the CLI's `conformance` and `docs` commands; browser-safe (it takes loaded data).
 */
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { caseGroup, type CatalogueCase } from './catalogue/types.js';
import { runCaseFilesGuarded, type LoadedCases } from './cases/run-cases.js';
import { HangGuard } from './hang-guard.js';
import { runOnnxTest, type OnnxTestFiles } from './onnx/run-test.js';
import type { ConformanceResult } from './results.js';
import { runCaseSeeds } from './run-catalogue.js';

export interface RunPlan {
  /** Catalogue cases (op, layer, model) to run with `seeds`. */
  catalogue?: readonly CatalogueCase[];
  seeds: readonly number[];
  caseFiles?: LoadedCases;
  onnxTests?: readonly OnnxTestFiles[];
  /**
   * The most milliseconds one row may take (default `DEFAULT_CASE_TIMEOUT_MS`, 5 minutes): past
   * it the row is an error and the backend's remaining rows are reported as not run.
   */
  timeoutMs?: number;
}

/** How many results a plan produces on one backend. */
export function planSize(plan: RunPlan): number {
  return (plan.catalogue?.length ?? 0) + (plan.caseFiles ? plan.caseFiles.cases.length + plan.caseFiles.malformed.length : 0) + (plan.onnxTests?.length ?? 0);
}

export async function runPlan(
  backend: AnyBackend,
  plan: RunPlan,
  onProgress?: (done: number, total: number, result: ConformanceResult) => void,
): Promise<ConformanceResult[]> {
  const total = planSize(plan);
  const results: ConformanceResult[] = [];
  const push = (r: ConformanceResult) => {
    results.push(r);
    onProgress?.(results.length, total, r);
  };
  const guard = new HangGuard(plan.timeoutMs);
  if (plan.catalogue?.length) {
    const reference = createReferenceBackend();
    for (const c of plan.catalogue) {
      push(await guard.run({ case: c.name, backend: backend.name, group: caseGroup(c) }, () => runCaseSeeds(backend, reference, c, plan.seeds)));
    }
  }
  if (plan.caseFiles) await runCaseFilesGuarded(backend, plan.caseFiles, guard, (_done, _total, r) => push(r));
  for (const test of plan.onnxTests ?? []) {
    push(await guard.run({ case: `onnx/${test.name}`, backend: backend.name, group: `onnx:${test.opType ?? 'unknown'}` }, () => runOnnxTest(backend, test)));
  }
  return results;
}
