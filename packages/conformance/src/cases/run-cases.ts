/**
 * Runs parsed case files (CASES.md) on a backend. Browser-safe: it takes parsed cases and the
 * list of malformed files; reading a directory is `loadCaseDirectory` in the node entry.
 */
import { parseCaseFile, type AnyBackend, type OpCase } from '@dcnn/core';
import { HangGuard } from '../hang-guard.js';
import type { ConformanceResult } from '../results.js';
import { runFileCase } from './run-file-case.js';

/** A file that could not be parsed, reported by name; it never stops the run. */
export interface MalformedCaseFile {
  file: string;
  message: string;
}

export interface LoadedCases {
  cases: OpCase[];
  malformed: MalformedCaseFile[];
}

export interface RunCaseFilesOptions {
  /** The most milliseconds one case may take (default `DEFAULT_CASE_TIMEOUT_MS`); see `HangGuard`. */
  timeoutMs?: number;
}

/**
 * Parses file texts (by default with core's `parseCaseFile`, which checks every clause of
 * CASES.md), collecting malformed files instead of throwing. A file whose case names one already
 * read is malformed too: results are keyed by case name.
 */
export function parseCaseFiles(files: { file: string; text: string }[], parse: (text: string, file: string) => OpCase[] = parseCaseFile): LoadedCases {
  const out: LoadedCases = { cases: [], malformed: [] };
  const seen = new Map<string, string>();
  for (const { file, text } of files) {
    let cases: OpCase[];
    try {
      cases = parse(text, file);
    } catch (error) {
      out.malformed.push({ file, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      continue;
    }
    const names = new Map<string, string>(seen);
    const clash = cases.find((c) => {
      if (names.has(c.name)) return true;
      names.set(c.name, file);
      return false;
    });
    if (clash) {
      const other = names.get(clash.name) === file ? 'another case of this file' : names.get(clash.name);
      out.malformed.push({ file, message: `case name '${clash.name}' is already used by ${other} (results are keyed by case name)` });
      continue;
    }
    for (const c of cases) seen.set(c.name, file);
    out.cases.push(...cases);
  }
  return out;
}

/** `runCaseFiles` with the caller's guard (`runPlan` shares one across a backend's rows). */
export async function runCaseFilesGuarded(
  backend: AnyBackend,
  loaded: LoadedCases,
  guard: HangGuard,
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
    push(await guard.run({ case: `case:${c.name}`, backend: backend.name, group: `cases:${c.op}` }, () => runFileCase(backend, c)));
  }
  return results;
}

/**
 * Every case on `backend` (pass, fail with relL2/maxAbs, error with its message), plus one
 * `error` row per malformed file. Rows are in the `cases:<op>` group of the matrix.
 */
export async function runCaseFiles(
  backend: AnyBackend,
  loaded: LoadedCases,
  onProgress?: (done: number, total: number, result: ConformanceResult) => void,
  options: RunCaseFilesOptions = {},
): Promise<ConformanceResult[]> {
  return runCaseFilesGuarded(backend, loaded, new HangGuard(options.timeoutMs), onProgress);
}
