import { describe, it } from 'vitest';
import { expectAgrees } from './helpers.js';
import { useGpu } from './setup.js';

const backend = useGpu();

describe('dense, pooling, normalisation on webgpu', () => {
  it('dense with bias and gelu', () => expectAgrees(backend(), 'dense', { x: [3, 37], w: [11, 37], b: [11] }, { activation: 'gelu' }));
  it('dense without bias, batch 1, wide', () => expectAgrees(backend(), 'dense', { x: [1, 300], w: [70, 300] }));
  it('globalAvgPool', () => expectAgrees(backend(), 'globalAvgPool', { x: [2, 5, 6, 7] }));
  it('globalMaxPool', () => expectAgrees(backend(), 'globalMaxPool', { x: [2, 5, 6, 7] }));
  it('globalAvgPool over a large plane (workgroup reduction)', () => expectAgrees(backend(), 'globalAvgPool', { x: [1, 3, 30, 31] }));
  // Each lane summed its 16384 values in one running f32 sum: relL2 1.5e-4 on a constant plane
  // (SPEC.md allows 1e-4 on GPUs); sums now go through partial sums of 64 values.
  it('means and sums over a 1024x1024 plane of one value stay within the tolerance', async () => {
    const data = new Float32Array(1024 * 1024).fill(0.1);
    await expectAgrees(backend(), 'globalAvgPool', { x: { shape: [1, 1, 1024, 1024], data } });
    await expectAgrees(backend(), 'reduceSum', { x: { shape: [64, 128, 128], data } }, { axes: [1, 2] });
  });
  it('maxPool2d with pads, dilation, ceil mode', () =>
    expectAgrees(backend(), 'maxPool2d', { x: [1, 2, 9, 8] }, { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 2], ceilMode: true }));
  it('avgPool2d excluding pads', () => expectAgrees(backend(), 'avgPool2d', { x: [2, 3, 7, 7] }, { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }));
  it('avgPool2d counting pads, ceil mode', () =>
    expectAgrees(backend(), 'avgPool2d', { x: [1, 2, 8, 7] }, { kernel: [3, 2], strides: [2, 2], pads: [1, 0, 1, 1], countIncludePad: true, ceilMode: true }));
  it('batchNorm', () => expectAgrees(backend(), 'batchNorm', {
    x: [2, 4, 3, 3], scale: [4], bias: [4], mean: [4], var: { shape: [4], data: Float32Array.from([0.5, 1, 2, 0.1]) },
  }, { epsilon: 1e-3 }));
});

describe('reductions and softmax on webgpu', () => {
  for (const op of ['reduceMean', 'reduceMax', 'reduceSum'] as const) {
    it(`${op} over channels (CBAM)`, () => expectAgrees(backend(), op, { x: [2, 6, 4, 5] }, { axes: [1] }));
    it(`${op} over non-adjacent axes, no keepDims`, () => expectAgrees(backend(), op, { x: [3, 4, 5, 6] }, { axes: [0, 2], keepDims: false }));
    it(`${op} over everything`, () => expectAgrees(backend(), op, { x: [7, 50] }));
    it(`${op} over a long last axis`, () => expectAgrees(backend(), op, { x: [3, 1000] }, { axes: [-1] }));
  }
  it('softmax on the last axis with temperature', () => expectAgrees(backend(), 'softmax', { x: [4, 9] }, { temperature: 0.5 }));
  it('softmax on a middle axis', () => expectAgrees(backend(), 'softmax', { x: [2, 5, 3] }, { axis: 1 }));
  // x·(1/T) overflowed before the max was subtracted, and NaN or +∞ rows came out partly finite.
  it('softmax of values near the float32 limit, tiny temperatures and non-finite rows', async () => {
    const rows = [[2e38, 0, 1e38], [1e30, 0, 5e29], [NaN, 1, 2], [Infinity, 1, 2], [-Infinity, -Infinity, -Infinity], [3, -Infinity, 1]];
    const x = { shape: [rows.length, 3], data: Float32Array.from(rows.flat()) };
    for (const temperature of [0.5, 1e-10, 1e-39, 1]) await expectAgrees(backend(), 'softmax', { x }, { temperature });
  });
});

describe('shape ops on webgpu', () => {
  it('concat on channels', () => expectAgrees(backend(), 'concat', { xs: { list: [[2, 3, 4, 4], [2, 1, 4, 4], [2, 2, 4, 4]] } }, { axis: 1 }));
  it('concat on the first axis', () => expectAgrees(backend(), 'concat', { xs: { list: [[1, 3], [2, 3]] } }, { axis: 0 }));
  it('concat on the last axis', () => expectAgrees(backend(), 'concat', { xs: { list: [[2, 3, 2], [2, 3, 5]] } }, { axis: -1 }));
  it('split', () => expectAgrees(backend(), 'split', { x: [2, 6, 3] }, { axis: 1, sizes: [1, 3, 2] }));
  it('split on the first axis', () => expectAgrees(backend(), 'split', { x: [5, 4] }, { axis: 0, sizes: [2, 3] }));
  it('reshape', () => expectAgrees(backend(), 'reshape', { x: [2, 3, 4] }, { shape: [6, -1] }));
  it('transpose', () => expectAgrees(backend(), 'transpose', { x: [2, 3, 4, 5] }, { perm: [0, 2, 3, 1] }));
  it('transpose reversing axes', () => expectAgrees(backend(), 'transpose', { x: [3, 4, 5] }));
});
