/** Result rows and the report file of `dcnn conformance --report`. */
import type { CaseResult } from '@dcnn/core';

/** One row: a case on a backend. `seed` is the seed of the worst (or failing) run. */
export interface ConformanceResult extends CaseResult {
  /** The matrix row: an op, `layer:<name>`, `model:<name>`, `onnx:<OpType>` or `cases`. */
  group?: string;
  seed?: number;
}

/** The JSON report (`--report FILE.json`). */
export interface ConformanceReport {
  results: ConformanceResult[];
}

/** True when nothing failed or errored (`unsupported` is not a failure). */
export function allPassed(results: readonly CaseResult[]): boolean {
  return results.every((r) => r.status === 'pass' || r.status === 'unsupported');
}

/** The report object with only the fields the report format names. */
export function toReport(results: readonly ConformanceResult[]): ConformanceReport {
  return {
    results: results.map((r) => {
      const row: CaseResult = { case: r.case, backend: r.backend, status: r.status };
      if (r.relL2 !== undefined && Number.isFinite(r.relL2)) row.relL2 = r.relL2;
      if (r.maxAbs !== undefined && Number.isFinite(r.maxAbs)) row.maxAbs = r.maxAbs;
      if (r.message !== undefined) row.message = r.message;
      return row;
    }),
  };
}
