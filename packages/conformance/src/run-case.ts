/**
 * Runs one catalogue case with one seed on a backend and on the reference, and compares. Every
 * message names the case, the backend, the seed and the error size, so a failure can be replayed.
 */
import {
  compareOutputs,
  describeThrown,
  formatShape,
  liveTensorCount,
  runOp,
  scope,
  shapesEqual,
  tensor,
  thrownName,
  tolerances,
  type AnyBackend,
  type Tensor,
  type Tolerance,
} from '@dcnn/core';
import { caseGroup, type CatalogueCase, type InputSpec, type OpCaseSpec } from './catalogue/types.js';
import { normal } from './catalogue/generators.js';
import { createRng, hashSeed } from './prng.js';
import type { ConformanceResult } from './results.js';

/** One drawn input: its shape and float32 values. */
export type Drawn = { shape: number[]; data: Float32Array };
/** A case's drawn inputs by name (concat's `xs` is a list). */
export type DrawnInputs = Record<string, Drawn | Drawn[]>;

/** Draws a case's inputs from `seed`; each case has its own stream (seed mixed with its name). */
export function caseInputs(c: OpCaseSpec, seed: number): DrawnInputs {
  const rng = createRng(hashSeed(seed, c.name));
  const draw = (s: InputSpec) => ({ shape: s.shape, data: (s.gen ?? normal())(rng, s.shape) });
  const out: DrawnInputs = {};
  for (const [name, spec] of Object.entries(c.inputs)) out[name] = Array.isArray(spec) ? spec.map(draw) : draw(spec);
  return out;
}

/** Runs an op case on `backend`; the outputs outlive the scope, the inputs do not. */
function runOpCase(backend: AnyBackend, c: OpCaseSpec, data: DrawnInputs): Tensor[] {
  return scope(() => {
    const inputs: Record<string, Tensor | Tensor[]> = {};
    for (const [name, v] of Object.entries(data)) {
      inputs[name] = Array.isArray(v) ? v.map((d) => tensor(backend, d.data, d.shape)) : tensor(backend, v.data, v.shape);
    }
    const out = runOp(c.op, inputs as never, c.attrs as never) as Tensor | Tensor[];
    return Array.isArray(out) ? out : [out];
  });
}

function disposeAll(ts: readonly Tensor[] | undefined): void {
  for (const t of ts ?? []) t.dispose();
}

async function runErrorCase(backend: AnyBackend, c: OpCaseSpec, seed: number, where: string): Promise<ConformanceResult> {
  const base = { case: c.name, backend: backend.name, group: caseGroup(c), seed };
  const before = liveTensorCount(backend);
  let thrown: unknown;
  let threw = false;
  try {
    disposeAll(runOpCase(backend, c, caseInputs(c, seed)));
  } catch (error) {
    thrown = error;
    threw = true;
  }
  const leaked = liveTensorCount(backend) - before;
  if (!threw) return { ...base, status: 'fail', message: `${where}: expected ${c.expectError}, but the op succeeded` };
  if (thrownName(thrown) !== c.expectError) {
    return { ...base, status: 'fail', message: `${where}: expected ${c.expectError}, threw ${describeThrown(thrown)}` };
  }
  if (leaked !== 0) return { ...base, status: 'fail', message: `${where}: threw ${c.expectError} but left ${leaked} tensor(s) allocated` };
  return { ...base, status: 'pass', message: `threw ${describeThrown(thrown)}` };
}

/** Runs a case's computation (op or program) and returns its outputs. */
async function produce(backend: AnyBackend, c: CatalogueCase, seed: number): Promise<Tensor[]> {
  return c.kind === 'op' ? runOpCase(backend, c, caseInputs(c, seed)) : c.run(backend, seed);
}

/**
 * One case, one seed: the backend's outputs against the reference's, with the backend class's
 * tolerance from SPEC.md (or the case's own). Error-expecting cases check the error class and
 * that nothing stays allocated.
 */
export async function runCaseOnce(backend: AnyBackend, reference: AnyBackend, c: CatalogueCase, seed: number): Promise<ConformanceResult> {
  const where = `${c.name} on ${backend.name}, seed ${seed}`;
  if (c.kind === 'op' && c.expectError) return runErrorCase(backend, c, seed, where);
  const base = { case: c.name, backend: backend.name, group: caseGroup(c), seed };
  let expected: Tensor[] | undefined;
  let actual: Tensor[] | undefined;
  try {
    try {
      expected = await produce(reference, c, seed);
    } catch (error) {
      return { ...base, status: 'error', message: `${where}: the reference rejected the case (a catalogue bug): ${describeThrown(error)}` };
    }
    const before = c.kind === 'op' ? liveTensorCount(backend) : 0;
    try {
      actual = await produce(backend, c, seed);
    } catch (error) {
      const status = thrownName(error) === 'UnsupportedError' ? 'unsupported' : 'error';
      return { ...base, status, message: `${where}: ${describeThrown(error)}` };
    }
    if (c.kind === 'op' && liveTensorCount(backend) - before !== actual.length) {
      return { ...base, status: 'fail', message: `${where}: ${liveTensorCount(backend) - before - actual.length} tensor(s) leaked` };
    }
    try {
      return await compareAll(backend, c.tolerance, actual, expected, base, where);
    } catch (error) {
      // A read that rejects (a lost device, a failed map) is this case's error, not the run's end.
      return { ...base, status: 'error', message: `${where}: reading the outputs failed: ${describeThrown(error)}` };
    }
  } finally {
    disposeAll(expected);
    disposeAll(actual);
  }
}

async function compareAll(
  backend: AnyBackend,
  caseTolerance: Partial<Tolerance> | undefined,
  actual: Tensor[],
  expected: Tensor[],
  base: Omit<ConformanceResult, 'status'>,
  where: string,
): Promise<ConformanceResult> {
  if (actual.length !== expected.length) {
    return { ...base, status: 'fail', message: `${where}: ${actual.length} outputs where the reference gives ${expected.length}` };
  }
  const tol = { ...tolerances[backend.precision], ...caseTolerance };
  let worst: ConformanceResult = { ...base, status: 'pass', relL2: 0, maxAbs: 0 };
  for (let i = 0; i < actual.length; i++) {
    const label = actual.length === 1 ? 'y' : `y${i}`;
    if (!shapesEqual(actual[i].shape, expected[i].shape)) {
      return { ...base, status: 'fail', message: `${where}: output ${label} has shape ${formatShape(actual[i].shape)}, the reference ${formatShape(expected[i].shape)}` };
    }
    const cmp = compareOutputs(await actual[i].data64(), await expected[i].data64(), tol);
    if (!cmp.pass) {
      return { ...base, status: 'fail', relL2: cmp.relL2, maxAbs: cmp.maxAbs, message: `${where}: output ${label}: ${cmp.reason}` };
    }
    if (cmp.relL2 > (worst.relL2 ?? 0) || cmp.maxAbs > (worst.maxAbs ?? 0)) {
      worst = { ...worst, relL2: Math.max(cmp.relL2, worst.relL2 ?? 0), maxAbs: Math.max(cmp.maxAbs, worst.maxAbs ?? 0) };
    }
  }
  return worst;
}
