/** Specs of global and windowed pooling (ONNX AveragePool/MaxPool semantics). */
import * as kinds from './attr-kinds.js';
import { poolOutputSize } from './conv-geometry.js';
import type { AvgPoolAttrs, PoolAttrs } from './signatures.js';
import { type OpSpec, requireRank, slots } from './spec.js';

const NCHW = '[N, C, H, W]';

function globalPool<Op extends 'globalAvgPool' | 'globalMaxPool'>(name: Op, summary: string): OpSpec<Op> {
  const spec: OpSpec<'globalAvgPool'> = {
    name: name as 'globalAvgPool',
    summary,
    inputs: slots('x'),
    defaults: {},
    attrKinds: {},
    infer({ x }) {
      requireRank(name, 'x', x, 4, NCHW);
      return [[x[0], x[1], 1, 1]];
    },
  };
  return spec as unknown as OpSpec<Op>;
}

export const globalAvgPoolSpec = globalPool('globalAvgPool', 'Mean over H and W: [N, C, H, W] → [N, C, 1, 1].');
export const globalMaxPoolSpec = globalPool('globalMaxPool', 'Max over H and W: [N, C, H, W] → [N, C, 1, 1].');

const poolDefaults: PoolAttrs = {
  kernel: [1, 1],
  strides: [1, 1],
  pads: [0, 0, 0, 0],
  dilations: [1, 1],
  ceilMode: false,
};
const poolKinds = {
  kernel: kinds.positivePair,
  strides: kinds.positivePair,
  pads: kinds.pads4,
  dilations: kinds.positivePair,
  ceilMode: kinds.boolean,
};

function inferPool(op: string, x: readonly number[], attrs: PoolAttrs): number[][] {
  requireRank(op, 'x', x, 4, NCHW);
  const [oh, ow] = poolOutputSize(op, x[2], x[3], attrs.kernel, attrs.strides, attrs.pads, attrs.dilations, attrs.ceilMode);
  return [[x[0], x[1], oh, ow]];
}

export const avgPool2dSpec: OpSpec<'avgPool2d'> = {
  name: 'avgPool2d',
  summary: 'Windowed mean; padding excluded from the divisor unless countIncludePad.',
  inputs: slots('x'),
  defaults: { ...poolDefaults, countIncludePad: false } satisfies AvgPoolAttrs,
  attrKinds: { ...poolKinds, countIncludePad: kinds.boolean },
  infer: ({ x }, attrs) => inferPool('avgPool2d', x, attrs),
};

export const maxPool2dSpec: OpSpec<'maxPool2d'> = {
  name: 'maxPool2d',
  summary: 'Windowed max; padding never wins.',
  inputs: slots('x'),
  defaults: poolDefaults,
  attrKinds: poolKinds,
  infer: ({ x }, attrs) => inferPool('maxPool2d', x, attrs),
};
