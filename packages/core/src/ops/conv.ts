/** Specs of the convolution family: conv2d, dynamicConv2d, deformConv2d. */
import type { Shape } from '../shape.js';
import { formatShape } from '../shape.js';
import * as kinds from './attr-kinds.js';
import { convOutputSize } from './conv-geometry.js';
import type { ConvAttrs } from './signatures.js';
import { type OpSpec, requireRank, requireShape, shapeError, slots } from './spec.js';

export const convDefaults: ConvAttrs = {
  strides: [1, 1],
  pads: [0, 0, 0, 0],
  dilations: [1, 1],
  group: 1,
  activation: 'none',
};

export const convAttrKinds = {
  strides: kinds.positivePair,
  pads: kinds.pads4,
  dilations: kinds.positivePair,
  group: kinds.positiveInt,
  activation: kinds.activation,
};

const NCHW = '[N, C, H, W]';

/**
 * Checks `x` against a kernel `[M, C/group, kh, kw]` (the last four dims of `kernel`) and the
 * group attribute; returns `[N, M, oH, oW]`.
 */
function convOutput(op: string, x: Shape, kernel: Shape, attrs: ConvAttrs): [number, number, number, number] {
  requireRank(op, 'x', x, 4, NCHW);
  const [n, c, h, w] = x;
  const [m, cPerGroup, kh, kw] = kernel.slice(-4);
  const { group } = attrs;
  if (c % group !== 0) shapeError(op, "input 'x'", `channels C divisible by group ${group}`, `C = ${c}`);
  if (m % group !== 0) shapeError(op, "input 'w'", `output channels M divisible by group ${group}`, `M = ${m}`);
  if (cPerGroup !== c / group) {
    shapeError(op, "input 'w'", `kernel channels C/group = ${c / group}`, `${cPerGroup} in shape ${formatShape(kernel)}`);
  }
  if (kh < 1 || kw < 1) shapeError(op, "input 'w'", 'a kernel of at least 1x1', formatShape(kernel));
  const [oh, ow] = convOutputSize(op, h, w, [kh, kw], attrs.strides, attrs.pads, attrs.dilations);
  return [n, m, oh, ow];
}

export const conv2dSpec: OpSpec<'conv2d'> = {
  name: 'conv2d',
  summary: 'Grouped 2-D convolution; a 5-D weight [N, M, C/group, kh, kw] gives every sample its own kernel.',
  inputs: slots('x', 'w', 'b?'),
  defaults: convDefaults,
  attrKinds: convAttrKinds,
  infer({ x, w, b }, attrs) {
    requireRank('conv2d', 'w', w, [4, 5], '[M, C/group, kh, kw] or per-sample [N, M, C/group, kh, kw]');
    const out = convOutput('conv2d', x, w, attrs);
    const [n, m] = out;
    if (w.length === 5 && w[0] !== n) {
      shapeError('conv2d', "input 'w'", `per-sample kernels for N = ${n} samples`, `shape ${formatShape(w)}`);
    }
    if (b) {
      if (b.length === 2) requireShape('conv2d', 'b', b, [n, m], '[N, M] (per-sample bias)');
      else requireShape('conv2d', 'b', b, [m], '[M]');
    }
    return [out];
  },
};

export const dynamicConv2dSpec: OpSpec<'dynamicConv2d'> = {
  name: 'dynamicConv2d',
  summary: 'Convolution with a kernel aggregated per sample from a bank of K (DyConv, CondConv, ODConv).',
  inputs: slots('x', 'w', 'a', 'b?', 'spatialAttn?', 'channelAttn?', 'filterAttn?'),
  defaults: convDefaults,
  attrKinds: convAttrKinds,
  infer({ x, w, a, b, spatialAttn, channelAttn, filterAttn }, attrs) {
    const op = 'dynamicConv2d';
    requireRank(op, 'w', w, 5, '[K, M, C/group, kh, kw]');
    const out = convOutput(op, x, w, attrs);
    const [n, m] = out;
    const [k, , , kh, kw] = w;
    requireShape(op, 'a', a, [n, k], '[N, K] (attention over the K kernels of w)');
    if (b) requireShape(op, 'b', b, [k, m], '[K, M]');
    if (spatialAttn) requireShape(op, 'spatialAttn', spatialAttn, [n, kh, kw], '[N, kh, kw]');
    if (channelAttn) requireShape(op, 'channelAttn', channelAttn, [n, x[1]], '[N, C]');
    if (filterAttn) requireShape(op, 'filterAttn', filterAttn, [n, m], '[N, M]');
    return [out];
  },
};

export const deformConv2dSpec: OpSpec<'deformConv2d'> = {
  name: 'deformConv2d',
  summary: 'Deformable convolution (ONNX DeformConv, torchvision): learned offsets and an optional DCNv2 mask.',
  inputs: slots('x', 'w', 'offset', 'b?', 'mask?'),
  defaults: { ...convDefaults, offsetGroup: 1 },
  attrKinds: { ...convAttrKinds, offsetGroup: kinds.positiveInt },
  infer({ x, w, offset, b, mask }, attrs) {
    const op = 'deformConv2d';
    requireRank(op, 'w', w, 4, '[M, C/group, kh, kw]');
    const out = convOutput(op, x, w, attrs);
    const [n, m, oh, ow] = out;
    const taps = attrs.offsetGroup * w[2] * w[3];
    if (x[1] % attrs.offsetGroup !== 0) {
      shapeError(op, "input 'x'", `channels C divisible by offsetGroup ${attrs.offsetGroup}`, `C = ${x[1]}`);
    }
    requireShape(op, 'offset', offset, [n, 2 * taps, oh, ow], '[N, offsetGroup*kh*kw*2, oH, oW]');
    if (mask) requireShape(op, 'mask', mask, [n, taps, oh, ow], '[N, offsetGroup*kh*kw, oH, oW]');
    if (b) requireShape(op, 'b', b, [m], '[M]');
    return [out];
  },
};
