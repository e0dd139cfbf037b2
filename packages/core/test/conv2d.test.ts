import { describe, expect, it } from 'vitest';
import { ops } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { activationNames } from './support/naive-math.js';
import { naiveConv } from './support/naive-conv.js';
import { rand, read, seeded, t } from './support/values.js';

// The 3x3 image and 2x2 kernel of the hand-worked examples:
//   x = 1 2 3     w = 1 2
//       4 5 6         3 4
//       7 8 9
const x33 = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const w22 = [1, 2, 3, 4];

describe('conv2d: hand-worked', () => {
  it('valid 2x2 on 3x3 with bias', async () => {
    // y00 = 1·1 + 2·2 + 3·4 + 4·5 = 37   y01 = 1·2 + 2·3 + 3·5 + 4·6 = 47
    // y10 = 1·4 + 2·5 + 3·7 + 4·8 = 67   y11 = 1·5 + 2·6 + 3·8 + 4·9 = 77, then + 0.5
    const y = ops.conv2d({ x: t(x33, [1, 1, 3, 3]), w: t(w22, [1, 1, 2, 2]), b: t([0.5], [1]) });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(await read(y)).toEqual([37.5, 47.5, 67.5, 77.5]);
  });

  it('top padding only (asymmetric pads)', async () => {
    // pads [1,0,0,0]: a zero row above, oH = 3+1-2+1 = 3, oW = 2.
    // y00 = 3·1 + 4·2 = 11, y01 = 3·2 + 4·3 = 18; rows 1 and 2 are the valid result.
    const y = ops.conv2d({ x: t(x33, [1, 1, 3, 3]), w: t(w22, [1, 1, 2, 2]) }, { pads: [1, 0, 0, 0] });
    expect(y.shape).toEqual([1, 1, 3, 2]);
    expect(await read(y)).toEqual([11, 18, 37, 47, 67, 77]);
  });

  it('stride 2 with pads 1 all round', async () => {
    // oH = floor((3 + 2 - 2) / 2) + 1 = 2. Windows start at rows/cols -1 and 1.
    // y00 = 4·x00 = 4;  y01 = 3·x01 + 4·x02 = 18;  y10 = 2·x10 + 4·x20 = 36;
    // y11 = 1·5 + 2·6 + 3·8 + 4·9 = 77
    const y = ops.conv2d({ x: t(x33, [1, 1, 3, 3]), w: t(w22, [1, 1, 2, 2]) }, { strides: [2, 2], pads: [1, 1, 1, 1] });
    expect(await read(y)).toEqual([4, 18, 36, 77]);
  });

  it('dilation 2', async () => {
    // The dilated 2x2 kernel spans 3x3: y = 1·x00 + 2·x02 + 3·x20 + 4·x22 = 1 + 6 + 21 + 36 = 64
    const y = ops.conv2d({ x: t(x33, [1, 1, 3, 3]), w: t(w22, [1, 1, 2, 2]) }, { dilations: [2, 2] });
    expect(y.shape).toEqual([1, 1, 1, 1]);
    expect(await read(y)).toEqual([64]);
  });

  it('group 2: each output channel sees only its half of the channels', async () => {
    // Channel 0 is x33, channel 1 is 10·x33; a 1x1 kernel [2, 1, 1, 1] = [1, -1].
    // Output 0 = x33, output 1 = -10·x33 (no cross-talk).
    const x = t([...x33, ...x33.map((v) => 10 * v)], [1, 2, 3, 3]);
    const y = ops.conv2d({ x, w: t([1, -1], [2, 1, 1, 1]) }, { group: 2 });
    expect(await read(y)).toEqual([...x33, ...x33.map((v) => -10 * v)]);
  });

  it('relu epilogue clips the negative sums', async () => {
    // x = 1 5 2   w = 1 -1   unfused y[i][j] = x[i][j] - x[i][j+1] = -4  3
    //     0 3 1       0  0                                          -3  2
    //     4 4 0                                        relu gives  0  3 / 0  2
    const x = t([1, 5, 2, 0, 3, 1, 4, 4, 0], [1, 1, 3, 3]);
    const y = ops.conv2d({ x, w: t([1, -1, 0, 0], [1, 1, 2, 2]) }, { activation: 'relu' });
    expect(await read(y)).toEqual([0, 3, 0, 2]);
  });
});

interface Config {
  name: string;
  n: number;
  c: number;
  m: number;
  h: number;
  w: number;
  k: [number, number];
  strides?: [number, number];
  pads?: [number, number, number, number];
  dilations?: [number, number];
  group?: number;
  bias?: boolean;
}

const configs: Config[] = [
  { name: 'defaults 3x3, C=3', n: 1, c: 3, m: 5, h: 6, w: 7, k: [3, 3] },
  { name: 'batch 2, bias, C=5 M=7', n: 2, c: 5, m: 7, h: 5, w: 6, k: [3, 3], bias: true },
  { name: 'stride 2, pads 1', n: 2, c: 3, m: 6, h: 9, w: 8, k: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], bias: true },
  { name: 'asymmetric strides and pads', n: 1, c: 3, m: 2, h: 7, w: 9, k: [3, 2], strides: [1, 3], pads: [0, 2, 1, 0] },
  { name: 'dilations [2, 3]', n: 2, c: 2, m: 3, h: 8, w: 10, k: [3, 3], dilations: [2, 3], pads: [2, 1, 0, 3] },
  { name: 'group 3, C=6 M=9', n: 2, c: 6, m: 9, h: 5, w: 5, k: [3, 3], group: 3, pads: [1, 1, 1, 1], bias: true },
  { name: 'depthwise C=5', n: 2, c: 5, m: 5, h: 6, w: 6, k: [3, 3], group: 5, pads: [1, 1, 1, 1] },
  { name: 'depthwise with channel multiplier 2, C=3 M=6', n: 1, c: 3, m: 6, h: 5, w: 7, k: [3, 3], group: 3, strides: [2, 1] },
  { name: '1x1 pointwise C=7 M=3', n: 3, c: 7, m: 3, h: 4, w: 3, k: [1, 1], bias: true },
  { name: 'pads larger than the kernel (rows of bias only)', n: 1, c: 2, m: 3, h: 3, w: 4, k: [2, 2], pads: [3, 0, 2, 4], bias: true },
  { name: 'kernel larger than stride, 5x1', n: 1, c: 2, m: 2, h: 9, w: 4, k: [5, 1], strides: [2, 1], pads: [2, 0, 2, 0] },
];

describe('conv2d: against an independent im2col convolution', () => {
  it.each(configs)('$name', async (cfg) => {
    const group = cfg.group ?? 1;
    const kShape: [number, number, number, number] = [cfg.m, cfg.c / group, cfg.k[0], cfg.k[1]];
    const x = rand([cfg.n, cfg.c, cfg.h, cfg.w], 11);
    const w = rand(kShape, 12);
    const b = cfg.bias ? rand([cfg.m], 13) : undefined;
    const attrs = { strides: cfg.strides, pads: cfg.pads, dilations: cfg.dilations, group: cfg.group };
    const y = ops.conv2d({ x: x.tensor, w: w.tensor, b: b?.tensor }, attrs);
    const expected = naiveConv({
      x: x.values, xShape: [cfg.n, cfg.c, cfg.h, cfg.w], kernelOf: () => w.values, kShape,
      biasOf: b ? () => b.values : undefined, ...attrs,
    });
    expect(y.shape).toEqual(expected.shape);
    expectClose(await read(y), expected.y);
  });

  it('per-sample kernels w[N,M,C/g,kh,kw] and per-sample bias b[N,M]', async () => {
    const [n, c, m, group] = [3, 6, 4, 2];
    const kShape: [number, number, number, number] = [m, c / group, 3, 2];
    const per = kShape.reduce((p, d) => p * d, 1);
    const x = rand([n, c, 5, 6], 21);
    const w = rand([n, ...kShape], 22);
    const b = rand([n, m], 23);
    const attrs = { strides: [2, 1] as [number, number], pads: [1, 0, 1, 1] as [number, number, number, number], group };
    const y = ops.conv2d({ x: x.tensor, w: w.tensor, b: b.tensor }, attrs);
    const expected = naiveConv({
      x: x.values, xShape: [n, c, 5, 6], kShape, ...attrs,
      kernelOf: (s) => w.values.slice(s * per, (s + 1) * per),
      biasOf: (s) => b.values.slice(s * m, (s + 1) * m),
    });
    expectClose(await read(y), expected.y);
  });

  it('per-sample kernels with a shared bias b[M]', async () => {
    const kShape: [number, number, number, number] = [3, 2, 2, 2];
    const x = rand([2, 2, 4, 4], 31);
    const w = rand([2, ...kShape], 32);
    const b = rand([3], 33);
    const y = ops.conv2d({ x: x.tensor, w: w.tensor, b: b.tensor });
    const expected = naiveConv({
      x: x.values, xShape: [2, 2, 4, 4], kShape,
      kernelOf: (s) => w.values.slice(s * 24, (s + 1) * 24), biasOf: () => b.values,
    });
    expectClose(await read(y), expected.y);
  });

  it('a shared kernel with a per-sample bias b[N,M]', async () => {
    const x = rand([2, 3, 4, 4], 35);
    const w = rand([2, 3, 3, 3], 36);
    const b = rand([2, 2], 37);
    const y = ops.conv2d({ x: x.tensor, w: w.tensor, b: b.tensor }, { pads: [1, 1, 1, 1] });
    const expected = naiveConv({
      x: x.values, xShape: [2, 3, 4, 4], kShape: [2, 3, 3, 3], kernelOf: () => w.values, pads: [1, 1, 1, 1],
      biasOf: (s) => b.values.slice(s * 2, s * 2 + 2),
    });
    expectClose(await read(y), expected.y);
  });

  it('taps on padding contribute exactly 0, even under a NaN weight (docs/spec-decisions.md)', async () => {
    // A 1x1 image of value 2 with pads 1: only the centre tap of the 3x3 kernel reads the image.
    // Every other weight is NaN, yet y = 5 · 2 = 10.
    const w = Array.from({ length: 9 }, (_, i) => (i === 4 ? 5 : NaN));
    const y = ops.conv2d({ x: t([2], [1, 1, 1, 1]), w: t(w, [1, 1, 3, 3]) }, { pads: [1, 1, 1, 1] });
    expect(await read(y)).toEqual([10]);
  });

  it('explicit defaults give the same result as no attributes', async () => {
    const x = rand([1, 3, 5, 5], 41);
    const w = rand([2, 3, 3, 3], 42);
    const plain = await read(ops.conv2d({ x: x.tensor, w: w.tensor }));
    const explicit = await read(
      ops.conv2d({ x: x.tensor, w: w.tensor }, { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1, activation: 'none' }),
    );
    expect(explicit).toEqual(plain);
  });

  it.each(activationNames)('fused activation %s', async (activation) => {
    // Values spread over [-8, 8) so relu6, hardSigmoid and hardSwish hit both clamps.
    const x = t(seeded(2 * 3 * 4 * 4, 51, 4), [2, 3, 4, 4]);
    const wv = seeded(4 * 3 * 2 * 2, 52);
    const bv = seeded(4, 53);
    const xv = Array.from(await x.data64());
    const y = ops.conv2d({ x, w: t(wv, [4, 3, 2, 2]), b: t(bv, [4]) }, { activation: activation as never, pads: [1, 1, 0, 0] });
    const expected = naiveConv({
      x: xv, xShape: [2, 3, 4, 4], kShape: [4, 3, 2, 2], kernelOf: () => wv, biasOf: () => bv, pads: [1, 1, 0, 0], activation,
    });
    expectClose(await read(y), expected.y, 1e-10, 1e-10);
  });
});
