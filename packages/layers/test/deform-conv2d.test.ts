import { ops, tensor } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { DeformConv2d } from '../src/index.js';
import { backend, expectClose, randomTensor } from './helpers.js';

describe('DeformConv2d', () => {
  it('predicts 2·G·k² offsets (v1) or 3·G·k² offsets and mask (v2) with conv_offset', () => {
    for (const [version, channels] of [[1, 36], [2, 54]] as const) {
      const m = new DeformConv2d({ inChannels: 4, outChannels: 8, kernelSize: 3, version, offsetGroups: 2 });
      const shapes = Object.fromEntries([...m.namedSlots()].map(([n, s]) => [n, s.shape]));
      expect(shapes).toEqual({ 'conv_offset.weight': [channels, 4, 3, 3], 'conv_offset.bias': [channels], weight: [8, 4, 3, 3], bias: [8] });
    }
  });

  it('with zero offsets and a unit mask equals conv2d', async () => {
    const m = new DeformConv2d({ inChannels: 4, outChannels: 6, kernelSize: 3, stride: 2, dilation: 2 }).materialize(backend, 31);
    const x = randomTensor([2, 4, 9, 9], 32);
    const offset = tensor(backend, new Float32Array(2 * 18 * 5 * 5), [2, 18, 5, 5]);
    const mask = tensor(backend, new Float32Array(2 * 9 * 5 * 5).fill(1), [2, 9, 5, 5]);
    const s = m.stateDict();
    const conv = ops.conv2d({ x, w: s.get('weight')!, b: s.get('bias')! }, { strides: [2, 2], pads: [2, 2, 2, 2], dilations: [2, 2] });
    await expectClose(m.forwardWithOffsets(x, offset, mask), conv);
  });

  it('starts as conv2d (v1) and as conv2d with half the weight (v2: mask sigmoid(0))', async () => {
    const x = randomTensor([1, 3, 6, 6], 33);
    const v1 = new DeformConv2d({ inChannels: 3, outChannels: 2, kernelSize: 3, version: 1, bias: false }).materialize(backend, 34);
    await expectClose(v1.forward(x), ops.conv2d({ x, w: v1.stateDict().get('weight')! }, { pads: [1, 1, 1, 1] }));
    const v2 = new DeformConv2d({ inChannels: 3, outChannels: 2, kernelSize: 3, version: 2, bias: false }).materialize(backend, 34);
    const half = ops.mul({ a: v2.stateDict().get('weight')!, b: tensor(backend, [0.5], [1]) });
    await expectClose(v2.forward(x), ops.conv2d({ x, w: half }, { pads: [1, 1, 1, 1] }));
  });

  it('moves its samples when the offset conv is trained', async () => {
    const m = new DeformConv2d({ inChannels: 2, outChannels: 2, kernelSize: 3, version: 1 }).materialize(backend, 35);
    const x = randomTensor([1, 2, 6, 6], 36);
    const before = await m.forward(x).data64();
    m.setTensor('conv_offset.bias', tensor(backend, new Float32Array(18).fill(0.5), [18]));
    const after = await m.forward(x).data64();
    expect(Math.max(...after.map((v, i) => Math.abs(v - before[i])))).toBeGreaterThan(1e-3);
  });
});
