import { describe, expect, it } from 'vitest';
import { ops } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { activationNames, naiveActivations } from './support/naive-math.js';
import { rand, read, seeded, seededPositive, t } from './support/values.js';

describe('dense', () => {
  it('hand-worked x · wᵀ + b', async () => {
    // x = [1 2 3; -1 0 2], w = [1 0 1; 2 1 0] (O=2, F=3), b = [0.5, -1]
    // row 0: 1+3 = 4 -> 4.5;  2+2 = 4 -> 3.   row 1: -1+2 = 1 -> 1.5;  -2+0 = -2 -> -3
    const y = ops.dense({ x: t([1, 2, 3, -1, 0, 2], [2, 3]), w: t([1, 0, 1, 2, 1, 0], [2, 3]), b: t([0.5, -1], [2]) });
    expect(y.shape).toEqual([2, 2]);
    expect(await read(y)).toEqual([4.5, 3, 1.5, -3]);
  });

  it.each(activationNames)('batch 3, F=5, O=7, activation %s, with and without bias', async (activation) => {
    const x = t(seeded(15, 131, 3), [3, 5]);
    const xv = Array.from(await x.data64());
    const w = rand([7, 5], 132);
    const b = rand([7], 133);
    const act = naiveActivations[activation];
    for (const withBias of [false, true]) {
      const y = ops.dense({ x, w: w.tensor, b: withBias ? b.tensor : undefined }, { activation: activation as never });
      const expected: number[] = [];
      for (let r = 0; r < 3; r++) {
        for (let o = 0; o < 7; o++) {
          let dot = withBias ? b.values[o] : 0;
          for (let f = 0; f < 5; f++) dot += xv[r * 5 + f] * w.values[o * 5 + f];
          expected.push(act(dot));
        }
      }
      expectClose(await read(y), expected, 1e-10, 1e-10);
    }
  });
});

describe('batchNorm', () => {
  it('hand-worked with an explicit epsilon', async () => {
    // channel 0: (x - 1) / sqrt(3 + 1) · 2 + 0.5 -> x = 1: 0.5, x = 3: 2.5
    // channel 1: (x - 0) / sqrt(0 + 1) · -1 + 0 -> x = 4: -4, x = -2: 2
    const y = ops.batchNorm(
      { x: t([1, 3, 4, -2], [1, 2, 2, 1]), scale: t([2, -1], [2]), bias: t([0.5, 0], [2]), mean: t([1, 0], [2]), var: t([3, 0], [2]) },
      { epsilon: 1 },
    );
    expect(await read(y)).toEqual([0.5, 2.5, -4, 2]);
  });

  it.each([
    [[4, 3]],
    [[2, 3, 5]],
    [[2, 5, 3, 4]],
    [[1, 3, 2, 2, 2]],
  ])('shape %j with the default epsilon 1e-5', async (shape) => {
    const c = shape[1];
    const x = rand(shape, 141);
    const [scale, bias, mean] = [rand([c], 142), rand([c], 143), rand([c], 144)];
    const variance = seededPositive(c, 145);
    const y = ops.batchNorm({ x: x.tensor, scale: scale.tensor, bias: bias.tensor, mean: mean.tensor, var: t(variance, [c]) });
    const inner = shape.slice(2).reduce((p, d) => p * d, 1);
    const expected = x.values.map((v, e) => {
      const ch = Math.floor(e / inner) % c;
      return scale.values[ch] * (v - mean.values[ch]) / Math.sqrt(variance[ch] + 1e-5) + bias.values[ch];
    });
    expectClose(await read(y), expected);
  });
});
