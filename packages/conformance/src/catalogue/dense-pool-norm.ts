/** dense, global and windowed pooling, batchNorm. */
import { activations } from '@dcnn/core';
import { check, rejects, t } from './define.js';
import { uniform } from './generators.js';
import type { OpCaseSpec } from './types.js';

const pool = (op: 'avgPool2d' | 'maxPool2d', variant: string, x: number[], attrs: Record<string, unknown>): OpCaseSpec =>
  check(op, variant, { x: t(x) }, attrs);

const poolVariants = (op: 'avgPool2d' | 'maxPool2d'): OpCaseSpec[] => [
  pool(op, 'k2-s2', [2, 3, 8, 8], { kernel: [2, 2], strides: [2, 2] }),
  pool(op, 'k3-s2-pad1', [1, 5, 9, 7], { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
  pool(op, 'k3-s1-asym-pads', [1, 3, 6, 6], { kernel: [3, 3], pads: [0, 1, 2, 1] }),
  pool(op, 'k3x2-s3x1', [2, 2, 10, 7], { kernel: [3, 2], strides: [3, 1] }),
  pool(op, 'ceil-mode', [1, 3, 8, 8], { kernel: [3, 3], strides: [2, 2], ceilMode: true }),
  pool(op, 'ceil-mode-last-window-on-pad', [1, 2, 6, 6], { kernel: [3, 3], strides: [3, 3], pads: [1, 1, 1, 1], ceilMode: true }),
  pool(op, 'dilation-2', [1, 3, 9, 9], { kernel: [2, 2], dilations: [2, 2] }),
  pool(op, 'dilation-ceil', [1, 2, 8, 9], { kernel: [3, 2], dilations: [2, 2], strides: [2, 2], ceilMode: true }),
  // A window longer than the input still gives one output under ceilMode (ONNX, PyTorch).
  pool(op, 'ceil-window-longer-than-input', [2, 3, 2, 3], { kernel: [3, 4], strides: [2, 2], ceilMode: true }),
  pool(op, 'image-1x1-pad1', [2, 3, 1, 1], { kernel: [3, 3], pads: [1, 1, 1, 1] }),
  pool(op, 'kernel-equals-image', [1, 7, 5, 4], { kernel: [5, 4] }),
];

export const densePoolNormCases: OpCaseSpec[] = [
  check('dense', 'basic', { x: t([3, 5]), w: t([4, 5]) }),
  check('dense', 'bias', { x: t([2, 7]), w: t([6, 7]), b: t([6]) }),
  check('dense', 'n1-f1', { x: t([1, 1]), w: t([3, 1]), b: t([3]) }),
  check('dense', 'wide-f37-o13', { x: t([5, 37]), w: t([13, 37]), b: t([13]) }),
  ...activations.map((activation) => check('dense', `activation-${activation}`, { x: t([3, 6]), w: t([5, 6]), b: t([5]) }, { activation })),
  rejects('dense', 'features', 'ShapeError', { x: t([2, 5]), w: t([3, 4]) }),
  rejects('dense', 'x-rank3', 'ShapeError', { x: t([2, 5, 1]), w: t([3, 5]) }),
  rejects('dense', 'bias-shape', 'ShapeError', { x: t([2, 5]), w: t([3, 5]), b: t([5]) }),
  rejects('dense', 'unknown-activation', 'AttributeError', { x: t([2, 5]), w: t([3, 5]) }, { activation: 'softplus' }),

  check('globalAvgPool', 'basic', { x: t([2, 5, 6, 7]) }),
  check('globalAvgPool', 'image-1x1', { x: t([3, 7, 1, 1]) }),
  check('globalAvgPool', 'tall', { x: t([1, 3, 17, 2]) }),
  // The mean of no elements is NaN (docs/spec-decisions.md).
  check('globalAvgPool', 'empty-plane', { x: t([1, 2, 0, 3]) }),
  check('globalMaxPool', 'basic', { x: t([2, 5, 6, 7]) }),
  check('globalMaxPool', 'image-1x1', { x: t([3, 7, 1, 1]) }),
  check('globalMaxPool', 'wide', { x: t([1, 3, 2, 19]) }),
  rejects('globalAvgPool', 'x-rank3', 'ShapeError', { x: t([2, 5, 6]) }),
  rejects('globalMaxPool', 'x-rank5', 'ShapeError', { x: t([1, 2, 5, 6, 1]) }),

  ...poolVariants('avgPool2d'),
  pool('avgPool2d', 'count-include-pad', [1, 3, 7, 7], { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true }),
  pool('avgPool2d', 'count-include-pad-ceil', [1, 2, 6, 7], { kernel: [3, 3], strides: [2, 2], pads: [1, 0, 1, 1], ceilMode: true, countIncludePad: true }),
  ...poolVariants('maxPool2d'),
  rejects('maxPool2d', 'kernel-zero', 'AttributeError', { x: t([1, 3, 5, 5]) }, { kernel: [0, 2] }),
  rejects('avgPool2d', 'negative-pad', 'AttributeError', { x: t([1, 3, 5, 5]) }, { kernel: [2, 2], pads: [-1, 0, 0, 0] }),
  rejects('maxPool2d', 'output-size-zero', 'ShapeError', { x: t([1, 3, 2, 2]) }, { kernel: [3, 3] }),
  rejects('avgPool2d', 'x-rank3', 'ShapeError', { x: t([3, 5, 5]) }, { kernel: [2, 2] }),
  rejects('avgPool2d', 'ceil-mode-not-boolean', 'AttributeError', { x: t([1, 3, 5, 5]) }, { kernel: [2, 2], ceilMode: 1 }),

  check('batchNorm', 'nchw', { x: t([2, 5, 4, 3]), scale: t([5]), bias: t([5]), mean: t([5]), var: t([5], uniform(0.1, 2)) }),
  check('batchNorm', 'nc', { x: t([4, 7]), scale: t([7]), bias: t([7]), mean: t([7]), var: t([7], uniform(0.1, 2)) }),
  check('batchNorm', 'epsilon-0.1', { x: t([1, 3, 5, 5]), scale: t([3]), bias: t([3]), mean: t([3]), var: t([3], uniform(0, 0.2)) }, { epsilon: 0.1 }),
  check('batchNorm', 'image-1x1', { x: t([3, 6, 1, 1]), scale: t([6]), bias: t([6]), mean: t([6]), var: t([6], uniform(0.1, 2)) }),
  rejects('batchNorm', 'scale-shape', 'ShapeError', { x: t([2, 5, 4, 3]), scale: t([4]), bias: t([5]), mean: t([5]), var: t([5]) }),
  rejects('batchNorm', 'negative-epsilon', 'AttributeError', { x: t([2, 5]), scale: t([5]), bias: t([5]), mean: t([5]), var: t([5]) }, { epsilon: -1 }),
];
