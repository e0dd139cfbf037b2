/**
 * Seeded differential fuzzing of the wasm backend against the float64 reference (the cases,
 * the runner and the judge are @dcnn/conformance's fuzz module; the paths, the thread check and
 * the regression cases are the wasm backend's).
 *
 * For every seed, random VALID configurations of the conv family (conv2d with shared or
 * per-sample kernels, dynamicConv2d, deformConv2d) and of the other shape-sensitive ops
 * (windowed and global pooling, dense, broadcast binary ops) run on four wasm backends — one
 * thread (the relaxed-SIMD build where Node's flag allows it), two and three threads (its
 * shared-memory twin: must give the same bits; three cuts the ranges at other chunk bounds) and
 * one thread of the plain SIMD build — and on the reference,
 * and are compared at SPEC.md's float32-cpu tolerance (see withinRounding in @dcnn/conformance's
 * judge for ill-conditioned outputs). Every run must leave the wasm heap as it found it. The generator aims each conv at
 * one of the kernels' code paths (src/kernels/, assembly/); `pathsOf` mirrors how the glue
 * chooses them, and a test checks that the fixed seeds reach every one. Now and then a case
 * has NaN and ±Infinity in its data, or an empty dimension.
 *
 * The fixed seeds keep CI deterministic. To hunt, add seeds:
 *   DCNN_FUZZ_SEED=1234 npx vitest run test/fuzz.test.ts      (one seed)
 *   DCNN_FUZZ_SEED=1-300 npx vitest run test/fuzz.test.ts     (a range; also a,b,c lists)
 * DCNN_FUZZ_SCALE=3 draws maps and channel counts about 3× larger; DCNN_FUZZ_WASM_PATHS runs
 * the .wasm builds of another folder (an older commit's, to see a regression case fail there);
 * DCNN_FUZZ_THREADS=4,8 adds thread counts.
 * A failure names the op, the backend, the seed and the whole case as JSON: paste that into
 * `regressions` (test/fuzz/regressions.ts) to keep it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { FUZZ_FAMILIES, describeFuzzCase, fuzzCases, parseFuzzSeeds } from '@dcnn/conformance';
import { type Wasm, check } from './fuzz/check.js';
import { REQUIRED_PATHS, pathsOf } from './fuzz/paths.js';
import { regressions } from './fuzz/regressions.js';

const FIXED_SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

/** DCNN_FUZZ_SCALE (default 1) stretches maps and channel counts for hunting. */
const SCALE = Number(process.env.DCNN_FUZZ_SCALE ?? 1);
const SEEDS = [...new Set([...FIXED_SEEDS, ...parseFuzzSeeds(process.env.DCNN_FUZZ_SEED)])];
/** More thread counts to compare bit for bit with one thread (DCNN_FUZZ_THREADS=3,4,8), beyond CI's 2 and 3. */
const EXTRA_THREADS = (process.env.DCNN_FUZZ_THREADS ?? '')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 2 || n > 256) throw new Error(`DCNN_FUZZ_THREADS: expected thread counts from 2 to 256, got "${s}"`);
    return n;
  });
const THREADS = [...new Set([2, 3, ...EXTRA_THREADS])];

describe('differential fuzzing against the reference', () => {
  const wasms: Wasm[] = [];
  beforeAll(async () => {
    // DCNN_FUZZ_WASM_PATHS runs other builds of the kernels (e.g. an older commit's, to see a
    // regression case fail there).
    const wasmPaths = process.env.DCNN_FUZZ_WASM_PATHS || undefined;
    wasms.push({ name: 'wasm-1t', backend: await createWasmBackend({ threads: 1, wasmPaths }) });
    wasms.push({ name: 'wasm-plain', backend: await createWasmBackend({ threads: 1, relaxedSimd: false, wasmPaths }) });
    for (const threads of THREADS) wasms.push({ name: `wasm-${threads}t`, backend: await createWasmBackend({ threads, wasmPaths }) });
  });
  afterAll(() => wasms.forEach(({ backend }) => backend.dispose()));

  it('the fixed seeds reach every kernel path the generator aims at', () => {
    const seen = new Set(FIXED_SEEDS.flatMap((seed) => FUZZ_FAMILIES.flatMap((f) => fuzzCases(f, seed).flatMap(pathsOf))));
    expect(REQUIRED_PATHS.filter((p) => !seen.has(p))).toEqual([]);
  });

  it('runs the relaxed (or plain) build on 1, 2 and 3 threads, and the plain build', () => {
    expect(wasms.map((w) => w.backend.threads)).toEqual([1, 1, ...THREADS]);
    expect(wasms[1].backend.variant).toBe('dcnn-simd');
    for (const w of wasms.slice(2)) expect(w.backend.variant).toBe(`${wasms[0].backend.variant}-mt`);
  });

  for (const { why, c } of regressions) {
    it(`regression: ${why}`, async () => {
      const failures = await check(c, wasms, `${c.op} (regression: ${why})\n  case: ${JSON.stringify(c)}`);
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }

  for (const seed of SEEDS) {
    for (const family of FUZZ_FAMILIES) {
      it(`seed ${seed}: ${family}`, async () => {
        const failures: string[] = [];
        for (const [i, c] of fuzzCases(family, seed, SCALE).entries()) {
          failures.push(...(await check(c, wasms, describeFuzzCase(c, seed, i, family, [`paths: ${pathsOf(c).join(', ')}`]))));
        }
        expect(failures, failures.join('\n')).toEqual([]);
      });
    }
  }
});
