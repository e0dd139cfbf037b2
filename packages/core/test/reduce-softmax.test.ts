import { describe, expect, it } from 'vitest';
import { ops, type Tensor } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { rand, read, t } from './support/values.js';

type Kind = 'mean' | 'max' | 'sum';
const reducers: Record<Kind, (x: Tensor, axes?: number[] | null, keepDims?: boolean) => Tensor> = {
  mean: (x, axes, keepDims) => ops.reduceMean({ x }, { axes, keepDims }),
  max: (x, axes, keepDims) => ops.reduceMax({ x }, { axes, keepDims }),
  sum: (x, axes, keepDims) => ops.reduceSum({ x }, { axes, keepDims }),
};

/** For each output cell, scans the whole input for the elements that agree on the kept axes. */
function naiveReduce(x: number[], shape: number[], axes: number[], kind: Kind): number[] {
  const kept = shape.map((_, i) => !axes.includes(i));
  const coords = (e: number) => {
    const c: number[] = [];
    for (let i = shape.length - 1; i >= 0; i--) {
      c.unshift(e % shape[i]);
      e = Math.floor(e / shape[i]);
    }
    return c;
  };
  const outCount = shape.reduce((p, d, i) => (kept[i] ? p * d : p), 1);
  const groups: number[][] = Array.from({ length: outCount }, () => []);
  x.forEach((v, e) => {
    const c = coords(e);
    const key = c.reduce((acc, ci, i) => (kept[i] ? acc * shape[i] + ci : acc), 0);
    groups[key].push(v);
  });
  return groups.map((g) => (kind === 'max' ? Math.max(...g) : kind === 'sum' ? g.reduce((s, v) => s + v, 0) : g.reduce((s, v) => s + v, 0) / g.length));
}

describe('reductions: hand-worked', () => {
  // x = 1 2 3
  //     4 5 6
  const x = () => t([1, 2, 3, 4, 5, 6], [2, 3]);
  it('sum, mean, max over axis 0 and axis -1', async () => {
    expect(await read(ops.reduceSum({ x: x() }, { axes: [0] }))).toEqual([5, 7, 9]);
    expect(await read(ops.reduceSum({ x: x() }, { axes: [-1] }))).toEqual([6, 15]);
    expect(await read(ops.reduceMean({ x: x() }, { axes: [1] }))).toEqual([2, 5]);
    expect(await read(ops.reduceMax({ x: x() }, { axes: [0] }))).toEqual([4, 5, 6]);
  });
  it('default: every axis, keepDims true', async () => {
    const y = ops.reduceMean({ x: x() });
    expect(y.shape).toEqual([1, 1]);
    expect(await read(y)).toEqual([3.5]);
    expect(await read(ops.reduceMax({ x: x() }))).toEqual([6]);
    expect(await read(ops.reduceSum({ x: x() }))).toEqual([21]);
  });
  it('empty axes reduce every axis, like absent axes (docs/spec-decisions.md)', async () => {
    const y = ops.reduceSum({ x: x() }, { axes: [] });
    expect(y.shape).toEqual([1, 1]);
    expect(await read(y)).toEqual([21]);
    expect(ops.reduceMax({ x: x() }, { axes: [], keepDims: false }).shape).toEqual([]);
  });
  it('keepDims false drops the axes, down to a scalar', async () => {
    expect(ops.reduceSum({ x: x() }, { axes: [1], keepDims: false }).shape).toEqual([2]);
    const all = ops.reduceSum({ x: x() }, { keepDims: false });
    expect(all.shape).toEqual([]);
    expect(await read(all)).toEqual([21]);
  });
  it('NaN propagates through every reduction', async () => {
    const x = () => t([1, NaN, 3, 4, 5, 6], [2, 3]);
    expect(await read(ops.reduceMax({ x: x() }, { axes: [1] }))).toEqual([NaN, 6]);
    expect(await read(ops.reduceSum({ x: x() }, { axes: [0] }))).toEqual([5, NaN, 9]);
    expect(await read(ops.reduceMean({ x: x() }))).toEqual([NaN]);
  });
  it('reduceMax of all-negative values', async () => {
    expect(await read(ops.reduceMax({ x: t([-3, -1, -2], [3]) }))).toEqual([-1]);
  });
});

describe('reductions against a grouping scan, rank 4 [2,3,4,5]', () => {
  const shape = [2, 3, 4, 5];
  const axesCases: (number[] | null)[] = [[0], [1], [2], [3], [-1], [-4], [-3, -2], [1, 3], [0, 2, 3], [3, 0], null];
  for (const kind of ['mean', 'max', 'sum'] as const) {
    for (const keepDims of [true, false]) {
      it.each(axesCases.map((axes) => ({ axes, label: JSON.stringify(axes) })))(`${kind} axes $label keepDims ${keepDims}`, async ({ axes }) => {
        const x = rand(shape, 161);
        const y = reducers[kind](x.tensor, axes, keepDims);
        const norm = (axes ?? [0, 1, 2, 3]).map((a) => (a < 0 ? a + 4 : a));
        const outShape = keepDims ? shape.map((d, i) => (norm.includes(i) ? 1 : d)) : shape.filter((_, i) => !norm.includes(i));
        expect(y.shape).toEqual(outShape);
        expectClose(await read(y), naiveReduce(x.values, shape, norm, kind));
      });
    }
  }

  it('CBAM spatial attention: concat(reduceMean(x,[1]), reduceMax(x,[1])) along channels', async () => {
    const x = rand([2, 3, 2, 2], 162);
    const y = ops.concat({ xs: [ops.reduceMean({ x: x.tensor }, { axes: [1] }), ops.reduceMax({ x: x.tensor }, { axes: [1] })] }, { axis: 1 });
    expect(y.shape).toEqual([2, 2, 2, 2]);
    const mean = naiveReduce(x.values, [2, 3, 2, 2], [1], 'mean');
    const max = naiveReduce(x.values, [2, 3, 2, 2], [1], 'max');
    expectClose(await read(y), [...mean.slice(0, 4), ...max.slice(0, 4), ...mean.slice(4), ...max.slice(4)]);
  });
});

describe('softmax', () => {
  const softmaxOf = (v: number[]) => {
    const e = v.map((u) => Math.exp(u));
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((u) => u / s);
  };

  it('default axis -1 over the last dimension', async () => {
    const y = ops.softmax({ x: t([1, 2, 3, 0, 0, 0], [2, 3]) });
    expectClose(await read(y), [...softmaxOf([1, 2, 3]), 1 / 3, 1 / 3, 1 / 3], 1e-15, 1e-14);
  });

  it('temperature divides the logits: T = 2 on [2, 4, 6] is softmax([1, 2, 3])', async () => {
    const y = ops.softmax({ x: t([2, 4, 6], [1, 3]) }, { temperature: 2 });
    expectClose(await read(y), softmaxOf([1, 2, 3]), 1e-15, 1e-14);
    // A very low temperature approaches one-hot, a high one approaches uniform.
    const sharp = await read(ops.softmax({ x: t([1, 2, 3], [3]) }, { temperature: 0.01 }));
    // T = 0.01: logits 100, 200, 300 -> e^-200, e^-100, 1 after the shift.
    expect(sharp[2]).toBe(1);
    expect(sharp[0] / Math.exp(-200)).toBeCloseTo(1, 10);
    const flat = await read(ops.softmax({ x: t([1, 2, 3], [3]) }, { temperature: 1e6 }));
    for (const v of flat) expect(Math.abs(v - 1 / 3)).toBeLessThan(1e-6);
  });

  it('is computed stably: huge logits give the shifted result, no NaN', async () => {
    const y = ops.softmax({ x: t([1000, 1001, 1002], [3]) });
    expectClose(await read(y), softmaxOf([0, 1, 2]), 1e-15, 1e-14);
    // The shift is taken after dividing by the temperature: x/T = 2000, 2002, 2004 here.
    const sharp = ops.softmax({ x: t([1000, 1001, 1002], [3]) }, { temperature: 0.5 });
    expectClose(await read(sharp), softmaxOf([0, 2, 4]), 1e-15, 1e-14);
  });

  it.each([0, 1, 2, -2, -3])('axis %i of [2,3,4] against per-slice softmax', async (axis) => {
    const shape = [2, 3, 4];
    const x = rand(shape, 171);
    const y = await read(ops.softmax({ x: x.tensor }, { axis, temperature: 1.5 }));
    const ax = axis < 0 ? axis + 3 : axis;
    const strides = [12, 4, 1];
    const expected = new Array<number>(24);
    // Every line along `ax`: start at each index whose `ax` coordinate is 0.
    for (let e = 0; e < 24; e++) {
      if (Math.floor(e / strides[ax]) % shape[ax] !== 0) continue;
      const idx = Array.from({ length: shape[ax] }, (_, k) => e + k * strides[ax]);
      softmaxOf(idx.map((i) => x.values[i] / 1.5)).forEach((v, k) => (expected[idx[k]] = v));
    }
    expectClose(y, expected, 1e-15, 1e-13);
  });
});
