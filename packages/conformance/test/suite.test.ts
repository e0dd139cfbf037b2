import { describe, expect, it } from 'vitest';
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { defineConformanceSuite, opCatalogue, type KnownFailure, type SuiteApi } from '../src/index.js';

/** A fake vitest that records the suite's hooks and tests, then runs them like vitest would. */
async function runSuite(createBackend: () => AnyBackend, knownFailures: KnownFailure[]): Promise<Map<string, string | null>> {
  const tests: [string, () => Promise<void>][] = [];
  const before: (() => Promise<void>)[] = [];
  const after: (() => void)[] = [];
  const api: SuiteApi = {
    describe: (_name, fn) => fn(),
    it: (name, fn) => tests.push([name, fn]),
    beforeAll: (fn) => before.push(fn),
    afterAll: (fn) => after.push(fn),
  };
  const cases = opCatalogue.filter((c) => c.name.startsWith('relu/') || c.name.startsWith('sigmoid/'));
  defineConformanceSuite(api, createBackend, { cases, knownFailures, seeds: [3] });
  for (const fn of before) await fn();
  const outcome = new Map<string, string | null>();
  for (const [name, fn] of tests) {
    try {
      await fn();
      outcome.set(name, null);
    } catch (error) {
      outcome.set(name, (error as Error).message);
    }
  }
  for (const fn of after) fn();
  return outcome;
}

/** The reference with sigmoid replaced by a slightly wrong one. */
function brokenSigmoid(): AnyBackend {
  const ref = createReferenceBackend({ precision: 'float32' });
  const sigmoid = (inputs: { x: { handle: Float64Array } }) => inputs.x.handle.map((v) => 1 / (1 + Math.exp(-v)) + 1e-3);
  return { ...ref, name: 'broken', kernels: { ...ref.kernels, sigmoid } } as AnyBackend;
}

describe('defineConformanceSuite', () => {
  it('makes one test per case; a broken kernel fails its cases with case, seed and error size', async () => {
    const outcome = await runSuite(brokenSigmoid, []);
    expect(outcome.get('relu/nchw')).toBeNull();
    expect(outcome.get('sigmoid/nchw')).toMatch(/^fail: sigmoid\/nchw on broken, seed 3: output y: relL2 \S+ \(bound 0\.00001\)/);
  });

  it('accepts recorded failures, and fails a recorded failure that passes', async () => {
    const known: KnownFailure[] = [
      { case: 'sigmoid/nchw', backend: 'broken', reason: 'off by 1e-3' },
      { case: 'sigmoid/vector-odd', backend: 'broken', reason: 'off by 1e-3' },
      { case: 'sigmoid/scalar', backend: 'broken', reason: 'off by 1e-3' },
      { case: 'sigmoid/nan-inf-zero', backend: 'broken', reason: 'off by 1e-3' },
      { case: 'relu/nchw', backend: 'broken', reason: 'wrongly recorded' },
    ];
    const outcome = await runSuite(brokenSigmoid, known);
    expect(outcome.get('sigmoid/nchw')).toBeNull();
    expect(outcome.get('relu/nchw')).toMatch(/recorded as a known failure \(wrongly recorded\) but passes: remove the record/);
  });

  it('fails on a known failure naming a case that does not exist', async () => {
    const outcome = await runSuite(brokenSigmoid, [{ case: 'sigmoid/renamed', backend: 'broken', reason: 'stale' }]);
    expect(outcome.get('known failures name existing cases')).toMatch(/sigmoid\/renamed/);
  });
});
