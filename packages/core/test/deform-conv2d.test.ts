import { describe, expect, it } from 'vitest';
import { ops } from '../src/index.js';
import { expectClose } from './support/expect-close.js';
import { naiveConv } from './support/naive-conv.js';
import { naiveDeform } from './support/naive-deform.js';
import { rand, read, seeded, seededPositive, t } from './support/values.js';

describe('deformConv2d: hand-worked bilinear sampling', () => {
  // x = 1 2   (H = W = 2), a 1x1 kernel of weight 1, so y[i][j] = bilinear(x, i + dy, j + dx).
  //     3 4
  // offsets (dy, dx) per output position, channel 0 = dy, channel 1 = dx:
  //   (0,0): ( 0.5,  0.25) -> rows 0..1, cols 0..1 with ly = .5, lx = .25:
  //          .5·.75·1 + .5·.25·2 + .5·.75·3 + .5·.25·4 = .375 + .25 + 1.125 + .5 = 2.25
  //   (0,1): ( 0,    0.5 ) -> v = 1.5: .5·x01 + .5·(outside = 0) = 1
  //   (1,0): (-1.5,  0   ) -> h = -0.5: .5·(row -1 = 0) + .5·x00 = 0.5
  //   (1,1): ( 1,   -1   ) -> h = 2 = H: outside, 0
  const x = [1, 2, 3, 4];
  const offset = [0.5, 0, -1.5, 1, 0.25, 0.5, 0, -1];

  it('fractional offsets, no mask', async () => {
    const y = ops.deformConv2d({ x: t(x, [1, 1, 2, 2]), w: t([1], [1, 1, 1, 1]), offset: t(offset, [1, 2, 2, 2]) });
    expectClose(await read(y), [2.25, 1, 0.5, 0]);
  });

  it('a NaN offset gives a NaN sample (SPEC.md: none of the outside cases; IEEE)', async () => {
    const nan = [NaN, 0, -1.5, 1, 0.25, 0.5, 0, -1];
    const y = await read(ops.deformConv2d({ x: t(x, [1, 1, 2, 2]), w: t([1], [1, 1, 1, 1]), offset: t(nan, [1, 2, 2, 2]) }));
    expect(Number.isNaN(y[0])).toBe(true);
    expectClose(y.slice(1), [1, 0.5, 0]);
  });

  it('mask modulates each tap, bias is added after', async () => {
    const y = ops.deformConv2d({
      x: t(x, [1, 1, 2, 2]),
      w: t([2], [1, 1, 1, 1]),
      offset: t(offset, [1, 2, 2, 2]),
      mask: t([0.5, 0.25, 1, 3], [1, 1, 2, 2]),
      b: t([-1], [1]),
    });
    // 2·mask·sample - 1: 2·.5·2.25 - 1 = 1.25, 2·.25·1 - 1 = -0.5, 2·1·.5 - 1 = 0, 2·3·0 - 1 = -1
    expectClose(await read(y), [1.25, -0.5, 0, -1]);
  });
});

describe('deformConv2d: integer offsets are a shifted convolution', () => {
  it.each([
    { dy: 0, dx: 0 },
    { dy: 1, dx: -2 },
    { dy: -1, dx: 1 },
  ])('every tap shifted by ($dy, $dx)', async ({ dy, dx }) => {
    const [n, c, h, w, m] = [2, 3, 6, 7, 4];
    const xs = rand([n, c, h, w], 91);
    const ws = rand([m, c, 3, 3], 92);
    const attrs = { strides: [2, 1] as [number, number], pads: [1, 2, 0, 1] as [number, number, number, number] };
    const oh = Math.floor((h + 1 - 3) / 2) + 1;
    const ow = w + 3 - 3 + 1;
    const offset = new Array<number>(n * 18 * oh * ow);
    for (let e = 0; e < offset.length; e++) offset[e] = Math.floor(e / (oh * ow)) % 2 === 0 ? dy : dx;
    const y = ops.deformConv2d({ x: xs.tensor, w: ws.tensor, offset: t(offset, [n, 18, oh, ow]) }, attrs);
    // Sampling at row i·sh - top + p + dy is a plain convolution whose padding moved by the
    // shift: pads [top - dy, left - dx, bottom + dy, right + dx] (a negative pad crops, which
    // the naive convolution's explicit padding handles).
    const [top, left, bottom, right] = attrs.pads;
    const expected = naiveConv({
      x: xs.values, xShape: [n, c, h, w], kShape: [m, c, 3, 3], kernelOf: () => ws.values,
      strides: attrs.strides, pads: [top - dy, left - dx, bottom + dy, right + dx],
    });
    expect(y.shape).toEqual(expected.shape);
    expectClose(await read(y), expected.y);
  });
});

describe('deformConv2d: against tent-kernel sampling', () => {
  const cases = [
    { name: 'defaults, 3x3', n: 1, c: 2, m: 3, h: 5, w: 5, k: [3, 3] },
    { name: 'batch 2, mask, bias, pads', n: 2, c: 3, m: 2, h: 5, w: 6, k: [3, 3], mask: true, bias: true, pads: [1, 1, 1, 1] },
    { name: 'offsetGroup 2 with mask, group 2', n: 2, c: 4, m: 6, h: 6, w: 5, k: [3, 3], group: 2, offsetGroup: 2, mask: true, pads: [1, 0, 1, 2] },
    { name: 'offsetGroup 3, stride 2, dilation 2', n: 1, c: 6, m: 4, h: 9, w: 8, k: [3, 2], offsetGroup: 3, strides: [2, 2], dilations: [2, 2], pads: [2, 1, 2, 1], mask: true },
    { name: 'depthwise with multiplier 2, C=5', n: 2, c: 5, m: 10, h: 4, w: 5, k: [2, 2], group: 5, bias: true },
  ] as const;

  it.each(cases)('$name', async (cs) => {
    const group = 'group' in cs ? cs.group : 1;
    const offsetGroup = 'offsetGroup' in cs ? cs.offsetGroup : 1;
    const attrs = {
      strides: 'strides' in cs ? ([...cs.strides] as [number, number]) : undefined,
      pads: 'pads' in cs ? ([...cs.pads] as [number, number, number, number]) : undefined,
      dilations: 'dilations' in cs ? ([...cs.dilations] as [number, number]) : undefined,
      group, offsetGroup,
    };
    const wShape: [number, number, number, number] = [cs.m, cs.c / group, cs.k[0], cs.k[1]];
    const [top, left, bottom, right] = attrs.pads ?? [0, 0, 0, 0];
    const [sh, sw] = attrs.strides ?? [1, 1];
    const [dh, dw] = attrs.dilations ?? [1, 1];
    const oh = Math.floor((cs.h + top + bottom - dh * (cs.k[0] - 1) - 1) / sh) + 1;
    const ow = Math.floor((cs.w + left + right - dw * (cs.k[1] - 1) - 1) / sw) + 1;
    const taps = offsetGroup * cs.k[0] * cs.k[1];
    const x = rand([cs.n, cs.c, cs.h, cs.w], 101);
    const w = rand(wShape, 102);
    // Fractional offsets in [-2.25, 2.25): some samples land outside the image.
    const offsetValues = seeded(cs.n * 2 * taps * oh * ow, 103, 1.125);
    const maskValues = 'mask' in cs ? seededPositive(cs.n * taps * oh * ow, 104) : undefined;
    const b = 'bias' in cs ? rand([cs.m], 105) : undefined;
    const y = ops.deformConv2d(
      {
        x: x.tensor, w: w.tensor, offset: t(offsetValues, [cs.n, 2 * taps, oh, ow]),
        mask: maskValues && t(maskValues, [cs.n, taps, oh, ow]), b: b?.tensor,
      },
      attrs,
    );
    const expected = naiveDeform({
      x: x.values, xShape: [cs.n, cs.c, cs.h, cs.w], w: w.values, wShape, offset: offsetValues, mask: maskValues, b: b?.values, ...attrs,
    });
    expect(y.shape).toEqual(expected.shape);
    expectClose(await read(y), expected.y);
  });

  it.each(['relu', 'hardSwish', 'tanh'])('fused activation %s', async (activation) => {
    const x = rand([1, 2, 4, 4], 111);
    const w = rand([3, 2, 2, 2], 112);
    const offsetValues = seeded(2 * 4 * 3 * 3, 113, 0.75);
    const y = ops.deformConv2d({ x: x.tensor, w: w.tensor, offset: t(offsetValues, [1, 8, 3, 3]) }, { activation: activation as never });
    const expected = naiveDeform({ x: x.values, xShape: [1, 2, 4, 4], w: w.values, wShape: [3, 2, 2, 2], offset: offsetValues, activation });
    expectClose(await read(y), expected.y, 1e-10, 1e-10);
  });
});
