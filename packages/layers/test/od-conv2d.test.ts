import { ops, tensor } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { ODConv2d, type OdAttentions } from '../src/index.js';
import { backend, expectClose, randomTensor } from './helpers.js';

const names = (m: ODConv2d) => Object.fromEntries([...m.namedSlots()].map(([n, s]) => [n, s.shape]));
const ones = (shape: number[]) => tensor(backend, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape);

describe('ODConv2d', () => {
  it('has the four heads of the reference implementation, A = max(⌊C/16⌋, 16)', () => {
    const m = new ODConv2d({ inChannels: 320, outChannels: 64, kernelSize: 3, kernels: 4 });
    expect(names(m)).toEqual({
      weight: [4, 64, 320, 3, 3],
      'attention.fc.weight': [20, 320, 1, 1],
      'attention.bn.weight': [20], 'attention.bn.bias': [20], 'attention.bn.running_mean': [20], 'attention.bn.running_var': [20],
      'attention.channel_fc.weight': [320, 20, 1, 1], 'attention.channel_fc.bias': [320],
      'attention.filter_fc.weight': [64, 20, 1, 1], 'attention.filter_fc.bias': [64],
      'attention.spatial_fc.weight': [9, 20, 1, 1], 'attention.spatial_fc.bias': [9],
      'attention.kernel_fc.weight': [4, 20, 1, 1], 'attention.kernel_fc.bias': [4],
    });
  });

  it('skips the filter head for depthwise, the spatial head for 1×1 and the kernel head for K = 1', () => {
    const dw = names(new ODConv2d({ inChannels: 32, outChannels: 32, kernelSize: 3, groups: 32 }));
    expect(Object.keys(dw).filter((n) => n.includes('_fc.weight'))).toEqual(['attention.channel_fc.weight', 'attention.spatial_fc.weight']);
    expect(dw['attention.fc.weight']).toEqual([16, 32, 1, 1]);
    const pw = names(new ODConv2d({ inChannels: 24, outChannels: 48, kernelSize: 1 }));
    expect(Object.keys(pw).filter((n) => n.includes('_fc.weight'))).toEqual(['attention.channel_fc.weight', 'attention.filter_fc.weight']);
  });

  for (const [k, groups] of [[3, 1], [1, 1], [3, 4]] as const) {
    it(`with all attentions 1 and K = 1 equals conv2d (k=${k}, groups=${groups})`, async () => {
      const m = new ODConv2d({ inChannels: 8, outChannels: 4, kernelSize: k, stride: 2, groups }).materialize(backend, 21);
      const x = randomTensor([2, 8, 7, 7], 22);
      const att: OdAttentions = { channel: ones([2, 8]), filter: ones([2, 4]), spatial: k > 1 ? ones([2, k, k]) : undefined };
      const w = ops.reshape({ x: m.stateDict().get('weight')! }, { shape: [4, 8 / groups, k, k] });
      const p = (k - 1) / 2;
      await expectClose(m.forwardWithAttentions(x, att), ops.conv2d({ x, w }, { strides: [2, 2], pads: [p, p, p, p], group: groups }));
    });
  }

  it('applies a fused activation after the filter attention on the 1×1, K = 1 path too, as the fused op does', async () => {
    const m = new ODConv2d({ inChannels: 8, outChannels: 6, kernelSize: 1, activation: 'sigmoid' }).materialize(backend, 25);
    expect(m.isPointwiseSingle).toBe(true);
    const x = randomTensor([2, 8, 5, 5], 26);
    const att: OdAttentions = { channel: ops.sigmoid({ x: randomTensor([2, 8], 27) }), filter: ops.sigmoid({ x: randomTensor([2, 6], 28) }) };
    const w = ops.reshape({ x: m.stateDict().get('weight')! }, { shape: [1, 6, 8, 1, 1] });
    const a = ones([2, 1]);
    const expected = ops.dynamicConv2d({ x, w, a, channelAttn: att.channel, filterAttn: att.filter }, { activation: 'sigmoid' });
    await expectClose(m.forwardWithAttentions(x, att), expected);
  });

  it('forward equals the fused op with attentions rebuilt from the heads', async () => {
    const m = new ODConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, kernels: 4, temperature: 2 }).materialize(backend, 23);
    const x = randomTensor([2, 8, 6, 6], 24);
    const s = m.stateDict();
    const head = (h: ReturnType<typeof ops.relu>, name: string) => {
      const y = ops.conv2d({ x: h, w: s.get(`attention.${name}.weight`)!, b: s.get(`attention.${name}.bias`)! });
      return ops.mul({ a: ops.reshape({ x: y }, { shape: [2, -1] }), b: tensor(backend, [0.5], [1]) });
    };
    const pooled = ops.globalAvgPool({ x });
    const bn = ops.batchNorm({
      x: ops.conv2d({ x: pooled, w: s.get('attention.fc.weight')! }),
      scale: s.get('attention.bn.weight')!, bias: s.get('attention.bn.bias')!, mean: s.get('attention.bn.running_mean')!, var: s.get('attention.bn.running_var')!,
    });
    const h = ops.relu({ x: bn });
    const expected = ops.dynamicConv2d({
      x, w: s.get('weight')!, a: ops.softmax({ x: head(h, 'kernel_fc') }, { axis: 1 }),
      channelAttn: ops.sigmoid({ x: head(h, 'channel_fc') }), filterAttn: ops.sigmoid({ x: head(h, 'filter_fc') }),
      spatialAttn: ops.reshape({ x: ops.sigmoid({ x: head(h, 'spatial_fc') }) }, { shape: [2, 3, 3] }),
    }, { pads: [1, 1, 1, 1] });
    await expectClose(m.forward(x), expected);
  });

  it('the 1×1 single-kernel path equals the general path', async () => {
    const m = new ODConv2d({ inChannels: 6, outChannels: 5, kernelSize: 1 }).materialize(backend, 25);
    expect(m.isPointwiseSingle).toBe(true);
    const x = randomTensor([2, 6, 4, 4], 26);
    const att = m.attention.attend(x);
    const general = ops.dynamicConv2d({ x, w: m.stateDict().get('weight')!, a: ones([2, 1]), channelAttn: att.channel, filterAttn: att.filter });
    await expectClose(m.forward(x), general);
  });
});
