/** Reductions over every axis combination, softmax, and the shape ops. */
import { check, rejects, t } from './define.js';
import { normal, uniform } from './generators.js';
import type { OpCaseSpec } from './types.js';

const reductions = ['reduceMean', 'reduceMax', 'reduceSum'] as const;
const axesVariants: (number[] | null)[] = [[0], [1], [2], [3], [-1], [-3], [1, 2], [2, 3], [0, 3], [0, 1, 2, 3], null];

function reductionCases(op: (typeof reductions)[number]): OpCaseSpec[] {
  const name = (axes: number[] | null) => (axes ? axes.join('_') : 'all');
  // Sums and means of zero-mean data can cancel to nearly 0, where a float32 backend's honest
  // rounding becomes a large relative error; a positive mean keeps the check about the kernel.
  const gen = op === 'reduceMax' ? normal() : uniform(-0.5, 1.5);
  const x = (shape: number[]) => t(shape, gen);
  return [
    ...axesVariants.flatMap((axes) => [
      check(op, `axes-${name(axes)}-keep`, { x: x([2, 3, 4, 5]) }, { axes, keepDims: true }),
      check(op, `axes-${name(axes)}-drop`, { x: x([2, 3, 4, 5]) }, { axes, keepDims: false }),
    ]),
    check(op, 'rank2-axis1', { x: x([7, 9]) }, { axes: [1] }),
    check(op, 'vector', { x: x([13]) }, { axes: [0], keepDims: false }),
    check(op, 'cbam-channel-axis', { x: x([2, 5, 6, 6]) }, { axes: [1] }),
    // Over an empty axis: the mean of nothing is NaN, the sum 0, the max -Infinity (docs/spec-decisions.md).
    check(op, 'empty-axis', { x: t([2, 0, 3]) }, { axes: [1] }),
    rejects(op, 'axis-out-of-range', 'AttributeError', { x: t([2, 3, 4]) }, { axes: [3] }),
    rejects(op, 'axis-below-range', 'AttributeError', { x: t([2, 3, 4]) }, { axes: [-4] }),
    rejects(op, 'duplicate-axes', 'AttributeError', { x: t([2, 3, 4]) }, { axes: [1, -2] }),
  ];
}

export const reduceShapeCases: OpCaseSpec[] = [
  ...reductions.flatMap(reductionCases),
  ...[-1, 0, 1, 2, 3].map((axis) => check('softmax', `axis${axis}`, { x: t([2, 3, 4, 5], normal(2)) }, { axis })),
  check('softmax', 'temperature-0.5', { x: t([4, 6], normal(2)) }, { temperature: 0.5 }),
  check('softmax', 'temperature-30', { x: t([2, 4], normal(2)) }, { axis: 1, temperature: 30 }),
  check('softmax', 'large-values', { x: t([3, 10], normal(300)) }),
  check('softmax', 'single-element-axis', { x: t([4, 1]) }, { axis: 1 }),
  rejects('softmax', 'axis-out-of-range', 'AttributeError', { x: t([2, 3]) }, { axis: 2 }),
  rejects('softmax', 'temperature-zero', 'AttributeError', { x: t([2, 3]) }, { temperature: 0 }),

  check('concat', 'axis1-three', { xs: [t([2, 3, 4, 4]), t([2, 1, 4, 4]), t([2, 5, 4, 4])] }, { axis: 1 }),
  check('concat', 'axis0', { xs: [t([1, 3, 2]), t([3, 3, 2])] }, { axis: 0 }),
  check('concat', 'axis-last-negative', { xs: [t([2, 3, 1]), t([2, 3, 6])] }, { axis: -1 }),
  check('concat', 'single-input', { xs: [t([2, 5])] }, { axis: 1 }),
  check('concat', 'cbam-pair', { xs: [t([2, 1, 5, 5]), t([2, 1, 5, 5])] }, { axis: 1 }),
  rejects('concat', 'dims-disagree', 'ShapeError', { xs: [t([2, 3, 4]), t([2, 3, 5])] }, { axis: 1 }),
  rejects('concat', 'ranks-disagree', 'ShapeError', { xs: [t([2, 3]), t([2, 3, 1])] }, { axis: 0 }),
  rejects('concat', 'axis-out-of-range', 'AttributeError', { xs: [t([2, 3]), t([2, 3])] }, { axis: 2 }),

  check('split', 'axis1', { x: t([2, 6, 3, 3]) }, { axis: 1, sizes: [1, 2, 3] }),
  check('split', 'axis-last-negative', { x: t([3, 7]) }, { axis: -1, sizes: [4, 3] }),
  check('split', 'axis0-single', { x: t([5, 2]) }, { axis: 0, sizes: [5] }),
  check('split', 'zero-size-piece', { x: t([2, 5]) }, { axis: 1, sizes: [2, 0, 3] }),
  rejects('split', 'sizes-sum', 'AttributeError', { x: t([2, 5]) }, { axis: 1, sizes: [2, 2] }),
  rejects('split', 'axis-out-of-range', 'AttributeError', { x: t([2, 5]) }, { axis: -3, sizes: [1, 1] }),

  check('reshape', 'flatten', { x: t([2, 3, 4]) }, { shape: [2, -1] }),
  check('reshape', 'to-vector', { x: t([2, 3, 4]) }, { shape: [24] }),
  check('reshape', 'add-unit-dims', { x: t([6, 4]) }, { shape: [1, 6, 1, 4, 1] }),
  check('reshape', 'infer-middle', { x: t([2, 3, 4, 5]) }, { shape: [4, -1, 5] }),
  rejects('reshape', 'two-minus-ones', 'AttributeError', { x: t([2, 3, 4]) }, { shape: [-1, -1] }),
  rejects('reshape', 'wrong-count', 'AttributeError', { x: t([2, 3, 4]) }, { shape: [5, 5] }),

  check('transpose', 'nchw-to-nhwc', { x: t([2, 3, 4, 5]) }, { perm: [0, 2, 3, 1] }),
  check('transpose', 'reverse-default', { x: t([2, 3, 4]) }),
  check('transpose', 'rank4-reverse', { x: t([2, 3, 4, 5]) }, { perm: [3, 2, 1, 0] }),
  check('transpose', 'matrix', { x: t([7, 3]) }, { perm: [1, 0] }),
  check('transpose', 'rank5', { x: t([2, 1, 3, 2, 2]) }, { perm: [4, 0, 3, 1, 2] }),
  rejects('transpose', 'not-a-permutation', 'AttributeError', { x: t([2, 3, 4]) }, { perm: [0, 0, 1] }),
  rejects('transpose', 'perm-length', 'AttributeError', { x: t([2, 3, 4]) }, { perm: [1, 0] }),
];
