/**
 * Seeded differential fuzzing of the wasm backend against the float64 reference.
 *
 * For every seed, random VALID configurations of the conv family (conv2d with shared or
 * per-sample kernels, dynamicConv2d, deformConv2d) and of the other shape-sensitive ops
 * (windowed and global pooling, dense, broadcast binary ops) run on three wasm backends — one
 * thread (the relaxed-SIMD build where Node's flag allows it), two threads (its shared-memory
 * twin: must give the same bits) and one thread of the plain SIMD build — and on the reference,
 * and are compared at SPEC.md's float32-cpu tolerance (see withinRounding in fuzz/check.ts for
 * ill-conditioned outputs). Every run must leave the wasm heap as it found it. The generator aims each conv at
 * one of the kernels' code paths (src/kernels/, assembly/); `pathsOf` mirrors how the glue
 * chooses them, and a test checks that the fixed seeds reach every one. Now and then a case
 * has NaN and ±Infinity in its data, or an empty dimension.
 *
 * The fixed seeds keep CI deterministic. To hunt, add seeds:
 *   DCNN_FUZZ_SEED=1234 npx vitest run test/fuzz.test.ts      (one seed)
 *   DCNN_FUZZ_SEED=1-300 npx vitest run test/fuzz.test.ts     (a range; also a,b,c lists)
 * DCNN_FUZZ_SCALE=3 draws maps and channel counts about 3× larger; DCNN_FUZZ_WASM_PATHS runs
 * the .wasm builds of another folder (an older commit's, to see a regression case fail there).
 * A failure names the op, the backend, the seed and the whole case as JSON: paste that into
 * `regressions` (test/fuzz/regressions.ts) to keep it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { type Wasm, check, describeCase } from './fuzz/check.js';
import { FAMILIES, type Family, casesFor } from './fuzz/generators.js';
import { REQUIRED_PATHS, pathsOf } from './fuzz/paths.js';
import { regressions } from './fuzz/regressions.js';

const FIXED_SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

/** Extra seeds from DCNN_FUZZ_SEED: `n`, `a-b` or `a,b,c`. */
function envSeeds(value: string | undefined): number[] {
  if (!value) return [];
  return value.split(',').flatMap((part) => {
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
    const n = Number(part.trim());
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`DCNN_FUZZ_SEED: '${part}' is not a seed (n, a-b or a,b,c)`);
    return [n];
  });
}

const SEEDS = [...new Set([...FIXED_SEEDS, ...envSeeds(process.env.DCNN_FUZZ_SEED)])];

describe('differential fuzzing against the reference', () => {
  const wasms: Wasm[] = [];
  beforeAll(async () => {
    // DCNN_FUZZ_WASM_PATHS runs other builds of the kernels (e.g. an older commit's, to see a
    // regression case fail there).
    const wasmPaths = process.env.DCNN_FUZZ_WASM_PATHS || undefined;
    wasms.push({ name: 'wasm-1t', backend: await createWasmBackend({ threads: 1, wasmPaths }) });
    wasms.push({ name: 'wasm-2t', backend: await createWasmBackend({ threads: 2, wasmPaths }) });
    wasms.push({ name: 'wasm-plain', backend: await createWasmBackend({ threads: 1, relaxedSimd: false, wasmPaths }) });
  });
  afterAll(() => wasms.forEach(({ backend }) => backend.dispose()));

  it('the fixed seeds reach every kernel path the generator aims at', () => {
    const seen = new Set(FIXED_SEEDS.flatMap((seed) => (Object.keys(FAMILIES) as Family[]).flatMap((f) => casesFor(f, seed).flatMap(pathsOf))));
    expect(REQUIRED_PATHS.filter((p) => !seen.has(p))).toEqual([]);
  });

  it('runs three builds: relaxed (or plain) with 1 and 2 threads, and plain', () => {
    expect(wasms.map((w) => w.backend.threads)).toEqual([1, 2, 1]);
    expect(wasms[1].backend.variant).toBe(`${wasms[0].backend.variant}-mt`);
    expect(wasms[2].backend.variant).toBe('dcnn-simd');
  });

  for (const { why, c } of regressions) {
    it(`regression: ${why}`, async () => {
      const failures = await check(c, wasms, `${c.op} (regression: ${why})\n  case: ${JSON.stringify(c)}`);
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }

  for (const seed of SEEDS) {
    for (const family of Object.keys(FAMILIES) as Family[]) {
      it(`seed ${seed}: ${family}`, async () => {
        const failures: string[] = [];
        for (const [i, c] of casesFor(family, seed).entries()) failures.push(...(await check(c, wasms, describeCase(c, seed, i, family))));
        expect(failures, failures.join('\n')).toEqual([]);
      });
    }
  }
});
