import { describe, expect, it } from 'vitest';
import { ops, type Tensor } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { naiveActivations } from './support/naive-math.js';
import { naiveConv } from './support/naive-conv.js';
import { rand, read, seededPositive, t } from './support/values.js';

describe('dynamicConv2d: hand-worked', () => {
  it('K=2 bank of 1x1 kernels and bank bias', async () => {
    // w = [2, 3] (two 1x1 kernels), a = [0.5, 1]: W = 0.5·2 + 1·3 = 4.
    // b = [1, 10]: bias = 0.5·1 + 1·10 = 10.5.  y = 4·x + 10.5 for x = 1 2 / 3 4.
    const y = ops.dynamicConv2d({
      x: t([1, 2, 3, 4], [1, 1, 2, 2]),
      w: t([2, 3], [2, 1, 1, 1, 1]),
      a: t([0.5, 1], [1, 2]),
      b: t([1, 10], [2, 1]),
    });
    expect(await read(y)).toEqual([14.5, 18.5, 22.5, 26.5]);
  });

  it('every attention at once', async () => {
    // C=2, M=1, K=1, 1x1 kernel w = [1, 2] (per input channel), a = 1.
    // spatialAttn 0.5 -> W = [0.5, 1]. channelAttn [2, 0.25] on x c0 = [1, 2], c1 = [4, 8]
    // -> x' c0 = [2, 4], c1 = [1, 2]. conv = 0.5·[2, 4] + 1·[1, 2] = [2, 4].
    // filterAttn 3 -> y = [6, 12].
    const y = ops.dynamicConv2d({
      x: t([1, 2, 4, 8], [1, 2, 1, 2]),
      w: t([1, 2], [1, 1, 2, 1, 1]),
      a: t([1], [1, 1]),
      spatialAttn: t([0.5], [1, 1, 1]),
      channelAttn: t([2, 0.25], [1, 2]),
      filterAttn: t([3], [1, 1]),
    });
    expect(await read(y)).toEqual([6, 12]);
  });
});

type Optional = 'b' | 'spatialAttn' | 'channelAttn' | 'filterAttn';

interface Setup {
  n: number; c: number; m: number; h: number; w: number; k: number; kh: number; kw: number; group: number;
  strides: [number, number]; pads: [number, number, number, number]; dilations: [number, number];
}

/** The SPEC.md formula written out: aggregate the kernel, scale x, convolve, scale, add bias. */
function expectedDynamic(s: Setup, v: Record<string, number[]>, use: Set<Optional>, activation: string): number[] {
  const cg = s.c / s.group;
  const per = s.m * cg * s.kh * s.kw;
  const kernels: number[][] = [];
  const xScaled = v.x.slice();
  for (let n = 0; n < s.n; n++) {
    const kernel: number[] = [];
    for (let mo = 0; mo < s.m; mo++) {
      for (let ci = 0; ci < cg; ci++) {
        for (let p = 0; p < s.kh; p++) {
          for (let q = 0; q < s.kw; q++) {
            const at = ((mo * cg + ci) * s.kh + p) * s.kw + q;
            let sum = 0;
            for (let kk = 0; kk < s.k; kk++) sum += v.a[n * s.k + kk] * v.w[kk * per + at];
            kernel.push(sum * (use.has('spatialAttn') ? v.spatialAttn[(n * s.kh + p) * s.kw + q] : 1));
          }
        }
      }
    }
    kernels.push(kernel);
    if (use.has('channelAttn')) {
      for (let ch = 0; ch < s.c; ch++) {
        for (let e = 0; e < s.h * s.w; e++) xScaled[(n * s.c + ch) * s.h * s.w + e] *= v.channelAttn[n * s.c + ch];
      }
    }
  }
  const conv = naiveConv({
    x: xScaled, xShape: [s.n, s.c, s.h, s.w], kShape: [s.m, cg, s.kh, s.kw], kernelOf: (n) => kernels[n],
    strides: s.strides, pads: s.pads, dilations: s.dilations, group: s.group,
  });
  const plane = conv.shape[2] * conv.shape[3];
  const act = naiveActivations[activation];
  return conv.y.map((value, e) => {
    const n = Math.floor(e / (s.m * plane));
    const mo = Math.floor(e / plane) % s.m;
    let bias = 0;
    if (use.has('b')) for (let kk = 0; kk < s.k; kk++) bias += v.a[n * s.k + kk] * v.b[kk * s.m + mo];
    const scale = use.has('filterAttn') ? v.filterAttn[n * s.m + mo] : 1;
    return act(scale * value + bias);
  });
}

const setups: { name: string; s: Setup }[] = [
  { name: 'K=1', s: { n: 2, c: 3, m: 5, h: 6, w: 5, k: 1, kh: 3, kw: 3, group: 1, strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] } },
  { name: 'K=4, group 2, stride 2', s: { n: 2, c: 6, m: 6, h: 7, w: 9, k: 4, kh: 3, kw: 3, group: 2, strides: [2, 2], pads: [1, 0, 1, 2], dilations: [1, 1] } },
  { name: 'K=3, depthwise, dilation 2, 3x2 kernel', s: { n: 3, c: 5, m: 5, h: 8, w: 7, k: 3, kh: 3, kw: 2, group: 5, strides: [1, 2], pads: [2, 1, 2, 1], dilations: [2, 1] } },
];

const subsets: Optional[][] = [[], ['b'], ['spatialAttn'], ['channelAttn'], ['filterAttn'], ['b', 'spatialAttn', 'channelAttn', 'filterAttn']];

describe('dynamicConv2d: against aggregate-then-convolve', () => {
  for (const { name, s } of setups) {
    it.each(subsets.map((use) => ({ use, label: use.join('+') || 'no optional input' })))(`${name}: $label`, async ({ use }) => {
      const shapes: Record<string, number[]> = {
        x: [s.n, s.c, s.h, s.w], w: [s.k, s.m, s.c / s.group, s.kh, s.kw], a: [s.n, s.k], b: [s.k, s.m],
        spatialAttn: [s.n, s.kh, s.kw], channelAttn: [s.n, s.c], filterAttn: [s.n, s.m],
      };
      const values: Record<string, number[]> = {};
      const inputs: Record<string, Tensor> = {};
      Object.entries(shapes).forEach(([key, shape], i) => {
        if (key !== 'x' && key !== 'w' && key !== 'a' && !use.includes(key as Optional)) return;
        // Attentions positive like softmax/sigmoid outputs; data and weights signed.
        if (['a', 'spatialAttn', 'channelAttn', 'filterAttn'].includes(key)) {
          values[key] = seededPositive(shape.reduce((p, d) => p * d, 1), 60 + i);
          inputs[key] = t(values[key], shape);
        } else {
          const r = rand(shape, 60 + i);
          values[key] = r.values;
          inputs[key] = r.tensor;
        }
      });
      const y = ops.dynamicConv2d(inputs as never, { strides: s.strides, pads: s.pads, dilations: s.dilations, group: s.group });
      const expected = expectedDynamic(s, values, new Set(use), 'none');
      expectClose(await read(y), expected);
    });
  }

  it.each(['relu6', 'silu', 'gelu'])('fused activation %s with every attention', async (activation) => {
    const s = setups[1].s;
    const r = (shape: number[], seed: number) => rand(shape, seed);
    const x = r([s.n, s.c, s.h, s.w], 71);
    const w = r([s.k, s.m, s.c / s.group, s.kh, s.kw], 72);
    const b = r([s.k, s.m], 73);
    const pos = (shape: number[], seed: number) => {
      const values = seededPositive(shape.reduce((p, d) => p * d, 1), seed);
      return { values, tensor: t(values, shape) };
    };
    const a = pos([s.n, s.k], 74);
    const sp = pos([s.n, s.kh, s.kw], 75);
    const ch = pos([s.n, s.c], 76);
    const f = pos([s.n, s.m], 77);
    const y = ops.dynamicConv2d(
      { x: x.tensor, w: w.tensor, a: a.tensor, b: b.tensor, spatialAttn: sp.tensor, channelAttn: ch.tensor, filterAttn: f.tensor },
      { strides: s.strides, pads: s.pads, group: s.group, activation: activation as never },
    );
    const expected = expectedDynamic(
      s,
      { x: x.values, w: w.values, b: b.values, a: a.values, spatialAttn: sp.values, channelAttn: ch.values, filterAttn: f.values },
      new Set<Optional>(['b', 'spatialAttn', 'channelAttn', 'filterAttn']),
      activation,
    );
    expectClose(await read(y), expected, 1e-10, 1e-10);
  });

  it('with K=1 and a = 1 it is conv2d with the single kernel', async () => {
    const x = rand([2, 4, 5, 5], 81);
    const w = rand([3, 4, 3, 3], 82);
    const bank = t(await read(w.tensor), [1, 3, 4, 3, 3]);
    const dyn = ops.dynamicConv2d({ x: x.tensor, w: bank, a: t([1, 1], [2, 1]) }, { pads: [1, 1, 1, 1] });
    const plain = naiveConv({ x: x.values, xShape: [2, 4, 5, 5], kShape: [3, 4, 3, 3], kernelOf: () => w.values, pads: [1, 1, 1, 1] });
    expectClose(await read(dyn), plain.y);
  });
});
