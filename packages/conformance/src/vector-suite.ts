/**
 * `defineVectorSuite`: the independent vectors as a vitest suite for one backend — case files
 * (CASES.md, made outside this project's reference) and the ONNX node tests. Every ONNX test
 * that the reference passes must pass on the backend too; the others (ops, attributes or dtypes
 * outside SPEC.md) must be reported the same way on both, and none may be an error on the
 * reference (an unreadable test is reported, not skipped). Works in Node and in vitest browser
 * mode: the caller supplies how files are read.
 */
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { runCaseFiles, type LoadedCases } from './cases/run-cases.js';
import { runOnnxTest } from './onnx/index.js';
import type { OnnxTestFiles } from './onnx/index.js';
import type { SuiteApi } from './suite.js';

export interface VectorSources {
  /** Named groups of parsed case files (e.g. `core/test/cases`). */
  caseFiles: Record<string, () => Promise<LoadedCases> | LoadedCases>;
  /** The ONNX node tests, or `undefined` to leave them out (say why in the title). */
  onnxTests?: () => Promise<OnnxTestFiles[]> | OnnxTestFiles[];
}

export interface VectorSuiteOptions {
  title?: string;
  /** Per-test timeout in ms (default 240 s: ~300 ONNX tests on a software GPU). */
  timeout?: number;
  /** The fewest ONNX tests that must pass (guards against a loader that finds nothing). */
  minOnnxPasses?: number;
}

type Expect = (ok: boolean, message: string) => void;

const check: Expect = (ok, message) => {
  if (!ok) throw new Error(message);
};

export function defineVectorSuite(
  api: Pick<SuiteApi, 'describe' | 'it' | 'beforeAll' | 'afterAll'>,
  createBackend: () => Promise<AnyBackend> | AnyBackend,
  sources: VectorSources,
  options: VectorSuiteOptions = {},
): void {
  const timeout = options.timeout ?? 240_000;
  api.describe(options.title ?? 'independent vectors', () => {
    let backend: AnyBackend;
    api.beforeAll(async () => {
      backend = await createBackend();
    }, timeout);
    api.afterAll(() => backend?.dispose());

    for (const [group, load] of Object.entries(sources.caseFiles)) {
      api.it(`case files: ${group}`, async () => {
        const loaded = await load();
        check(loaded.malformed.length === 0, `malformed case files: ${loaded.malformed.map((m) => `${m.file} (${m.message})`).join('; ')}`);
        check(loaded.cases.length > 0, `no cases found in ${group}`);
        const failing = (await runCaseFiles(backend, loaded)).filter((r) => r.status !== 'pass');
        check(failing.length === 0, failing.map((r) => `${r.case}: ${r.status} ${r.message ?? ''}`).join('\n'));
      }, timeout);
    }

    const loadOnnx = sources.onnxTests;
    if (loadOnnx) {
      api.it('ONNX node tests: pass wherever the reference passes', async () => {
        const reference = createReferenceBackend();
        const problems: string[] = [];
        let passed = 0;
        for (const test of await loadOnnx()) {
          const expected = await runOnnxTest(reference, test);
          const actual = await runOnnxTest(backend, test);
          if (expected.status === 'pass' && actual.status !== 'pass') problems.push(`${test.name}: ${actual.status} ${actual.message ?? ''}`);
          // An error on the reference is a broken or unreadable test, never a reason to skip it.
          else if (expected.status === 'error') problems.push(`${test.name}: error on the reference: ${expected.message ?? ''}`);
          else if (expected.status !== 'pass' && actual.status !== expected.status) {
            problems.push(`${test.name}: ${actual.status} here, ${expected.status} on the reference (${expected.message ?? ''})`);
          }
          if (actual.status === 'pass') passed++;
        }
        check(problems.length === 0, problems.join('\n'));
        const floor = options.minOnnxPasses ?? 190;
        check(passed >= floor, `only ${passed} ONNX node tests passed (expected at least ${floor})`);
      }, timeout);
    }
  });
}
