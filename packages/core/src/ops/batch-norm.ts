/** Spec of inference batch normalisation over axis 1. */
import * as kinds from './attr-kinds.js';
import { type OpSpec, requireRank, requireShape, slots } from './spec.js';

export const batchNormSpec: OpSpec<'batchNorm'> = {
  name: 'batchNorm',
  summary: 'y = (x - mean) / sqrt(var + epsilon) · scale + bias, per channel (axis 1).',
  inputs: slots('x', 'scale', 'bias', 'mean', 'var'),
  defaults: { epsilon: 1e-5 },
  attrKinds: { epsilon: kinds.nonNegativeNumber },
  infer({ x, scale, bias, mean, var: variance }) {
    requireRank('batchNorm', 'x', x, [2, 3, 4, 5], '[N, C, ...]');
    const c = [x[1]];
    requireShape('batchNorm', 'scale', scale, c, '[C]');
    requireShape('batchNorm', 'bias', bias, c, '[C]');
    requireShape('batchNorm', 'mean', mean, c, '[C]');
    requireShape('batchNorm', 'var', variance, c, '[C]');
    return [x];
  },
};
