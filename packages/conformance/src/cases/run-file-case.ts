/**
 * Runs one parsed case-file case on a backend and compares with its expected outputs (CASES.md).
 * Every expected output must be produced and every produced output expected: an op giving two
 * outputs where the file expects three fails, as does one giving one where the file expects
 * `y0, y1`. Error cases must throw the named class and leave nothing allocated, as in the
 * catalogue. A read that rejects is this case's error.
 */
import {
  compareOutputs,
  formatShape,
  isOpName,
  liveTensorCount,
  opSpecs,
  runOp,
  scope,
  shapesEqual,
  tensor,
  tolerances,
  type AnyBackend,
  type CaseTensor,
  type OpCase,
  type OpName,
  type Tensor,
} from '@dcnn/core';
import { describeThrown, thrownName } from '../thrown.js';
import type { ConformanceResult } from '../results.js';

/** The op's inputs: named as in SPEC.md, concat's `x0, x1, ...` gathered into `xs` in order. */
function opInputs(backend: AnyBackend, op: OpName, given: Record<string, CaseTensor>): Record<string, Tensor | Tensor[]> {
  const upload = (t: CaseTensor) => tensor(backend, t.data, t.shape);
  const list = opSpecs[op].inputs.find((s) => s.list);
  if (!list) return Object.fromEntries(Object.entries(given).map(([k, t]) => [k, upload(t)]));
  const keys = Object.keys(given).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return { [list.name]: keys.map((k) => upload(given[k])) };
}

/** The expected outputs in order: `y` alone, or `y0, y1, ...` (validated when the file was read). */
function expectedOutputs(c: OpCase): [string, CaseTensor][] {
  const outputs = c.outputs ?? {};
  if (outputs.y) return [['y', outputs.y]];
  return Object.keys(outputs)
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((k) => [k, outputs[k]]);
}

export async function runFileCase(backend: AnyBackend, c: OpCase): Promise<ConformanceResult> {
  const base = { case: `case:${c.name}`, backend: backend.name, group: `cases:${c.op}` };
  const where = c.file;
  if (!isOpName(c.op)) return { ...base, status: 'error', message: `${where}: unknown op '${c.op}' (not an op of SPEC.md)` };
  const op = c.op;
  const before = liveTensorCount(backend);
  let outputs: Tensor[];
  try {
    outputs = scope(() => {
      const result = runOp(op, opInputs(backend, op, c.inputs) as never, c.attrs as never) as Tensor | Tensor[];
      return Array.isArray(result) ? result : [result];
    });
  } catch (error) {
    const name = thrownName(error);
    const leaked = liveTensorCount(backend) - before;
    if (c.error) {
      if (name !== c.error) return { ...base, status: 'fail', message: `${where}: expected ${c.error}, threw ${describeThrown(error)}` };
      if (leaked !== 0) return { ...base, status: 'fail', message: `${where}: threw ${c.error} but left ${leaked} tensor(s) allocated` };
      return { ...base, status: 'pass', message: `${where}: threw ${describeThrown(error)}` };
    }
    return { ...base, status: name === 'UnsupportedError' ? 'unsupported' : 'error', message: `${where}: ${describeThrown(error)}` };
  }
  try {
    if (c.error) return { ...base, status: 'fail', message: `${where}: expected ${c.error}, but the op succeeded` };
    const leaked = liveTensorCount(backend) - before - outputs.length;
    if (leaked !== 0) return { ...base, status: 'fail', message: `${where}: ${leaked} tensor(s) leaked` };
    const expected = expectedOutputs(c);
    if (expected.length !== outputs.length) {
      const names = expected.map(([k]) => k).join(', ');
      return { ...base, status: 'fail', message: `${where}: ${op} gave ${outputs.length} output(s), the case expects ${expected.length} (${names})` };
    }
    const tol = { ...tolerances[backend.precision], ...c.tolerance };
    let worst: ConformanceResult = { ...base, status: 'pass', relL2: 0, maxAbs: 0 };
    for (const [i, [key, want]] of expected.entries()) {
      if (!shapesEqual(outputs[i].shape, want.shape)) {
        return { ...base, status: 'fail', message: `${where}: output '${key}' has shape ${formatShape(outputs[i].shape)}, expected ${formatShape(want.shape)}` };
      }
      let got: Float64Array;
      try {
        got = await outputs[i].data64();
      } catch (error) {
        return { ...base, status: 'error', message: `${where}: reading output '${key}' failed: ${describeThrown(error)}` };
      }
      const cmp = compareOutputs(got, want.data, tol);
      if (!cmp.pass) return { ...base, status: 'fail', relL2: cmp.relL2, maxAbs: cmp.maxAbs, message: `${where}: output '${key}': ${cmp.reason}` };
      worst = { ...worst, relL2: Math.max(worst.relL2!, cmp.relL2), maxAbs: Math.max(worst.maxAbs!, cmp.maxAbs) };
    }
    return worst;
  } finally {
    for (const t of outputs) t.dispose();
  }
}
