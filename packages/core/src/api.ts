/**
 * The ops as functions: `conv2d({ x, w, b }, { strides: [2, 2] })`. Inputs are named as in
 * SPEC.md and case files; attributes are optional and take the spec's defaults.
 */
import { runOp, type OpAttrs, type OpInputs } from './execute.js';
import type { OpName, OutputOf } from './ops/signatures.js';
import type { Tensor } from './tensor.js';

type OpFn<Op extends OpName> = (inputs: OpInputs<Op>, attrs?: OpAttrs<Op>) => OutputOf<Op, Tensor>;

function opFn<Op extends OpName>(op: Op): OpFn<Op> {
  return (inputs, attrs) => runOp(op, inputs, attrs);
}

export const conv2d = opFn('conv2d');
export const dynamicConv2d = opFn('dynamicConv2d');
export const deformConv2d = opFn('deformConv2d');
export const dense = opFn('dense');
export const globalAvgPool = opFn('globalAvgPool');
export const globalMaxPool = opFn('globalMaxPool');
export const avgPool2d = opFn('avgPool2d');
export const maxPool2d = opFn('maxPool2d');
export const batchNorm = opFn('batchNorm');
export const relu = opFn('relu');
export const relu6 = opFn('relu6');
export const sigmoid = opFn('sigmoid');
export const tanh = opFn('tanh');
export const exp = opFn('exp');
export const silu = opFn('silu');
export const gelu = opFn('gelu');
export const hardSigmoid = opFn('hardSigmoid');
export const hardSwish = opFn('hardSwish');
export const leakyRelu = opFn('leakyRelu');
export const clip = opFn('clip');
export const add = opFn('add');
export const sub = opFn('sub');
export const mul = opFn('mul');
export const div = opFn('div');
export const reduceMean = opFn('reduceMean');
export const reduceMax = opFn('reduceMax');
export const reduceSum = opFn('reduceSum');
export const softmax = opFn('softmax');
export const concat = opFn('concat');
export const split = opFn('split');
export const reshape = opFn('reshape');
export const transpose = opFn('transpose');
