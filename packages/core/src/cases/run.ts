/** Runs one parsed case on a backend and compares with its expected outputs. */
import type { AnyBackend } from '../backend.js';
import { compareOutputs, tolerances } from '../compare.js';
import { DcnnError } from '../errors.js';
import { runOp } from '../execute.js';
import { isOpName, opSpecs } from '../ops/index.js';
import type { OpName } from '../ops/signatures.js';
import { formatShape, shapesEqual } from '../shape.js';
import { Tensor, tensor } from '../tensor.js';
import { scope } from '../tracking.js';
import type { OpCase } from './format.js';

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

/** Gathers `x0, x1, ...` into concat's variadic `xs`; other inputs pass by name. */
function caseInputs(op: OpName, named: Record<string, Tensor>): Record<string, Tensor | Tensor[]> {
  const list = opSpecs[op].inputs.find((s) => s.list);
  if (!list) return named;
  const xs = Object.keys(named)
    .filter((k) => /^x\d+$/.test(k))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((k) => named[k]);
  return { [list.name]: xs };
}

function outputKeys(count: number): string[] {
  return count === 1 ? ['y'] : Array.from({ length: count }, (_, i) => `y${i}`);
}

export async function runCase(backend: AnyBackend, c: OpCase): Promise<CaseResult> {
  const base = { case: c.name, backend: backend.name };
  if (!isOpName(c.op)) return { ...base, status: 'error', message: `unknown op '${c.op}' (not in SPEC.md)` };
  const op = c.op;
  let outputs: Tensor[];
  try {
    outputs = scope(() => {
      const named: Record<string, Tensor> = {};
      for (const [k, t] of Object.entries(c.inputs)) named[k] = tensor(backend, t.data, t.shape);
      const result = runOp(op, caseInputs(op, named) as never, c.attrs as never) as Tensor | Tensor[];
      return Array.isArray(result) ? result : [result];
    });
  } catch (error) {
    const name = DcnnError.isDcnnError(error) ? error.name : error instanceof Error ? error.name : 'unknown';
    const message = error instanceof Error ? error.message : String(error);
    if (c.error) {
      return name === c.error
        ? { ...base, status: 'pass', message: `threw ${name} as expected: ${message}` }
        : { ...base, status: 'fail', message: `expected ${c.error}, threw ${name}: ${message}` };
    }
    return { ...base, status: name === 'UnsupportedError' ? 'unsupported' : 'error', message: `${name}: ${message}` };
  }
  try {
    if (c.error) return { ...base, status: 'fail', message: `expected ${c.error}, but the op succeeded` };
    const keys = outputKeys(outputs.length);
    const tol = { ...tolerances[backend.precision], ...c.tolerance };
    let worst: CaseResult = { ...base, status: 'pass', relL2: 0, maxAbs: 0 };
    for (const [i, key] of keys.entries()) {
      const expected = c.outputs?.[key] ?? (i === 0 ? c.outputs?.y0 : undefined);
      if (!expected) return { ...base, status: 'error', message: `case has no expected output '${key}'` };
      if (!shapesEqual(expected.shape, outputs[i].shape)) {
        return { ...base, status: 'fail', message: `output '${key}' has shape ${formatShape(outputs[i].shape)}, expected ${formatShape(expected.shape)}` };
      }
      const cmp = compareOutputs(await outputs[i].data64(), expected.data, tol);
      const row: CaseResult = { ...base, status: cmp.pass ? 'pass' : 'fail', relL2: cmp.relL2, maxAbs: cmp.maxAbs };
      if (!cmp.pass) return { ...row, message: `output '${key}': ${cmp.reason}` };
      if (!(cmp.relL2 <= (worst.relL2 ?? 0))) worst = row;
    }
    return worst;
  } finally {
    for (const t of outputs) t.dispose();
  }
}
