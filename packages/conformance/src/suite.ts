/**
 * `defineConformanceSuite`: the catalogue as a vitest suite, one `it` per case, with the backend
 * as a parameter. Works in Node and in vitest browser mode (no Node APIs here).
 */
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { opCatalogue } from './catalogue/index.js';
import type { CatalogueCase } from './catalogue/types.js';
import { judge, staleKnownFailures, type KnownFailure } from './known-failures.js';
import { defaultSeeds, runCaseSeeds, selectCases, type RunCatalogueOptions } from './run-catalogue.js';

/** The parts of vitest's API the suite uses (pass `{ describe, it, beforeAll, afterAll }`). */
export interface SuiteApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void>, timeout?: number) => void;
  beforeAll: (fn: () => Promise<void>, timeout?: number) => void;
  afterAll: (fn: () => void) => void;
}

export interface SuiteOptions {
  knownFailures?: readonly KnownFailure[];
  /** Default: the fixed seeds plus a fresh one. */
  seeds?: readonly number[];
  filter?: RunCatalogueOptions['filter'];
  /** Default: the op catalogue; add `layerCatalogue()` for layers and models. */
  cases?: readonly CatalogueCase[];
  /** The describe block's title (default `conformance`). */
  title?: string;
  /** Per-case timeout in ms (default 60 s; browser backends may need more). */
  timeout?: number;
}

/**
 * Defines one `it` per catalogue case for the backend `createBackend()` returns. A case passes
 * when the backend agrees with the reference; a case in `knownFailures` must fail (if it passes,
 * the test fails and says to remove the record).
 */
export function defineConformanceSuite(api: SuiteApi, createBackend: () => Promise<AnyBackend> | AnyBackend, options: SuiteOptions = {}): void {
  const cases = selectCases(options.cases ?? opCatalogue, options.filter);
  const known = options.knownFailures ?? [];
  const seeds = options.seeds ?? defaultSeeds();
  const timeout = options.timeout ?? 60_000;
  api.describe(`${options.title ?? 'conformance'} (seeds ${seeds.join(', ')})`, () => {
    let backend: AnyBackend;
    let reference: AnyBackend;
    api.beforeAll(async () => {
      backend = await createBackend();
      reference = createReferenceBackend();
    }, timeout);
    api.afterAll(() => backend?.dispose());
    api.it('known failures name existing cases', async () => {
      const stale = staleKnownFailures(known, (options.cases ?? opCatalogue).map((c) => c.name));
      if (stale.length) throw new Error(`known failures for cases that do not exist: ${stale.map((k) => k.case).join(', ')}`);
    });
    for (const c of cases) {
      api.it(c.name, async () => {
        const result = await runCaseSeeds(backend, reference, c, seeds);
        const verdict = judge(result, known);
        if (!verdict.ok) throw new Error(verdict.message);
      }, timeout);
    }
  });
}
