/**
 * The ops as functions, one per op of SPEC.md, derived from the spec table so that adding an op
 * needs no line here: `ops.conv2d({ x, w, b }, { strides: [2, 2] })`. Inputs are named as in
 * SPEC.md and case files; attributes are optional and take the spec's defaults.
 */
import { runOp, type OpAttrs, type OpInputs } from './execute.js';
import { opNames } from './ops/index.js';
import type { OpName, OutputOf } from './ops/signatures.js';
import type { Tensor } from './tensor.js';

export type OpFn<Op extends OpName> = (inputs: OpInputs<Op>, attrs?: OpAttrs<Op>) => OutputOf<Op, Tensor>;
export type Ops = { readonly [Op in OpName]: OpFn<Op> };

export const ops = Object.freeze(
  Object.fromEntries(opNames.map((op) => [op, (inputs: never, attrs?: never) => runOp(op, inputs, attrs)])),
) as unknown as Ops;
