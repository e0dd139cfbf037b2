import { describe, expect, it } from 'vitest';
import { activationFn, erf, erfc, ops, type Tensor } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { erfBySimpson, naiveActivations } from './support/naive-math.js';
import { read, t } from './support/values.js';

// erf values from CPython's math.erf (the C library's erf), an implementation unrelated to the
// reference's series / continued fraction.
const erfTable: [number, number][] = [
  [1, 0.8427007929497149],
  [0.5, 0.5204998778130465],
  [3.5, 0.9999992569016276],
  [-0.3, -0.3286267594591274],
  [2.9, 0.9999589021219005],
  [2, 0.9953222650189527],
  [0.1, 0.1124629160182849],
  [-1.7, -0.9837904585907745],
  [4.5, 0.9999999998033839],
  [1e-8, 1.1283791670955126e-8],
];

describe('erf and gelu', () => {
  it.each(erfTable)('erf(%f)', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
  });

  it('erf is odd, 0 at 0, ±1 far out, NaN for NaN', () => {
    expect(erf(0)).toBe(0);
    expect(erf(-2)).toBe(-erf(2));
    expect(erf(10)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });

  it('erf agrees with Simpson integration across the series / continued-fraction seam', () => {
    for (let x = -5.5; x <= 5.5; x += 0.25) expect(Math.abs(erf(x) - erfBySimpson(x))).toBeLessThan(1e-11);
    for (const x of [2.999, 3, 3.001]) expect(Math.abs(erf(x) - erfBySimpson(x))).toBeLessThan(1e-11);
  });

  // CPython's math.erfc, computed by the C library without going through erf.
  const erfcTable: [number, number][] = [
    [3, 2.2090496998585438e-5],
    [4.5, 1.9661604415428873e-10],
    [6, 2.1519736712498916e-17],
    [10, 2.088487583762545e-45],
    [20, 5.3958656116079005e-176],
    [2.9, 4.109787809945886e-5],
    [2, 0.004677734981047265],
    [1.9, 0.0072095707647425325],
    [0.5, 0.4795001221869535],
    [-0.5, 1.5204998778130465],
    [-3.5, 1.9999992569016276],
  ];
  it.each(erfcTable)('erfc(%f) to 1e-12 of its own size', (x, expected) => {
    expect(Math.abs(erfc(x) - expected)).toBeLessThanOrEqual(1e-12 * expected);
  });

  it('gelu keeps its far negative tail (1 + erf would round to 0 there)', async () => {
    // 0.5·x·math.erfc(-x / math.sqrt(2)) in CPython
    const xs = [-8.5, -10, -12, -20, -37]; // float32-exact, as the tensor stores them
    const expected = [-8.057604598872852e-17, -7.619853024160593e-23, -2.1317785344932424e-32, -5.507248237212663e-88, -2.1184613523343014e-298];
    const got = await read(ops.gelu({ x: t(xs, [5]) }));
    xs.forEach((_, i) => expect(Math.abs(got[i] - expected[i])).toBeLessThanOrEqual(1e-12 * Math.abs(expected[i])));
    expect(erfc(NaN)).toBeNaN();
  });

  it('gelu op matches 0.5·x·(1 + erf(x/√2)) from CPython', async () => {
    // 0.5·x·(1 + math.erf(x / math.sqrt(2))) in CPython
    const xs = [1, -1, 0.5, 2, -3, 5];
    const expected = [0.8413447460685429, -0.15865525393145707, 0.34573123063700656, 1.9544997361036416, -0.00404969409489031, 4.999998566742141];
    expectClose(await read(ops.gelu({ x: t(xs, [2, 3]) })), expected, 1e-15, 1e-13);
  });
});

// Covers both clamps of relu6 / hardSigmoid / hardSwish, zero, and large magnitudes.
const xs = [-1000, -40, -7, -3.5, -3, -2.5, -1, -0.25, 0, 0.25, 1, 2.5, 3, 3.5, 6, 7, 40, 1000];

type UnaryOp = 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'exp' | 'silu' | 'gelu' | 'hardSigmoid' | 'hardSwish';
const unaryOps: Record<UnaryOp, (x: Tensor) => Tensor> = {
  relu: (x) => ops.relu({ x }),
  relu6: (x) => ops.relu6({ x }),
  sigmoid: (x) => ops.sigmoid({ x }),
  tanh: (x) => ops.tanh({ x }),
  exp: (x) => ops.exp({ x }),
  silu: (x) => ops.silu({ x }),
  gelu: (x) => ops.gelu({ x }),
  hardSigmoid: (x) => ops.hardSigmoid({ x }),
  hardSwish: (x) => ops.hardSwish({ x }),
};

/** Textbook definitions, with the overflow-prone ones written for large |x| by hand. */
const expectedOf: Record<UnaryOp, (x: number) => number> = {
  ...(naiveActivations as Record<UnaryOp, (x: number) => number>),
  sigmoid: (x) => (x < -700 ? 0 : 1 / (1 + Math.exp(-x))),
  silu: (x) => (x < -700 ? -0 : x / (1 + Math.exp(-x))),
  tanh: (x) => (Math.abs(x) > 20 ? Math.sign(x) : naiveActivations.tanh(x)),
  exp: (x) => Math.E ** x,
};

describe('unary ops', () => {
  it.each(Object.keys(unaryOps) as UnaryOp[])('%s over negatives, zero, clamps and large values, shape kept', async (op) => {
    const x = t(xs, [3, 2, 3]);
    const y = unaryOps[op](x);
    expect(y.shape).toEqual([3, 2, 3]);
    expectClose(await read(y), xs.map(expectedOf[op]), 1e-12, 1e-12);
  });

  it.each(Object.keys(unaryOps) as UnaryOp[])('%s propagates NaN', async (op) => {
    expect((await read(unaryOps[op](t([NaN], [1]))))[0]).toBeNaN();
  });

  it('hardSigmoid defaults alpha 0.2, beta 0.5 and custom values', async () => {
    const x = t([-3, -1, 0, 1, 3], [5]);
    expectClose(await read(ops.hardSigmoid({ x })), [0, 0.3, 0.5, 0.7, 1]);
    // max(0, min(1, 0.5·x + 0.25))
    expectClose(await read(ops.hardSigmoid({ x }, { alpha: 0.5, beta: 0.25 })), [0, 0, 0.25, 0.75, 1]);
  });

  it('leakyRelu default alpha 0.01 and a custom alpha', async () => {
    const x = t([-200, -1, 0, 3], [4]);
    expectClose(await read(ops.leakyRelu({ x })), [-2, -0.01, 0, 3]);
    expectClose(await read(ops.leakyRelu({ x }, { alpha: 0.5 })), [-100, -0.5, 0, 3]);
  });

  it('clip: defaults keep everything, one or both bounds, NaN passes', async () => {
    const x = t([-5, -1, 0, 2, 9, NaN], [6]);
    expect(await read(ops.clip({ x }))).toEqual([-5, -1, 0, 2, 9, NaN]);
    expect(await read(ops.clip({ x }, { min: -1.5 }))).toEqual([-1.5, -1, 0, 2, 9, NaN]);
    expect(await read(ops.clip({ x }, { max: 1 }))).toEqual([-5, -1, 0, 1, 1, NaN]);
    expect(await read(ops.clip({ x }, { min: 0, max: 6 }))).toEqual([0, 0, 0, 2, 6, NaN]);
    expect(await read(ops.clip({ x }, { min: 2, max: 2 }))).toEqual([2, 2, 2, 2, 2, NaN]);
  });

  it('activationFn (the fused epilogue) agrees with the standalone ops', () => {
    for (const name of ['relu', 'relu6', 'sigmoid', 'hardSigmoid', 'hardSwish', 'silu', 'tanh', 'gelu'] as const) {
      const f = activationFn(name);
      for (const v of xs) {
        const want = (expectedOf as Record<string, (x: number) => number>)[name](v);
        expect(Math.abs(f(v) - want), `${name}(${v})`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      }
    }
    expect(activationFn('none')(-3.25)).toBe(-3.25);
  });
});
