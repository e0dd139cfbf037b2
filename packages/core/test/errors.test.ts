/**
 * SPEC.md "Errors": every violation throws the right class, naming the op and the argument,
 * before any kernel runs or anything is allocated.
 */
import { describe, expect, it } from 'vitest';
import {
  AttributeError, DisposedError, ShapeError, UnsupportedError, createReferenceBackend, liveTensorCount, ops, runOp, tensor,
  type Tensor,
} from '../src/index.js';
import { expectOpError, type ErrorExpectation } from './support/expect-error.js';
import { spyBackend } from './support/spy-backend.js';

const spy = spyBackend();
/** A zero tensor of `shape` on the spy backend. */
const z = (...shape: number[]): Tensor => tensor(spy, new Float32Array(shape.reduce((p, d) => p * d, 1)), shape);

interface Case extends ErrorExpectation {
  name: string;
  /** Creates the inputs, then returns the call that must fail. */
  make: () => () => unknown;
}

const shape = (op: string, arg: string, ...message: string[]) => ({ cls: ShapeError, op, arg, message });
const attr = (op: string, name: string, ...message: string[]) => ({ cls: AttributeError, op, arg: `attribute '${name}'`, message });

const cases: Case[] = [
  // conv2d
  { name: 'kernel channels != C/group', ...shape('conv2d', "input 'w'", 'C/group = 4', '3'), make: () => { const x = z(1, 4, 5, 5), w = z(2, 3, 3, 3); return () => ops.conv2d({ x, w }); } },
  { name: 'kernel channels != C/group with group 2', ...shape('conv2d', "input 'w'", 'C/group = 2'), make: () => { const x = z(1, 4, 5, 5), w = z(2, 4, 3, 3); return () => ops.conv2d({ x, w }, { group: 2 }); } },
  { name: 'C not divisible by group', ...shape('conv2d', "input 'x'", 'group 2', 'C = 3'), make: () => { const x = z(1, 3, 5, 5), w = z(2, 1, 3, 3); return () => ops.conv2d({ x, w }, { group: 2 }); } },
  { name: 'M not divisible by group', ...shape('conv2d', "input 'w'", 'group 2', 'M = 3'), make: () => { const x = z(1, 4, 5, 5), w = z(3, 2, 3, 3); return () => ops.conv2d({ x, w }, { group: 2 }); } },
  { name: 'x of rank 3', ...shape('conv2d', "input 'x'", 'rank 4', '[4,5,5]'), make: () => { const x = z(4, 5, 5), w = z(2, 4, 3, 3); return () => ops.conv2d({ x, w }); } },
  { name: 'w of rank 3', ...shape('conv2d', "input 'w'", 'rank 4 or 5'), make: () => { const x = z(1, 4, 5, 5), w = z(4, 3, 3); return () => ops.conv2d({ x, w }); } },
  { name: 'per-sample w for the wrong N', ...shape('conv2d', "input 'w'", 'N = 2'), make: () => { const x = z(2, 4, 5, 5), w = z(3, 2, 4, 3, 3); return () => ops.conv2d({ x, w }); } },
  { name: 'b of the wrong length', ...shape('conv2d', "input 'b'", '[2]', '[3]'), make: () => { const x = z(1, 4, 5, 5), w = z(2, 4, 3, 3), b = z(3); return () => ops.conv2d({ x, w, b }); } },
  { name: 'per-sample b [N,M] with the wrong N', ...shape('conv2d', "input 'b'", '[2,2]'), make: () => { const x = z(2, 4, 5, 5), w = z(2, 4, 3, 3), b = z(3, 2); return () => ops.conv2d({ x, w, b }); } },
  { name: 'output size <= 0 (kernel larger than the image)', ...shape('conv2d', 'output size', 'positive output size'), make: () => { const x = z(1, 1, 2, 2), w = z(1, 1, 3, 3); return () => ops.conv2d({ x, w }); } },
  { name: 'output size <= 0 from dilation', ...shape('conv2d', 'output size'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { dilations: [4, 1] }); } },
  { name: 'stride 0', ...attr('conv2d', 'strides', '[0,1]'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { strides: [0, 1] }); } },
  { name: 'negative stride', ...attr('conv2d', 'strides'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { strides: [1, -2] }); } },
  { name: 'dilation 0', ...attr('conv2d', 'dilations', '[0,0]'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { dilations: [0, 0] }); } },
  { name: 'negative pads', ...attr('conv2d', 'pads', '[1,-1,0,0]'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { pads: [1, -1, 0, 0] }); } },
  { name: 'pads of length 2', ...attr('conv2d', 'pads'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { pads: [1, 1] as never }); } },
  { name: 'group 0', ...attr('conv2d', 'group', '0'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { group: 0 }); } },
  { name: 'group -2', ...attr('conv2d', 'group', '-2'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { group: -2 }); } },
  { name: 'fractional group', ...attr('conv2d', 'group', '1.5'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { group: 1.5 }); } },
  { name: 'unknown activation', ...attr('conv2d', 'activation', '"swish"', 'hardSwish'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { activation: 'swish' as never }); } },
  { name: 'unknown attribute name', ...attr('conv2d', 'padding', 'strides'), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2); return () => ops.conv2d({ x, w }, { padding: [1, 1, 1, 1] } as never); } },
  { name: 'unknown input name', ...shape('conv2d', "input 'bias'"), make: () => { const x = z(1, 1, 4, 4), w = z(1, 1, 2, 2), bias = z(1); return () => ops.conv2d({ x, w, bias } as never); } },
  { name: 'missing required input', ...shape('conv2d', "input 'w'", 'required'), make: () => { const x = z(1, 1, 4, 4); return () => ops.conv2d({ x } as never); } },
  { name: 'an input that is not a tensor', ...shape('conv2d', "input 'w'", 'a Tensor'), make: () => { const x = z(1, 1, 4, 4); return () => ops.conv2d({ x, w: [1, 2, 3, 4] } as never); } },
  // dynamicConv2d
  { name: 'attention K != bank K', ...shape('dynamicConv2d', "input 'a'", '[2,4]', '[2,3]'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 3, 3, 3), a = z(2, 3); return () => ops.dynamicConv2d({ x, w, a }); } },
  { name: 'attention for the wrong N', ...shape('dynamicConv2d', "input 'a'", '[2,4]', '[1,4]'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 3, 3, 3), a = z(1, 4); return () => ops.dynamicConv2d({ x, w, a }); } },
  { name: 'bank of rank 4', ...shape('dynamicConv2d', "input 'w'", 'rank 5'), make: () => { const x = z(2, 3, 5, 5), w = z(2, 3, 3, 3), a = z(2, 2); return () => ops.dynamicConv2d({ x, w, a }); } },
  { name: 'bank kernel channels != C/group', ...shape('dynamicConv2d', "input 'w'", 'C/group = 3'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 2, 3, 3), a = z(2, 4); return () => ops.dynamicConv2d({ x, w, a }); } },
  { name: 'bank bias [K, M] wrong', ...shape('dynamicConv2d', "input 'b'", '[4,2]'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 3, 3, 3), a = z(2, 4), b = z(2, 4); return () => ops.dynamicConv2d({ x, w, a, b }); } },
  { name: 'spatialAttn wrong', ...shape('dynamicConv2d', "input 'spatialAttn'", '[2,3,3]'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 3, 3, 3), a = z(2, 4), spatialAttn = z(2, 9); return () => ops.dynamicConv2d({ x, w, a, spatialAttn }); } },
  { name: 'channelAttn wrong', ...shape('dynamicConv2d', "input 'channelAttn'", '[2,3]'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 3, 3, 3), a = z(2, 4), channelAttn = z(2, 2); return () => ops.dynamicConv2d({ x, w, a, channelAttn }); } },
  { name: 'filterAttn wrong', ...shape('dynamicConv2d', "input 'filterAttn'", '[2,2]'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 3, 3, 3), a = z(2, 4), filterAttn = z(2, 3); return () => ops.dynamicConv2d({ x, w, a, filterAttn }); } },
  { name: 'dynamicConv2d group 0', ...attr('dynamicConv2d', 'group'), make: () => { const x = z(2, 3, 5, 5), w = z(4, 2, 3, 3, 3), a = z(2, 4); return () => ops.dynamicConv2d({ x, w, a }, { group: 0 }); } },
  // deformConv2d
  { name: 'offset channels != offsetGroup·kh·kw·2', ...shape('deformConv2d', "input 'offset'", '[1,18,3,3]', '[1,9,3,3]'), make: () => { const x = z(1, 2, 5, 5), w = z(2, 2, 3, 3), offset = z(1, 9, 3, 3); return () => ops.deformConv2d({ x, w, offset }); } },
  { name: 'offset channels for the wrong offsetGroup', ...shape('deformConv2d', "input 'offset'", '[1,36,3,3]'), make: () => { const x = z(1, 2, 5, 5), w = z(2, 2, 3, 3), offset = z(1, 18, 3, 3); return () => ops.deformConv2d({ x, w, offset }, { offsetGroup: 2 }); } },
  { name: 'offset of the wrong spatial size', ...shape('deformConv2d', "input 'offset'", '[1,18,3,3]', '[1,18,5,5]'), make: () => { const x = z(1, 2, 5, 5), w = z(2, 2, 3, 3), offset = z(1, 18, 5, 5); return () => ops.deformConv2d({ x, w, offset }); } },
  { name: 'mask channels wrong', ...shape('deformConv2d', "input 'mask'", '[1,9,3,3]'), make: () => { const x = z(1, 2, 5, 5), w = z(2, 2, 3, 3), offset = z(1, 18, 3, 3), mask = z(1, 18, 3, 3); return () => ops.deformConv2d({ x, w, offset, mask }); } },
  { name: 'C not divisible by offsetGroup', ...shape('deformConv2d', "input 'x'", 'offsetGroup 2', 'C = 3'), make: () => { const x = z(1, 3, 5, 5), w = z(2, 3, 3, 3), offset = z(1, 36, 3, 3); return () => ops.deformConv2d({ x, w, offset }, { offsetGroup: 2 }); } },
  { name: 'offsetGroup 0', ...attr('deformConv2d', 'offsetGroup', '0'), make: () => { const x = z(1, 2, 5, 5), w = z(2, 2, 3, 3), offset = z(1, 18, 3, 3); return () => ops.deformConv2d({ x, w, offset }, { offsetGroup: 0 }); } },
  { name: 'deformConv2d negative pads', ...attr('deformConv2d', 'pads'), make: () => { const x = z(1, 2, 5, 5), w = z(2, 2, 3, 3), offset = z(1, 18, 3, 3); return () => ops.deformConv2d({ x, w, offset }, { pads: [-1, 0, 0, 0] }); } },
  // dense
  { name: 'dense features disagree', ...shape('dense', "input 'w'", 'F = 3', '[2,4]'), make: () => { const x = z(5, 3), w = z(2, 4); return () => ops.dense({ x, w }); } },
  { name: 'dense x of rank 3', ...shape('dense', "input 'x'", 'rank 2'), make: () => { const x = z(5, 3, 1), w = z(2, 3); return () => ops.dense({ x, w }); } },
  { name: 'dense b wrong', ...shape('dense', "input 'b'", '[2]'), make: () => { const x = z(5, 3), w = z(2, 3), b = z(3); return () => ops.dense({ x, w, b }); } },
  { name: 'dense unknown activation', ...attr('dense', 'activation', '"elu"'), make: () => { const x = z(5, 3), w = z(2, 3); return () => ops.dense({ x, w }, { activation: 'elu' as never }); } },
  // pooling
  { name: 'pool window larger than the padded image', ...shape('maxPool2d', 'output size'), make: () => { const x = z(1, 1, 3, 3); return () => ops.maxPool2d({ x }, { kernel: [5, 5] }); } },
  { name: 'avgPool2d kernel 0', ...attr('avgPool2d', 'kernel', '[0,2]'), make: () => { const x = z(1, 1, 3, 3); return () => ops.avgPool2d({ x }, { kernel: [0, 2] }); } },
  { name: 'avgPool2d stride 0', ...attr('avgPool2d', 'strides'), make: () => { const x = z(1, 1, 3, 3); return () => ops.avgPool2d({ x }, { strides: [1, 0] }); } },
  { name: 'maxPool2d negative pads', ...attr('maxPool2d', 'pads'), make: () => { const x = z(1, 1, 3, 3); return () => ops.maxPool2d({ x }, { pads: [0, 0, -1, 0] }); } },
  { name: 'maxPool2d dilation 0', ...attr('maxPool2d', 'dilations'), make: () => { const x = z(1, 1, 3, 3); return () => ops.maxPool2d({ x }, { dilations: [0, 1] }); } },
  { name: 'ceilMode not a boolean', ...attr('maxPool2d', 'ceilMode', '"yes"'), make: () => { const x = z(1, 1, 3, 3); return () => ops.maxPool2d({ x }, { ceilMode: 'yes' as never }); } },
  { name: 'maxPool2d has no countIncludePad', ...attr('maxPool2d', 'countIncludePad'), make: () => { const x = z(1, 1, 3, 3); return () => ops.maxPool2d({ x }, { countIncludePad: true } as never); } },
  { name: 'globalAvgPool of rank 3', ...shape('globalAvgPool', "input 'x'", 'rank 4'), make: () => { const x = z(1, 3, 3); return () => ops.globalAvgPool({ x }); } },
  { name: 'globalMaxPool takes no attributes', ...attr('globalMaxPool', 'axis', 'no attributes'), make: () => { const x = z(1, 1, 3, 3); return () => ops.globalMaxPool({ x }, { axis: 1 } as never); } },
  // batchNorm
  { name: 'batchNorm scale of the wrong length', ...shape('batchNorm', "input 'scale'", '[3]', '[2]'), make: () => { const x = z(1, 3, 2, 2), s = z(2), c = z(3); return () => ops.batchNorm({ x, scale: s, bias: c, mean: c, var: c }); } },
  { name: 'batchNorm var missing', ...shape('batchNorm', "input 'var'"), make: () => { const x = z(1, 3, 2, 2), c = z(3); return () => ops.batchNorm({ x, scale: c, bias: c, mean: c } as never); } },
  { name: 'batchNorm negative epsilon', ...attr('batchNorm', 'epsilon', '-1'), make: () => { const x = z(1, 3, 2, 2), c = z(3); return () => ops.batchNorm({ x, scale: c, bias: c, mean: c, var: c }, { epsilon: -1 }); } },
  // element-wise
  { name: 'impossible broadcast', ...shape('add', "inputs 'a' and 'b'", '[2,3]', '[4]'), make: () => { const a = z(2, 3), b = z(4); return () => ops.add({ a, b }); } },
  { name: 'impossible broadcast in a middle axis', ...shape('mul', "inputs 'a' and 'b'", '[2,3,4]', '[2,2,4]'), make: () => { const a = z(2, 3, 4), b = z(2, 2, 4); return () => ops.mul({ a, b }); } },
  { name: 'clip min > max', ...attr('clip', 'min', '3'), make: () => { const x = z(3); return () => ops.clip({ x }, { min: 3, max: 1 }); } },
  { name: 'clip NaN bound', ...attr('clip', 'max', 'a number'), make: () => { const x = z(3); return () => ops.clip({ x }, { max: NaN }); } },
  { name: 'hardSigmoid alpha not a number', ...attr('hardSigmoid', 'alpha'), make: () => { const x = z(3); return () => ops.hardSigmoid({ x }, { alpha: '0.2' as never }); } },
  { name: 'relu takes no attributes', ...attr('relu', 'alpha'), make: () => { const x = z(3); return () => ops.relu({ x }, { alpha: 1 } as never); } },
  // reductions and softmax
  { name: 'axes beyond the rank', ...attr('reduceMean', 'axes', '[-2, 2)', '2'), make: () => { const x = z(2, 3); return () => ops.reduceMean({ x }, { axes: [2] }); } },
  { name: 'negative axes beyond the rank', ...attr('reduceSum', 'axes', '-3'), make: () => { const x = z(2, 3); return () => ops.reduceSum({ x }, { axes: [-3] }); } },
  { name: 'repeated axes', ...attr('reduceMax', 'axes', 'distinct'), make: () => { const x = z(2, 3); return () => ops.reduceMax({ x }, { axes: [1, -1] }); } },
  { name: 'keepDims not a boolean', ...attr('reduceMax', 'keepDims'), make: () => { const x = z(2, 3); return () => ops.reduceMax({ x }, { keepDims: 0 as never }); } },
  { name: 'softmax axis out of range', ...attr('softmax', 'axis', '[-2, 2)', '2'), make: () => { const x = z(2, 3); return () => ops.softmax({ x }, { axis: 2 }); } },
  { name: 'softmax temperature 0', ...attr('softmax', 'temperature', '0'), make: () => { const x = z(2, 3); return () => ops.softmax({ x }, { temperature: 0 }); } },
  // shape ops
  { name: 'concat axis out of range', ...attr('concat', 'axis', '-3'), make: () => { const a = z(2, 3), b = z(2, 3); return () => ops.concat({ xs: [a, b] }, { axis: -3 }); } },
  { name: 'concat dims disagree off the axis', ...shape('concat', "input 'xs[1]'", '[2,4]'), make: () => { const a = z(2, 3), b = z(2, 4); return () => ops.concat({ xs: [a, b] }, { axis: 0 }); } },
  { name: 'concat ranks disagree', ...shape('concat', "input 'xs[2]'", '[2,3,1]'), make: () => { const a = z(2, 3), b = z(2, 3), c = z(2, 3, 1); return () => ops.concat({ xs: [a, b, c] }); } },
  { name: 'concat of nothing', ...shape('concat', 'inputs', 'at least one tensor'), make: () => () => ops.concat({ xs: [] }) },
  { name: 'split sizes not summing to the dim', ...attr('split', 'sizes', 'summing to 3', '[1,1]'), make: () => { const x = z(2, 3); return () => ops.split({ x }, { axis: 1, sizes: [1, 1] }); } },
  { name: 'split sizes absent', ...attr('split', 'sizes', 'summing to 2'), make: () => { const x = z(2, 3); return () => ops.split({ x }); } },
  { name: 'split negative size', ...attr('split', 'sizes', '[4,-1]'), make: () => { const x = z(3, 3); return () => ops.split({ x }, { sizes: [4, -1] }); } },
  { name: 'split axis out of range', ...attr('split', 'axis', '2'), make: () => { const x = z(2, 3); return () => ops.split({ x }, { axis: 2, sizes: [3] }); } },
  { name: 'reshape with two -1', ...attr('reshape', 'shape', 'at most one -1', '[-1,-1]'), make: () => { const x = z(2, 3); return () => ops.reshape({ x }, { shape: [-1, -1] }); } },
  { name: 'reshape to the wrong count', ...attr('reshape', 'shape', '6 elements', '[4,2]'), make: () => { const x = z(2, 3); return () => ops.reshape({ x }, { shape: [4, 2] }); } },
  { name: 'reshape with -1 that cannot divide', ...attr('reshape', 'shape', '6 elements', '[4,-1]'), make: () => { const x = z(2, 3); return () => ops.reshape({ x }, { shape: [4, -1] }); } },
  { name: 'reshape with -2', ...attr('reshape', 'shape', '[-2,-3]'), make: () => { const x = z(2, 3); return () => ops.reshape({ x }, { shape: [-2, -3] }); } },
  { name: 'perm with a repeated axis', ...attr('transpose', 'perm', 'permutation of 0..2', '[0,0,1]'), make: () => { const x = z(2, 3, 4); return () => ops.transpose({ x }, { perm: [0, 0, 1] }); } },
  { name: 'perm of the wrong length', ...attr('transpose', 'perm', '[1,0]'), make: () => { const x = z(2, 3, 4); return () => ops.transpose({ x }, { perm: [1, 0] }); } },
  { name: 'perm naming an axis beyond the rank', ...attr('transpose', 'perm', '[0,1,3]'), make: () => { const x = z(2, 3, 4); return () => ops.transpose({ x }, { perm: [0, 1, 3] }); } },
  // sizes over the contract's limit
  // Holes in arrays: `every` skips them, so [1, , 1] once passed as strides and gave NaN shapes
  // (and reduceSum over axes [1, , ] differed between backends).
  // eslint-disable-next-line no-sparse-arrays
  { name: 'strides with a hole', ...attr('conv2d', 'strides'), make: () => { const x = z(1, 2, 3, 3), w = z(2, 2, 1, 1); return () => ops.conv2d({ x, w }, { strides: [1, , ] as never }); } },
  { name: 'pads of four holes', ...attr('conv2d', 'pads'), make: () => { const x = z(1, 2, 3, 3), w = z(2, 2, 1, 1); return () => ops.conv2d({ x, w }, { pads: new Array(4) as never }); } },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'reduce axes with a hole', ...attr('reduceSum', 'axes'), make: () => { const x = z(1, 3, 2); return () => ops.reduceSum({ x }, { axes: [1, , ] as never }); } },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'a hole in a list input', ...shape('concat', "input 'xs[1]'", 'a Tensor'), make: () => { const a = z(2, 2); return () => ops.concat({ xs: [a, , a] as never }); } },
  // Names on Object.prototype are not attributes (`in` found them; __proto__ crashed).
  { name: "attribute 'constructor'", ...attr('relu', 'constructor'), make: () => { const x = z(2); return () => ops.relu({ x }, { constructor: 5 } as never); } },
  { name: "attribute '__proto__' from JSON", ...attr('relu', '__proto__'), make: () => { const x = z(2); return () => ops.relu({ x }, JSON.parse('{"__proto__": 1}')); } },
  { name: 'inputs null', ...shape('relu', 'inputs', 'named tensors'), make: () => () => ops.relu(null as never) },
  { name: 'attributes null', cls: AttributeError, op: 'relu', arg: 'attributes', message: ['named attributes'], make: () => { const x = z(2); return () => ops.relu({ x }, null as never); } },
  { name: 'an output over 2^31 elements', cls: UnsupportedError, op: 'add', arg: 'output', message: ['[65536,65536]'], make: () => { const a = z(65536, 1), b = z(1, 65536); return () => ops.add({ a, b }); } },
];

describe('op errors (SPEC.md "Errors")', () => {
  it.each(cases)('$name', (c) => {
    const call = c.make();
    const kernelsBefore = spy.counts.kernels;
    const uploadsBefore = spy.counts.uploads;
    expectOpError(call, c, spy);
    expect(spy.counts.kernels, 'kernel calls').toBe(kernelsBefore);
    expect(spy.counts.uploads, 'uploads').toBe(uploadsBefore);
  });

  it('the error carries expected and actual as well as op and arg', () => {
    const x = z(1, 4, 5, 5);
    const w = z(2, 3, 3, 3);
    const error = expectOpError(() => ops.conv2d({ x, w }), { cls: ShapeError, op: 'conv2d', arg: "input 'w'" }, spy);
    expect(error.expected).toContain('C/group = 4');
    expect(error.actual).toContain('[2,3,3,3]');
    expect(error.message).toBe(`conv2d: input 'w': expected ${error.expected}, got ${error.actual}`);
  });

  it('a disposed input throws DisposedError naming the op and the input', async () => {
    const x = z(1, 1, 4, 4);
    const w = z(1, 1, 2, 2);
    w.dispose();
    expectOpError(() => ops.conv2d({ x, w }), { cls: DisposedError, op: 'conv2d', arg: "input 'w'", message: ['disposed'] }, spy);
    await expect(w.data()).rejects.toBeInstanceOf(DisposedError);
    expect(() => w.handle()).toThrow(DisposedError);
  });

  it('a disposed tensor in a list input names its index', () => {
    const a = z(2, 2);
    const b = z(2, 2);
    b.dispose();
    expectOpError(() => ops.concat({ xs: [a, b] }), { cls: DisposedError, op: 'concat', arg: "input 'xs[1]'" }, spy);
  });

  it('inputs from two different backends', () => {
    const other = spyBackend('other');
    const x = z(1, 1, 4, 4);
    const w = tensor(other, new Float32Array(4), [1, 1, 2, 2]);
    const kernels = [spy.counts.kernels, other.counts.kernels];
    const error = expectOpError(() => ops.conv2d({ x, w }), { cls: ShapeError, op: 'conv2d', arg: "input 'w'", message: ["'spy'", "'other'"] }, spy);
    expect(error.expected).toContain('backend');
    expect([spy.counts.kernels, other.counts.kernels]).toEqual(kernels);
    expect(liveTensorCount(other)).toBe(1);
  });

  it('inputs from two instances of the same kind of backend say so', () => {
    const twin = spyBackend();
    const x = z(1, 1, 4, 4);
    const w = tensor(twin, new Float32Array(4), [1, 1, 2, 2]);
    const error = expectOpError(() => ops.conv2d({ x, w }), { cls: ShapeError, op: 'conv2d', arg: "input 'w'" }, spy);
    expect(error.actual).toBe("a tensor on another 'spy' backend (a second instance)");
  });

  it('an unknown op through runOp is UnsupportedError', () => {
    const x = z(3);
    expectOpError(() => runOp('swish' as never, { x } as never), { cls: UnsupportedError, op: 'swish', arg: 'op' }, spy);
  });

  it('tensor(): data length and shape are checked before upload', () => {
    const backend = createReferenceBackend();
    expect(() => tensor(backend, [1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => tensor(backend, [1, 2], [2, -1])).toThrow(/tensor: shape/);
    expect(() => tensor(backend, [1, 2], [2.5])).toThrow(ShapeError);
    // No element, but a later transpose would multiply 1e300 by 1e300 before the 0: a NaN size.
    expect(() => tensor(backend, [], [0, 1e300, 1e300])).toThrow(/at most 2147483647 elements/);
    expect(liveTensorCount(backend)).toBe(0);
  });
});
