/** Specs of the reductions and softmax. */
import * as kinds from './attr-kinds.js';
import type { ReduceAttrs } from './signatures.js';
import { type OpSpec, attributeError, checkAxis, slots } from './spec.js';

/**
 * The sorted axes a reduction covers: all axes when `axes` is null or empty (ONNX
 * `noop_with_empty_axes = 0`, PyTorch `dim=[]`).
 */
export function reducedAxes(op: string, rank: number, axes: number[] | null): number[] {
  if (axes === null || axes.length === 0) return [...Array(rank).keys()];
  const normalised = axes.map((a) => checkAxis(op, 'axes', a, rank));
  if (new Set(normalised).size !== normalised.length) attributeError(op, 'axes', 'distinct axes', axes);
  return normalised.sort((a, b) => a - b);
}

function reduction(name: 'reduceMean' | 'reduceMax' | 'reduceSum', summary: string): OpSpec<typeof name> {
  return {
    name,
    summary,
    inputs: slots('x'),
    defaults: { axes: null, keepDims: true } satisfies ReduceAttrs,
    attrKinds: { axes: kinds.integersOrNull, keepDims: kinds.boolean },
    infer({ x }, attrs) {
      const axes = new Set(reducedAxes(name, x.length, attrs.axes));
      if (attrs.keepDims) return [x.map((d, i) => (axes.has(i) ? 1 : d))];
      return [x.filter((_, i) => !axes.has(i))];
    },
  };
}

export const reduceMeanSpec = reduction('reduceMean', 'Mean over axes (all when absent).') as OpSpec<'reduceMean'>;
export const reduceMaxSpec = reduction('reduceMax', 'Max over axes (all when absent).') as OpSpec<'reduceMax'>;
export const reduceSumSpec = reduction('reduceSum', 'Sum over axes (all when absent).') as OpSpec<'reduceSum'>;

export const softmaxSpec: OpSpec<'softmax'> = {
  name: 'softmax',
  summary: 'softmax(x / temperature) along axis, computed stably.',
  inputs: slots('x'),
  defaults: { axis: -1, temperature: 1 },
  attrKinds: { axis: kinds.integer, temperature: kinds.positiveNumber },
  infer({ x }, attrs) {
    checkAxis('softmax', 'axis', attrs.axis, x.length);
    return [x];
  },
};
