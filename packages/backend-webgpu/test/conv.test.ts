import { describe, expect, it } from 'vitest';
import { type AnyBackend, compareOutputs, ops, tensor, tolerances } from '@dcnn/core';
import { depthwiseProgram } from '../src/kernels/conv-depthwise.js';
import { createWebGPUBackend } from '../src/index.js';
import { program as vec4Program } from '../src/kernels/conv-depthwise-vec4.js';
import { expectAgrees, random, reference } from './helpers.js';
import { useGpu } from './setup.js';

const backend = useGpu();
const acts = ['none', 'relu', 'relu6', 'sigmoid', 'hardSigmoid', 'hardSwish', 'silu', 'tanh', 'gelu'];

describe('conv2d on webgpu agrees with the reference', () => {
  it('3x3, pads, bias', () => expectAgrees(backend(), 'conv2d', { x: [2, 3, 9, 8], w: [5, 3, 3, 3], b: [5] }, { pads: [1, 1, 1, 1] }));
  it('stride 2, asymmetric pads, dilation 2', () =>
    expectAgrees(backend(), 'conv2d', { x: [1, 4, 11, 10], w: [6, 4, 3, 3] }, { strides: [2, 2], pads: [2, 1, 0, 3], dilations: [2, 2] }));
  it('grouped', () => expectAgrees(backend(), 'conv2d', { x: [2, 6, 7, 7], w: [4, 3, 3, 3], b: [4] }, { group: 2, pads: [1, 1, 1, 1] }));
  it('depthwise, stride 2', () => expectAgrees(backend(), 'conv2d', { x: [2, 8, 9, 9], w: [8, 1, 3, 3], b: [8] }, { group: 8, pads: [1, 1, 1, 1], strides: [2, 2], activation: 'relu6' }));
  it('depthwise with channel multiplier', () => expectAgrees(backend(), 'conv2d', { x: [1, 4, 6, 6], w: [8, 1, 3, 3] }, { group: 4, pads: [1, 1, 1, 1] }));
  it('depthwise 5x5, dilation 2, stride 2, narrow rows', () =>
    expectAgrees(backend(), 'conv2d', { x: [2, 6, 11, 5], w: [6, 1, 5, 5], b: [6] }, { group: 6, pads: [4, 3, 2, 4], strides: [2, 2], dilations: [2, 2], activation: 'silu' }));
  // Rows divisible by 4 take the aligned-row depthwise program.
  it('depthwise on aligned rows, odd height', () => expectAgrees(backend(), 'conv2d', { x: [2, 6, 9, 12], w: [6, 1, 3, 3], b: [6] }, { group: 6, pads: [1, 1, 1, 1], activation: 'relu6' }));
  it('depthwise on aligned rows, tall (8-row blocks)', () => expectAgrees(backend(), 'conv2d', { x: [1, 3, 33, 8], w: [3, 1, 3, 3], b: [3] }, { group: 3, pads: [1, 1, 1, 1] }));
  it('depthwise on aligned rows, tall, stride 2', () => expectAgrees(backend(), 'conv2d', { x: [1, 2, 66, 8], w: [2, 1, 3, 3] }, { group: 2, pads: [1, 1, 1, 1], strides: [2, 2] }));
  it('depthwise on aligned rows, stride 2', () => expectAgrees(backend(), 'conv2d', { x: [1, 4, 9, 16], w: [4, 1, 3, 3] }, { group: 4, pads: [1, 1, 1, 1], strides: [2, 2] }));
  it('depthwise on aligned rows, 5x5, asymmetric pads, dilation', () =>
    expectAgrees(backend(), 'conv2d', { x: [1, 3, 11, 8], w: [3, 1, 5, 5], b: [3] }, { group: 3, pads: [2, 2, 6, 6], dilations: [1, 2] }));
  it('depthwise on aligned rows, channel multiplier, 12 wide', () => expectAgrees(backend(), 'conv2d', { x: [1, 2, 6, 12], w: [4, 1, 3, 3] }, { group: 2, pads: [1, 1, 1, 1] }));
  // Aligned rows, partial channel blocks, groups: the tiled core's edges.
  it('3x3 on aligned rows, one partial channel block', () => expectAgrees(backend(), 'conv2d', { x: [2, 5, 6, 8], w: [8, 5, 3, 3], b: [8] }, { pads: [1, 1, 1, 1], activation: 'gelu' }));
  it('grouped 3x3 on aligned rows', () => expectAgrees(backend(), 'conv2d', { x: [1, 6, 5, 12], w: [8, 3, 3, 3] }, { group: 2, pads: [1, 1, 1, 1] }));
  it('3x3 stride 2 on aligned rows, 20 channels', () => expectAgrees(backend(), 'conv2d', { x: [1, 4, 9, 16], w: [20, 4, 3, 3], b: [20] }, { pads: [1, 1, 1, 1], strides: [2, 2] }));
  it('5x5 dilation 2 on aligned rows', () => expectAgrees(backend(), 'conv2d', { x: [1, 3, 8, 8], w: [4, 3, 5, 5] }, { pads: [4, 4, 4, 4], dilations: [2, 2] }));
  it('grouped, channel blocks past the group end', () => expectAgrees(backend(), 'conv2d', { x: [1, 4, 4, 8], w: [40, 2, 3, 3], b: [40] }, { group: 2, pads: [1, 1, 1, 1] }));
  // The depthwise program once unrolled every input row its block spans: a stride of 2^27 asked
  // for an array of 2^27 rows (a RangeError), 2^24 took 8 s to generate the shader.
  it('depthwise with a stride of 2^27 over pads of 2^27', () =>
    expectAgrees(backend(), 'conv2d', { x: [1, 2, 1, 1], w: [2, 1, 1, 1] }, { group: 2, pads: [2 ** 27, 0, 0, 0], strides: [2 ** 27, 1] }));
  it('depthwise on aligned rows with a stride of 2^12', () =>
    expectAgrees(backend(), 'conv2d', { x: [1, 1, 4, 4], w: [1, 1, 1, 1] }, { strides: [2 ** 12, 1] }));
  // Both depthwise programs once unrolled every input row a block spans, read or not: a stride
  // of 2^27 asked for an array of 2^27 rows, 2^24 took 8 s to generate (4096: 20 s on aligned
  // rows). Now the shader holds only the rows read, whatever the stride or dilation.
  it('depthwise shaders do not grow with the stride or dilation', () => {
    const size = (sh: number, dh: number) => {
      const e = { bias: false, scale: false };
      const strip = depthwiseProgram({ kh: 3, kw: 3, sh, sw: 1, dh, dw: 1, rn: 4, rh: 4 }, e, 'none');
      const aligned = vec4Program({ rh: 8, kh: 3, kw: 3, sh, sw: 1, dh, dw: 1, shift: 0 }, e, 'none');
      return [strip.body.length, aligned.body.length];
    };
    const small = size(2, 1);
    for (const [sh, dh] of [[2 ** 12, 1], [1, 2 ** 12], [2 ** 13, 2 ** 12]]) {
      size(sh, dh).forEach((chars, k) => expect(chars, `program ${k} at stride ${sh}, dilation ${dh}`).toBeLessThan(small[k] * 1.5));
    }
  });
  // The register-tiled pointwise program caches a transposed copy of the weight on its storage;
  // the copy's layout depends on the grouping, and a reshaped view shares the storage: it was
  // reused with the wrong layout (relL2 1.3).
  it('pointwise: one weight with two groupings, and through a reshaped view', async () => {
    // The register-tiled program (and its cache) is chosen for software adapters: asked for here.
    const b = await createWebGPUBackend({ softwareAdapter: true });
    const next = random(7);
    const wData = Float32Array.from({ length: 128 }, () => next() * 2 - 1);
    const xData = Float32Array.from({ length: 16 * 16 }, () => next() * 2 - 1);
    const run = async (be: AnyBackend) => {
      const w = tensor(be, wData, [16, 8, 1, 1]);
      const outs = [
        ops.conv2d({ x: tensor(be, xData.subarray(0, 8 * 16), [1, 8, 4, 4]), w }),
        ops.conv2d({ x: tensor(be, xData, [1, 16, 4, 4]), w }, { group: 2 }),
        ops.conv2d({ x: tensor(be, xData.subarray(0, 4 * 16), [1, 4, 4, 4]), w: ops.reshape({ x: w }, { shape: [32, 4, 1, 1] }) }),
      ];
      return Promise.all(outs.map((t) => t.data()));
    };
    const [got, want] = [await run(b), await run(reference)];
    got.forEach((g, k) => expect(compareOutputs(g, want[k], tolerances['float32-gpu']).reason ?? 'ok', `call ${k}`).toBe('ok'));
    b.dispose();
  });
  it('per-sample depthwise kernels', () => expectAgrees(backend(), 'conv2d', { x: [2, 5, 6, 9], w: [2, 5, 1, 3, 3], b: [2, 5] }, { group: 5, pads: [1, 1, 1, 1] }));
  it('pointwise 1x1', () => expectAgrees(backend(), 'conv2d', { x: [2, 24, 7, 5], w: [40, 24, 1, 1], b: [40] }, { activation: 'relu' }));
  // Planes and channel counts divisible by 4 take the register-tiled pointwise program on software adapters.
  it('pointwise on aligned planes, channel remainders', () => expectAgrees(backend(), 'conv2d', { x: [2, 13, 4, 6], w: [20, 13, 1, 1], b: [20] }, { activation: 'hardSwish' }));
  it('grouped pointwise on aligned planes', () => expectAgrees(backend(), 'conv2d', { x: [1, 8, 4, 4], w: [8, 4, 1, 1], b: [8] }, { group: 2 }));
  it('per-sample pointwise on aligned planes', () => expectAgrees(backend(), 'conv2d', { x: [2, 6, 2, 6], w: [2, 36, 6, 1, 1], b: [2, 36] }));
  it('pointwise, many channels (tiles with remainders)', () => expectAgrees(backend(), 'conv2d', { x: [1, 70, 9, 9], w: [67, 70, 1, 1], b: [67] }));
  it('5x5 wide input, stride 2', () => expectAgrees(backend(), 'conv2d', { x: [1, 16, 13, 17], w: [33, 16, 5, 5], b: [33] }, { strides: [2, 2], pads: [2, 2, 2, 2] }));
  it('per-sample kernels and biases', () => expectAgrees(backend(), 'conv2d', { x: [3, 4, 6, 6], w: [3, 5, 4, 3, 3], b: [3, 5] }, { pads: [1, 1, 1, 1] }));
  for (const activation of acts) {
    it(`fused ${activation}`, () => expectAgrees(backend(), 'conv2d', { x: [1, 3, 6, 6], w: [4, 3, 3, 3], b: [4] }, { pads: [1, 1, 1, 1], activation }, 7));
  }
});

describe('taps on padding contribute exactly 0, even with non-finite weights', () => {
  // Every kernel family: the GEMM core (many channels), depthwise, and the direct fallback.
  const shapes: Array<[string, number[], number[], number]> = [
    ['tiled core', [1, 8, 5, 5], [8, 8, 3, 3], 1],
    ['depthwise', [1, 4, 5, 6], [4, 1, 3, 3], 4],
    ['depthwise on aligned rows', [1, 4, 5, 8], [4, 1, 3, 3], 4],
    ['tiled core on aligned rows', [1, 4, 5, 8], [8, 4, 3, 3], 1],
    ['direct (2 outputs per group)', [1, 4, 5, 5], [4, 2, 3, 3], 2],
  ];
  for (const [name, xs, ws, group] of shapes) {
    it(name, async () => {
      const w = Float32Array.from({ length: ws.reduce((p, d) => p * d, 1) }, (_, i) => ((i * 37) % 11) / 11 - 0.5);
      // The top-left tap of the first output channel reads padding only for the first output row and column.
      w[0] = Number.NaN;
      w[ws[1] * 9 - 1] = Number.POSITIVE_INFINITY;
      await expectAgrees(backend(), 'conv2d', { x: xs, w: { shape: ws, data: w } }, { pads: [1, 1, 1, 1], group });
    });
  }
});

describe('dynamicConv2d on webgpu agrees with the reference', () => {
  it('DyConv: K=4, bias, group 2, stride 2', () =>
    expectAgrees(backend(), 'dynamicConv2d', { x: [2, 4, 9, 7], w: [4, 6, 2, 3, 3], a: [2, 4], b: [4, 6] }, { strides: [2, 2], pads: [1, 1, 1, 1], group: 2 }));
  it('ODConv: all four attentions, relu', () =>
    expectAgrees(backend(), 'dynamicConv2d', {
      x: [2, 6, 8, 8], w: [3, 8, 6, 3, 3], a: [2, 3], b: [3, 8], spatialAttn: [2, 3, 3], channelAttn: [2, 6], filterAttn: [2, 8],
    }, { pads: [1, 1, 1, 1], activation: 'relu' }));
  it('ODConv on aligned rows, all attentions', () =>
    expectAgrees(backend(), 'dynamicConv2d', {
      x: [2, 4, 6, 8], w: [3, 8, 4, 3, 3], a: [2, 3], b: [3, 8], spatialAttn: [2, 3, 3], channelAttn: [2, 4], filterAttn: [2, 8],
    }, { pads: [1, 1, 1, 1], activation: 'relu6' }));
  it('depthwise bank on aligned rows', () => expectAgrees(backend(), 'dynamicConv2d', { x: [2, 4, 6, 8], w: [3, 4, 1, 3, 3], a: [2, 3], filterAttn: [2, 4] }, { group: 4, pads: [1, 1, 1, 1] }));
  it('depthwise bank', () => expectAgrees(backend(), 'dynamicConv2d', { x: [3, 8, 7, 7], w: [4, 8, 1, 3, 3], a: [3, 4] }, { group: 8, pads: [1, 1, 1, 1] }));
  it('pointwise bank on an aligned plane', () => expectAgrees(backend(), 'dynamicConv2d', { x: [3, 12, 4, 4], w: [4, 8, 12, 1, 1], a: [3, 4], b: [4, 8], channelAttn: [3, 12] }, { activation: 'relu' }));
  it('pointwise bank, batch 4', () => expectAgrees(backend(), 'dynamicConv2d', { x: [4, 12, 5, 5], w: [4, 20, 12, 1, 1], a: [4, 4], b: [4, 20] }, { activation: 'silu' }));
});

describe('deformConv2d on webgpu agrees with the reference', () => {
  // The sampling position was the tap's integer row plus the offset in f32, which rounded the
  // offset's fraction to the row's ulp: relL2 3.9e-4 at H = 16384.
  it('deformConv2d on a tall input keeps the offsets\' fractions', () =>
    expectAgrees(backend(), 'deformConv2d', { x: [1, 1, 16384, 4], w: [1, 1, 1, 1], offset: [1, 2, 16384, 4] }));
  it('offsets only', () => expectAgrees(backend(), 'deformConv2d', { x: [2, 3, 7, 6], w: [4, 3, 3, 3], offset: [2, 18, 7, 6] }, { pads: [1, 1, 1, 1] }));
  it('DCNv2: mask, bias, offset groups, groups, stride 2', () =>
    expectAgrees(backend(), 'deformConv2d', { x: [1, 4, 9, 9], w: [6, 2, 3, 3], offset: [1, 36, 5, 5], mask: [1, 18, 5, 5], b: [6] },
      { strides: [2, 2], pads: [1, 1, 1, 1], group: 2, offsetGroup: 2, activation: 'relu' }));
  it('large offsets sample outside the image', async () => {
    const offset = Float32Array.from({ length: 2 * 18 * 5 * 5 }, (_, i) => ((i * 7919) % 23) - 11.5 + (i % 3) * 0.37);
    await expectAgrees(backend(), 'deformConv2d', { x: [2, 2, 5, 5], w: [3, 2, 3, 3], offset: { shape: [2, 18, 5, 5], data: offset } }, { pads: [1, 1, 1, 1] });
  });
});
