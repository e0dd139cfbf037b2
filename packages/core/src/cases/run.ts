/**
 * Runs one parsed case on a backend and compares with its expected outputs (CASES.md). Every
 * expected output must be produced and every produced output expected (a case expecting three
 * outputs of a two-way split is an error of the case; parseCaseFile already refuses it).
 * An error case must throw the named class and leave nothing allocated; a case that succeeds
 * must leave nothing but its outputs. A read that rejects is this case's error.
 */
import type { AnyBackend } from '../backend.js';
import { compareOutputs, tolerances } from '../compare.js';
import { describeThrown, thrownName } from '../errors.js';
import { runOp } from '../execute.js';
import { isOpName, opSpecs } from '../ops/index.js';
import type { OpName } from '../ops/signatures.js';
import { formatShape, shapesEqual } from '../shape.js';
import { Tensor, tensor } from '../tensor.js';
import { liveTensorCount, scope } from '../tracking.js';
import type { CaseTensor, OpCase } from './format.js';

export type CaseStatus = 'pass' | 'fail' | 'error' | 'unsupported';

/** One line of a report; the JSON shape of `dcnn op --json` and the conformance report. */
export interface CaseResult {
  case: string;
  backend: string;
  status: CaseStatus;
  relL2?: number;
  maxAbs?: number;
  message?: string;
}

/** The op's inputs: named as in SPEC.md, concat's `x0, x1, ...` gathered into `xs` in order. */
function opInputs(backend: AnyBackend, op: OpName, given: Record<string, CaseTensor>): Record<string, Tensor | Tensor[]> {
  const upload = (t: CaseTensor) => tensor(backend, t.data, t.shape);
  const list = opSpecs[op].inputs.find((s) => s.list);
  if (!list) return Object.fromEntries(Object.entries(given).map(([k, t]) => [k, upload(t)]));
  const keys = Object.keys(given).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return { [list.name]: keys.map((k) => upload(given[k])) };
}

/** The expected outputs in order: `y` alone, or `y0, y1, ...` (validated when the file was parsed). */
function expectedOutputs(c: OpCase): [string, CaseTensor][] {
  const outputs = c.outputs ?? {};
  if (outputs.y) return [['y', outputs.y]];
  return Object.keys(outputs)
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((k) => [k, outputs[k]]);
}

export async function runCase(backend: AnyBackend, c: OpCase): Promise<CaseResult> {
  const base = { case: c.name, backend: backend.name };
  if (!isOpName(c.op)) return { ...base, status: 'error', message: `unknown op '${c.op}' (not an op of SPEC.md)` };
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
      if (name !== c.error) return { ...base, status: 'fail', message: `expected ${c.error}, threw ${describeThrown(error)}` };
      if (leaked !== 0) return { ...base, status: 'fail', message: `threw ${c.error} but left ${leaked} tensor(s) allocated` };
      return { ...base, status: 'pass', message: `threw ${describeThrown(error)} as expected` };
    }
    return { ...base, status: name === 'UnsupportedError' ? 'unsupported' : 'error', message: describeThrown(error) };
  }
  try {
    if (c.error) return { ...base, status: 'fail', message: `expected ${c.error}, but the op succeeded` };
    const leaked = liveTensorCount(backend) - before - outputs.length;
    if (leaked !== 0) return { ...base, status: 'fail', message: `${leaked} tensor(s) leaked` };
    const expected = expectedOutputs(c);
    if (expected.length !== outputs.length) {
      // The count follows from the op and its attributes (parseCaseFile checks it): the case is at fault, not the backend.
      const names = expected.map(([k]) => k).join(', ');
      return { ...base, status: 'error', message: `${op} gave ${outputs.length} output(s), the case expects ${expected.length} (${names})` };
    }
    const tol = { ...tolerances[backend.precision], ...c.tolerance };
    let worst: CaseResult = { ...base, status: 'pass', relL2: 0, maxAbs: 0 };
    for (const [i, [key, want]] of expected.entries()) {
      if (!shapesEqual(outputs[i].shape, want.shape)) {
        return { ...base, status: 'fail', message: `output '${key}' has shape ${formatShape(outputs[i].shape)}, expected ${formatShape(want.shape)}` };
      }
      let got: Float64Array;
      try {
        got = await outputs[i].data64();
      } catch (error) {
        return { ...base, status: 'error', message: `reading output '${key}' failed: ${describeThrown(error)}` };
      }
      const cmp = compareOutputs(got, want.data, tol);
      if (!cmp.pass) return { ...base, status: 'fail', relL2: cmp.relL2, maxAbs: cmp.maxAbs, message: `output '${key}': ${cmp.reason}` };
      worst = { ...worst, relL2: Math.max(worst.relL2!, cmp.relL2), maxAbs: Math.max(worst.maxAbs!, cmp.maxAbs) };
    }
    return worst;
  } finally {
    for (const t of outputs) t.dispose();
  }
}
