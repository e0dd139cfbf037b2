import { describe, expect, it } from 'vitest';
import { ops, type Tensor } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { rand, read, t } from './support/values.js';

/**
 * NumPy broadcasting by unravelling each output index and wrapping it into each input with a
 * modulo (a size-1 dim maps every index to 0). The reference walks strides instead.
 */
function naiveBroadcast(a: number[], aShape: number[], b: number[], bShape: number[], f: (p: number, q: number) => number) {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (s: number[]) => [...Array(rank - s.length).fill(1), ...s];
  const [pa, pb] = [pad(aShape), pad(bShape)];
  const out = pa.map((d, i) => Math.max(d, pb[i]));
  const flat = (idx: number[], shape: number[]) => idx.reduce((acc, v, i) => acc * shape[i] + (v % shape[i]), 0);
  const y: number[] = [];
  const total = out.reduce((p, d) => p * d, 1);
  for (let e = 0; e < total; e++) {
    const idx: number[] = [];
    let rest = e;
    for (let i = rank - 1; i >= 0; i--) {
      idx.unshift(rest % out[i]);
      rest = Math.floor(rest / out[i]);
    }
    y.push(f(a[flat(idx, pa)], b[flat(idx, pb)]));
  }
  return { y, shape: out };
}

const binaryOps: Record<string, [(a: Tensor, b: Tensor) => Tensor, (p: number, q: number) => number]> = {
  add: [(a, b) => ops.add({ a, b }), (p, q) => p + q],
  sub: [(a, b) => ops.sub({ a, b }), (p, q) => p - q],
  mul: [(a, b) => ops.mul({ a, b }), (p, q) => p * q],
  div: [(a, b) => ops.div({ a, b }), (p, q) => p / q],
};

describe('binary ops: hand-worked', () => {
  it('column [2,1] against row [3] broadcasts to [2,3]', async () => {
    // [[1],[2]] + [10, 20, 30] = [[11, 21, 31], [12, 22, 32]]
    const y = ops.add({ a: t([1, 2], [2, 1]), b: t([10, 20, 30], [3]) });
    expect(y.shape).toEqual([2, 3]);
    expect(await read(y)).toEqual([11, 21, 31, 12, 22, 32]);
  });

  it('sub and div are not commutative; division by zero follows IEEE', async () => {
    const a = t([6, -3, 0, 1], [4]);
    const b = t([2], [1]);
    expect(await read(ops.sub({ a, b }))).toEqual([4, -5, -2, -1]);
    expect(await read(ops.sub({ a: b, b: a }))).toEqual([-4, 5, 2, 1]);
    expect(await read(ops.div({ a, b }))).toEqual([3, -1.5, 0, 0.5]);
    expect(await read(ops.div({ a, b: t([0, 0, 0, -0], [4]) }))).toEqual([Infinity, -Infinity, NaN, -Infinity]);
  });
});

describe('binary ops: broadcasting against index arithmetic', () => {
  const pairs: [number[], number[]][] = [
    [[2, 3, 4], [2, 3, 4]],
    [[2, 3, 4], [4]],
    [[2, 1, 4], [3, 1]],
    [[1], [2, 5]],
    [[2, 3, 1, 5], [3, 4, 1]],
    [[], [3, 2]],
    [[1, 3, 1], [2, 1, 1, 4]],
    [[2, 5, 3, 3], [1, 5, 1, 1]],
  ];
  for (const [name, [run, f]] of Object.entries(binaryOps)) {
    it.each(pairs)(`${name} %j with %j`, async (aShape, bShape) => {
      const a = rand(aShape, 151);
      // Keep divisors away from zero.
      const b = rand(bShape, 152);
      const bValues = name === 'div' ? b.values.map((v) => (v === 0 ? 0.5 : v)) : b.values;
      const bTensor = name === 'div' ? t(bValues, bShape) : b.tensor;
      const y = run(a.tensor, bTensor);
      const expected = naiveBroadcast(a.values, aShape, bValues, bShape, f);
      expect(y.shape).toEqual(expected.shape);
      expectClose(await read(y), expected.y);
      // Swapped operands broadcast to the same shape.
      expect(run(bTensor, a.tensor).shape).toEqual(expected.shape);
    });
  }
});
