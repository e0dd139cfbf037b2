import { describe, expect, it } from 'vitest';
import { ops } from '../src/index.js';
import { rand, read, t } from './support/values.js';

describe('concat', () => {
  const a = () => t([1, 2, 3, 4], [2, 2]);
  const b = () => t([5, 6], [1, 2]);
  const c = () => t([7, 8, 9, 10, 11, 12], [2, 3]);

  it('axis 0 (the default) stacks rows', async () => {
    const y = ops.concat({ xs: [a(), b()] });
    expect(y.shape).toEqual([3, 2]);
    expect(await read(y)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('axis 1 and axis -1 join rows side by side, three inputs', async () => {
    // [1 2 | 7 8 9 | 1 2]
    // [3 4 | 10 11 12 | 3 4]
    for (const axis of [1, -1]) {
      const y = ops.concat({ xs: [a(), c(), a()] }, { axis });
      expect(y.shape).toEqual([2, 7]);
      expect(await read(y)).toEqual([1, 2, 7, 8, 9, 1, 2, 3, 4, 10, 11, 12, 3, 4]);
    }
  });

  it('a single input and an empty piece', async () => {
    expect(await read(ops.concat({ xs: [a()] }))).toEqual([1, 2, 3, 4]);
    const y = ops.concat({ xs: [t([], [0, 2]), a()] });
    expect(y.shape).toEqual([2, 2]);
    expect(await read(y)).toEqual([1, 2, 3, 4]);
  });
});

describe('split', () => {
  it('axis 1 of [2,3] into sizes [1, 2]', async () => {
    // [1 2 3; 4 5 6] -> [1; 4] and [2 3; 5 6]
    const [y0, y1] = ops.split({ x: t([1, 2, 3, 4, 5, 6], [2, 3]) }, { axis: 1, sizes: [1, 2] });
    expect(y0.shape).toEqual([2, 1]);
    expect(y1.shape).toEqual([2, 2]);
    expect(await read(y0)).toEqual([1, 4]);
    expect(await read(y1)).toEqual([2, 3, 5, 6]);
  });

  it('default axis 0, a zero-size piece, negative axis', async () => {
    const x = t([1, 2, 3, 4, 5, 6], [3, 2]);
    const parts = ops.split({ x }, { sizes: [2, 0, 1] });
    expect(parts.map((p) => p.shape)).toEqual([[2, 2], [0, 2], [1, 2]]);
    expect(await read(parts[0])).toEqual([1, 2, 3, 4]);
    expect(await read(parts[2])).toEqual([5, 6]);
    const cols = ops.split({ x }, { axis: -1, sizes: [1, 1] });
    expect(await read(cols[1])).toEqual([2, 4, 6]);
  });

  it('split then concat is the identity on a rank-4 tensor', async () => {
    const x = rand([2, 5, 3, 2], 181);
    const parts = ops.split({ x: x.tensor }, { axis: 1, sizes: [2, 1, 2] });
    expect(await read(ops.concat({ xs: parts }, { axis: 1 }))).toEqual(x.values);
  });
});

describe('reshape', () => {
  it('keeps the data, infers one -1', async () => {
    const x = t([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = ops.reshape({ x }, { shape: [3, -1] });
    expect(y.shape).toEqual([3, 2]);
    expect(await read(y)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ops.reshape({ x }, { shape: [-1] }).shape).toEqual([6]);
    expect(ops.reshape({ x }, { shape: [1, 6, 1] }).shape).toEqual([1, 6, 1]);
    expect(ops.reshape({ x }, { shape: [-1, 1, 2] }).shape).toEqual([3, 1, 2]);
  });
});

describe('transpose', () => {
  it('default perm reverses the axes', async () => {
    // [1 2 3; 4 5 6]ᵀ = [1 4; 2 5; 3 6]
    const y = ops.transpose({ x: t([1, 2, 3, 4, 5, 6], [2, 3]) });
    expect(y.shape).toEqual([3, 2]);
    expect(await read(y)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it.each([[[0, 2, 3, 1]], [[3, 2, 1, 0]], [[1, 0, 2, 3]], [[0, 1, 2, 3]], [null]])('rank 4 perm %j by coordinates', async (perm) => {
    const shape = [2, 3, 4, 5];
    const x = rand(shape, 191);
    const p = perm ?? [3, 2, 1, 0];
    const y = ops.transpose({ x: x.tensor }, { perm });
    const outShape = p.map((a) => shape[a]);
    expect(y.shape).toEqual(outShape);
    // y[i0,i1,i2,i3] = x[j] with j[p[k]] = i_k
    const expected: number[] = [];
    for (let i0 = 0; i0 < outShape[0]; i0++)
      for (let i1 = 0; i1 < outShape[1]; i1++)
        for (let i2 = 0; i2 < outShape[2]; i2++)
          for (let i3 = 0; i3 < outShape[3]; i3++) {
            const j = [0, 0, 0, 0];
            [i0, i1, i2, i3].forEach((v, k) => (j[p[k]] = v));
            expected.push(x.values[((j[0] * 3 + j[1]) * 4 + j[2]) * 5 + j[3]]);
          }
    expect(await read(y)).toEqual(expected);
  });

  it('NCHW -> NHWC -> NCHW round trip', async () => {
    const x = rand([2, 3, 2, 4], 192);
    const nhwc = ops.transpose({ x: x.tensor }, { perm: [0, 2, 3, 1] });
    expect(await read(ops.transpose({ x: nhwc }, { perm: [0, 3, 1, 2] }))).toEqual(x.values);
  });
});
