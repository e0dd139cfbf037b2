import { describe, expect, it } from 'vitest';
import { ops } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { naivePool } from './support/naive-pool.js';
import { rand, read, t } from './support/values.js';

const x16 = Array.from({ length: 16 }, (_, i) => i + 1); // 1..16 as a 4x4 image

describe('global pooling', () => {
  it('globalAvgPool and globalMaxPool over H and W, per sample and channel', async () => {
    // N=2, C=3, 2x2 planes: plane k holds [k, 2k, 3k, -k] -> mean 1.25k, max 3k (k = 1..6).
    const values = Array.from({ length: 6 }, (_, i) => [i + 1, 2 * (i + 1), 3 * (i + 1), -(i + 1)]).flat();
    const x = t(values, [2, 3, 2, 2]);
    const avg = ops.globalAvgPool({ x });
    const max = ops.globalMaxPool({ x });
    expect(avg.shape).toEqual([2, 3, 1, 1]);
    expect(max.shape).toEqual([2, 3, 1, 1]);
    expect(await read(avg)).toEqual([1, 2, 3, 4, 5, 6].map((k) => 1.25 * k));
    expect(await read(max)).toEqual([1, 2, 3, 4, 5, 6].map((k) => 3 * k));
  });

  it('globalMaxPool of an all-negative plane is its largest value, not 0', async () => {
    expect(await read(ops.globalMaxPool({ x: t([-3, -1, -2, -5], [1, 1, 2, 2]) }))).toEqual([-1]);
  });
});

describe('maxPool2d / avgPool2d: hand-worked', () => {
  it('default attributes are a 1x1 window with stride 1 (identity)', async () => {
    const x = t(x16, [1, 1, 4, 4]);
    expect(await read(ops.maxPool2d({ x }))).toEqual(x16);
    expect(await read(ops.avgPool2d({ x }))).toEqual(x16);
  });

  it('2x2 stride 2', async () => {
    // windows {1,2,5,6} {3,4,7,8} {9,10,13,14} {11,12,15,16}
    const x = t(x16, [1, 1, 4, 4]);
    expect(await read(ops.maxPool2d({ x }, { kernel: [2, 2], strides: [2, 2] }))).toEqual([6, 8, 14, 16]);
    expect(await read(ops.avgPool2d({ x }, { kernel: [2, 2], strides: [2, 2] }))).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it('ceilMode adds a partial window (ONNX maxpool_2d_ceil)', async () => {
    // kernel 3, stride 2 on 4x4: floor gives 1x1, ceil gives 2x2; the extra windows overhang.
    const x = t(x16, [1, 1, 4, 4]);
    const floor = ops.maxPool2d({ x }, { kernel: [3, 3], strides: [2, 2] });
    const ceil = ops.maxPool2d({ x }, { kernel: [3, 3], strides: [2, 2], ceilMode: true });
    expect(await read(floor)).toEqual([11]);
    expect(ceil.shape).toEqual([1, 1, 2, 2]);
    expect(await read(ceil)).toEqual([11, 12, 15, 16]);
    // The overhang never counts, even with countIncludePad (there is no explicit padding):
    // (0,0) 1,2,3,5,6,7,9,10,11 -> 6;  (0,1) 3,4,7,8,11,12 -> 7.5;
    // (1,0) 9,10,11,13,14,15 -> 12;    (1,1) 11,12,15,16 -> 13.5
    const avg = ops.avgPool2d({ x }, { kernel: [3, 3], strides: [2, 2], ceilMode: true, countIncludePad: true });
    expect(await read(avg)).toEqual([6, 7.5, 12, 13.5]);
  });

  it('ceilMode gives one window when the window is longer than the input (ONNX, PyTorch)', async () => {
    // 2x2 input, kernel 3, stride 2: ceil((2 - 3) / 2 + 1) = 1 output; the window overhangs by 1.
    const x = t([1, 5, 3, 2], [1, 1, 2, 2]);
    const attrs = { kernel: [3, 3] as [number, number], strides: [2, 2] as [number, number], ceilMode: true };
    expect(await read(ops.maxPool2d({ x }, attrs))).toEqual([5]);
    expect(await read(ops.avgPool2d({ x }, attrs))).toEqual([2.75]);
    expect(await read(ops.avgPool2d({ x }, { ...attrs, countIncludePad: true }))).toEqual([2.75]);
    // 1x1 input, kernel 3, stride 3: likewise one output.
    expect(await read(ops.maxPool2d({ x: t([7], [1, 1, 1, 1]) }, { kernel: [3, 3], strides: [3, 3], ceilMode: true }))).toEqual([7]);
    // Without ceilMode there is no window: an error.
    expect(() => ops.maxPool2d({ x }, { kernel: [3, 3], strides: [2, 2] })).toThrow(/positive output size/);
  });

  it('a kernel far larger than the input visits only the taps that land on it', async () => {
    // kernel 1e6 x 1e6 over pads of 5e5: one window; before, 1e12 taps per output (hours).
    const x = t([4], [1, 1, 1, 1]);
    const attrs = { kernel: [1e6, 1e6] as [number, number], strides: [1e6, 1e6] as [number, number], pads: [5e5, 5e5, 5e5, 5e5] as [number, number, number, number] };
    expect(await read(ops.maxPool2d({ x }, attrs))).toEqual([4]);
    expect(await read(ops.avgPool2d({ x }, attrs))).toEqual([4]);
    // countIncludePad: every tap of the window lies on the input or the explicit padding.
    expect(await read(ops.avgPool2d({ x }, { ...attrs, countIncludePad: true }))).toEqual([4 / 1e12]);
  });

  it('ceilMode drops a window that would start in the right padding', async () => {
    // Row [1 2 3 4 5], kernel [1,2], stride [1,2], pads left = right = 1.
    // span = 5 + 2 - 2 = 5: ceil gives 4 windows starting at cols -1, 1, 3, 5; col 5 is the right
    // padding, so that window is dropped and 3 remain: {pad,1} {2,3} {4,5}.
    const x = t([1, 2, 3, 4, 5], [1, 1, 1, 5]);
    const attrs = { kernel: [1, 2] as [number, number], strides: [1, 2] as [number, number], pads: [0, 1, 0, 1] as [number, number, number, number], ceilMode: true };
    const max = ops.maxPool2d({ x }, attrs);
    expect(max.shape).toEqual([1, 1, 1, 3]);
    expect(await read(max)).toEqual([1, 3, 5]);
    expect(await read(ops.avgPool2d({ x }, attrs))).toEqual([1, 2.5, 4.5]);
    expect(await read(ops.avgPool2d({ x }, { ...attrs, countIncludePad: true }))).toEqual([0.5, 2.5, 4.5]);
  });

  it('countIncludePad counts explicit padding but not the ceil-mode overhang', async () => {
    // Row [1..6], kernel [1,3], stride [1,2], pads left = right = 1, ceil: windows start at cols
    // -1, 1, 3, 5: {pad,1,2} {2,3,4} {4,5,6} {6,pad,beyond}.
    const x = t([1, 2, 3, 4, 5, 6], [1, 1, 1, 6]);
    const attrs = { kernel: [1, 3] as [number, number], strides: [1, 2] as [number, number], pads: [0, 1, 0, 1] as [number, number, number, number], ceilMode: true };
    expect(await read(ops.avgPool2d({ x }, { ...attrs, countIncludePad: true }))).toEqual([1, 3, 5, 3]);
    expect(await read(ops.avgPool2d({ x }, attrs))).toEqual([1.5, 3, 5, 6]);
    expect(await read(ops.maxPool2d({ x }, attrs))).toEqual([2, 4, 6, 6]);
    // Without ceil the last window is gone.
    expect(await read(ops.maxPool2d({ x }, { ...attrs, ceilMode: false }))).toEqual([2, 4, 6]);
  });

  it('maxPool2d dilations', async () => {
    // Row [1 5 2 4 3], kernel [1,2], dilation [1,2]: windows {x0,x2} {x1,x3} {x2,x4}
    const x = t([1, 5, 2, 4, 3], [1, 1, 1, 5]);
    expect(await read(ops.maxPool2d({ x }, { kernel: [1, 2], dilations: [1, 2] }))).toEqual([2, 5, 3]);
  });

  it('NaN in a window propagates through max and average pooling', async () => {
    // 2x2 stride 2 windows of a 2x4 image: {1, NaN, 5, 6} and {3, 4, 7, 8}
    const x = t([1, NaN, 3, 4, 5, 6, 7, 8], [1, 1, 2, 4]);
    const attrs = { kernel: [2, 2] as [number, number], strides: [2, 2] as [number, number] };
    expect(await read(ops.maxPool2d({ x }, attrs))).toEqual([NaN, 8]);
    expect(await read(ops.avgPool2d({ x }, attrs))).toEqual([NaN, 5.5]);
    expect(await read(ops.globalMaxPool({ x }))).toEqual([NaN]);
    expect(await read(ops.globalAvgPool({ x }))).toEqual([NaN]);
  });

  it('maxPool2d: padding never wins over negative values', async () => {
    const x = t([-1, -2, -3, -4], [1, 1, 2, 2]);
    expect(await read(ops.maxPool2d({ x }, { kernel: [2, 2], pads: [1, 1, 1, 1] }))).toEqual([-1, -1, -2, -1, -1, -2, -3, -3, -4]);
  });
});

describe('pooling against an independent canvas implementation', () => {
  const configs = [
    { name: 'k3 s2 p1, batch 2, C=3', shape: [2, 3, 7, 6], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
    { name: 'asymmetric pads and strides, ceil', shape: [1, 5, 8, 9], kernel: [2, 3], strides: [3, 2], pads: [0, 1, 1, 2], ceilMode: true },
    { name: 'ceil with overhang, C=5', shape: [2, 5, 6, 7], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 0, 0], ceilMode: true },
    { name: 'dilations 2, ceil', shape: [1, 2, 9, 9], kernel: [2, 3], strides: [2, 2], dilations: [2, 2], pads: [1, 1, 1, 1], ceilMode: true },
  ] as const;

  for (const kind of ['max', 'avg'] as const) {
    for (const countIncludePad of kind === 'avg' ? [false, true] : [false]) {
      it.each(configs)(`${kind}Pool2d${countIncludePad ? ' countIncludePad' : ''}: $name`, async (cfg) => {
        const x = rand([...cfg.shape], 121);
        const attrs = {
          kernel: [...cfg.kernel] as [number, number],
          strides: [...cfg.strides] as [number, number],
          pads: [...cfg.pads] as [number, number, number, number],
          dilations: 'dilations' in cfg ? ([...cfg.dilations] as [number, number]) : undefined,
          ceilMode: 'ceilMode' in cfg ? cfg.ceilMode : undefined,
        };
        const y = kind === 'max' ? ops.maxPool2d({ x: x.tensor }, attrs) : ops.avgPool2d({ x: x.tensor }, { ...attrs, countIncludePad });
        const expected = naivePool({ x: x.values, shape: [...cfg.shape], kind, countIncludePad, ...attrs });
        expect(y.shape).toEqual(expected.shape);
        expectClose(await read(y), expected.y);
      });
    }
  }
});
