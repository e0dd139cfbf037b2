/** Every op of SPEC.md, by name. Adding an op starts here (see the README). */
import { batchNormSpec } from './batch-norm.js';
import { conv2dSpec, deformConv2dSpec, dynamicConv2dSpec } from './conv.js';
import { denseSpec } from './dense.js';
import * as ew from './elementwise.js';
import { avgPool2dSpec, globalAvgPoolSpec, globalMaxPoolSpec, maxPool2dSpec } from './pooling.js';
import { reduceMaxSpec, reduceMeanSpec, reduceSumSpec, softmaxSpec } from './reduce.js';
import { concatSpec, reshapeSpec, splitSpec, transposeSpec } from './shape-ops.js';
import type { OpName } from './signatures.js';
import type { OpSpec } from './spec.js';

export const opSpecs: { readonly [Op in OpName]: OpSpec<Op> } = {
  conv2d: conv2dSpec,
  dynamicConv2d: dynamicConv2dSpec,
  deformConv2d: deformConv2dSpec,
  dense: denseSpec,
  globalAvgPool: globalAvgPoolSpec,
  globalMaxPool: globalMaxPoolSpec,
  avgPool2d: avgPool2dSpec,
  maxPool2d: maxPool2dSpec,
  batchNorm: batchNormSpec,
  relu: ew.reluSpec,
  relu6: ew.relu6Spec,
  sigmoid: ew.sigmoidSpec,
  tanh: ew.tanhSpec,
  exp: ew.expSpec,
  silu: ew.siluSpec,
  gelu: ew.geluSpec,
  hardSigmoid: ew.hardSigmoidSpec,
  hardSwish: ew.hardSwishSpec,
  leakyRelu: ew.leakyReluSpec,
  clip: ew.clipSpec,
  add: ew.addSpec,
  sub: ew.subSpec,
  mul: ew.mulSpec,
  div: ew.divSpec,
  reduceMean: reduceMeanSpec,
  reduceMax: reduceMaxSpec,
  reduceSum: reduceSumSpec,
  softmax: softmaxSpec,
  concat: concatSpec,
  split: splitSpec,
  reshape: reshapeSpec,
  transpose: transposeSpec,
};

export const opNames = Object.keys(opSpecs) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(opSpecs, name);
}

export * from './activation.js';
export * from './signatures.js';
export type { OpSpec, InputSlot } from './spec.js';
export { resolveAttrs } from './spec.js';
export { convOutputSize, poolOutputSize } from './conv-geometry.js';
export { reducedAxes } from './reduce.js';
export { resolvePerm } from './shape-ops.js';
