/**
 * Runs parsed case files (CASES.md) on a backend. Browser-safe: it takes parsed cases and the
 * list of malformed files; reading a directory is `loadCaseDirectory` in the node entry.
 */
import { runCase, type AnyBackend, type OpCase } from '@dcnn/core';
import type { ConformanceResult } from '../results.js';

/** A file that could not be parsed, reported by name; it never stops the run. */
export interface MalformedCaseFile {
  file: string;
  message: string;
}

export interface LoadedCases {
  cases: OpCase[];
  malformed: MalformedCaseFile[];
}

/** Parses file texts with core's `parseCaseFile`, collecting malformed files instead of throwing. */
export function parseCaseFiles(files: { file: string; text: string }[], parse: (text: string, file: string) => OpCase[]): LoadedCases {
  const out: LoadedCases = { cases: [], malformed: [] };
  for (const { file, text } of files) {
    try {
      out.cases.push(...parse(text, file));
    } catch (error) {
      out.malformed.push({ file, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return out;
}

/**
 * Every case on `backend` (pass, fail with relL2/maxAbs, error with its message), plus one
 * `error` row per malformed file. Rows are in the `cases:<op>` group of the matrix.
 */
export async function runCaseFiles(
  backend: AnyBackend,
  loaded: LoadedCases,
  onProgress?: (done: number, total: number, result: ConformanceResult) => void,
): Promise<ConformanceResult[]> {
  const total = loaded.cases.length + loaded.malformed.length;
  const results: ConformanceResult[] = [];
  const push = (r: ConformanceResult) => {
    results.push(r);
    onProgress?.(results.length, total, r);
  };
  for (const m of loaded.malformed) {
    push({ case: `file:${m.file}`, backend: backend.name, status: 'error', group: 'cases:malformed', message: `malformed case file ${m.file}: ${m.message}` });
  }
  for (const c of loaded.cases) {
    let r: ConformanceResult;
    try {
      r = await runCase(backend, c);
    } catch (error) {
      r = { case: c.name, backend: backend.name, status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    push({ ...r, case: `case:${c.name}`, group: `cases:${c.op}`, ...(r.message ? { message: `${c.file}: ${r.message}` } : {}) });
  }
  return results;
}
