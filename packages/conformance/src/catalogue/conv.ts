/** conv2d: strides, asymmetric pads, dilations, groups, depthwise, per-sample kernels, epilogues. */
import { activations } from '@dcnn/core';
import { check, rejects, t } from './define.js';
import type { OpCaseSpec } from './types.js';

const conv = (variant: string, x: number[], w: number[], b: number[] | null, attrs: Record<string, unknown> = {}): OpCaseSpec =>
  check('conv2d', variant, b ? { x: t(x), w: t(w), b: t(b) } : { x: t(x), w: t(w) }, attrs);

export const convCases: OpCaseSpec[] = [
  conv('3x3', [1, 3, 7, 7], [5, 3, 3, 3], null),
  conv('3x3-pad1-bias', [1, 3, 6, 5], [4, 3, 3, 3], [4], { pads: [1, 1, 1, 1] }),
  conv('stride2-asym-pads', [2, 5, 9, 8], [6, 5, 3, 3], [6], { strides: [2, 2], pads: [1, 0, 2, 1] }),
  conv('stride-2x1', [1, 3, 8, 7], [4, 3, 3, 2], [4], { strides: [2, 1], pads: [0, 1, 1, 0] }),
  conv('dilation-2x3', [1, 3, 11, 12], [4, 3, 3, 3], [4], { dilations: [2, 3], pads: [2, 3, 2, 3] }),
  conv('stride-dilation-pad', [2, 4, 10, 9], [3, 4, 3, 2], [3], { strides: [2, 3], dilations: [2, 1], pads: [1, 2, 0, 1] }),
  conv('group2', [2, 6, 7, 7], [4, 3, 3, 3], [4], { group: 2, pads: [1, 1, 1, 1] }),
  conv('group3-uneven', [1, 9, 6, 6], [6, 3, 1, 3], [6], { group: 3 }),
  conv('depthwise', [2, 5, 8, 8], [5, 1, 3, 3], [5], { group: 5, pads: [1, 1, 1, 1] }),
  conv('depthwise-stride2', [1, 7, 9, 9], [7, 1, 3, 3], [7], { group: 7, strides: [2, 2], pads: [1, 1, 1, 1] }),
  conv('depthwise-multiplier2', [1, 3, 7, 6], [6, 1, 3, 3], [6], { group: 3, pads: [0, 1, 2, 1] }),
  conv('depthwise-multiplier3-5x5', [2, 4, 9, 9], [12, 1, 5, 5], null, { group: 4, pads: [2, 2, 2, 2], strides: [2, 2] }),
  conv('pointwise-c7', [3, 7, 5, 5], [13, 7, 1, 1], [13]),
  conv('kernel-1x3', [1, 3, 5, 8], [2, 3, 1, 3], [2], { pads: [0, 1, 0, 1] }),
  conv('kernel-5x2', [1, 2, 9, 6], [3, 2, 5, 2], null),
  conv('image-1x1-pad1', [2, 3, 1, 1], [5, 3, 3, 3], [5], { pads: [1, 1, 1, 1] }),
  conv('image-1x1-pointwise', [1, 6, 1, 1], [5, 6, 1, 1], [5]),
  conv('kernel-equals-image', [2, 3, 4, 5], [6, 3, 4, 5], [6]),
  conv('channels-17-to-11', [1, 17, 6, 6], [11, 17, 3, 3], [11], { pads: [1, 1, 1, 1] }),
  conv('batch4', [4, 3, 5, 5], [2, 3, 3, 3], [2], { pads: [1, 1, 1, 1] }),
  check('conv2d', 'per-sample', { x: t([3, 4, 6, 6]), w: t([3, 5, 4, 3, 3]), b: t([3, 5]) }, { pads: [1, 1, 1, 1] }),
  check('conv2d', 'per-sample-shared-bias', { x: t([2, 3, 5, 5]), w: t([2, 4, 3, 3, 3]), b: t([4]) }, { strides: [2, 2] }),
  check('conv2d', 'per-sample-group2', { x: t([2, 4, 7, 7]), w: t([2, 6, 2, 3, 3]) }, { group: 2, dilations: [2, 2], pads: [2, 2, 2, 2] }),
  check('conv2d', 'per-sample-depthwise', { x: t([2, 3, 6, 6]), w: t([2, 3, 1, 3, 3]), b: t([2, 3]) }, { group: 3, pads: [1, 1, 1, 1] }),
  ...activations.map((activation) =>
    conv(`activation-${activation}`, [1, 3, 6, 6], [5, 3, 3, 3], [5], { activation, pads: [1, 1, 1, 1] }),
  ),
  // Errors (SPEC.md): shapes disagreeing with the spec are ShapeError, bad attribute values AttributeError.
  rejects('conv2d', 'x-rank3', 'ShapeError', { x: t([3, 5, 5]), w: t([2, 3, 3, 3]) }),
  rejects('conv2d', 'w-rank3', 'ShapeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3]) }),
  rejects('conv2d', 'kernel-channels', 'ShapeError', { x: t([1, 4, 5, 5]), w: t([2, 3, 3, 3]) }),
  rejects('conv2d', 'c-not-divisible-by-group', 'ShapeError', { x: t([1, 5, 5, 5]), w: t([4, 2, 3, 3]) }, { group: 2 }),
  rejects('conv2d', 'm-not-divisible-by-group', 'ShapeError', { x: t([1, 4, 5, 5]), w: t([3, 2, 3, 3]) }, { group: 2 }),
  rejects('conv2d', 'output-size-zero', 'ShapeError', { x: t([1, 3, 2, 2]), w: t([2, 3, 3, 3]) }),
  rejects('conv2d', 'dilated-kernel-too-big', 'ShapeError', { x: t([1, 3, 4, 4]), w: t([2, 3, 3, 3]) }, { dilations: [2, 2] }),
  rejects('conv2d', 'bias-shape', 'ShapeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]), b: t([3]) }),
  rejects('conv2d', 'per-sample-batch', 'ShapeError', { x: t([2, 3, 5, 5]), w: t([3, 2, 3, 3, 3]) }),
  rejects('conv2d', 'per-sample-bias-shape', 'ShapeError', { x: t([2, 3, 5, 5]), w: t([2, 4, 3, 3, 3]), b: t([2, 3]) }),
  rejects('conv2d', 'stride-zero', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]) }, { strides: [0, 1] }),
  rejects('conv2d', 'negative-pad', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]) }, { pads: [0, -1, 0, 0] }),
  rejects('conv2d', 'pads-length', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]) }, { pads: [1, 1] }),
  rejects('conv2d', 'dilation-zero', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]) }, { dilations: [1, 0] }),
  rejects('conv2d', 'group-zero', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]) }, { group: 0 }),
  rejects('conv2d', 'unknown-activation', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]) }, { activation: 'swish' }),
  // Validated before anything is allocated: a 100001 x 100001 output is over 2^31 elements.
  rejects('conv2d', 'output-over-2e31-elements', 'UnsupportedError', { x: t([1, 1, 1, 1]), w: t([1, 1, 1, 1]) }, { pads: [50000, 50000, 50000, 50000] }),
  rejects('conv2d', 'unknown-attribute', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]) }, { padding: 1 }),
];
