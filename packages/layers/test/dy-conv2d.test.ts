import { liveTensorCount, ops } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { DyConv2d } from '../src/index.js';
import { backend, expectClose, randomTensor, setValues } from './helpers.js';

describe('DyConv2d', () => {
  const make = (bias = true) => new DyConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, stride: 2, kernels: 4, bias }).materialize(backend, 3);

  it('declares PyTorch-style names and shapes', () => {
    const conv = make();
    const shapes = Object.fromEntries([...conv.namedSlots()].map(([n, s]) => [n, s.shape]));
    expect(shapes).toEqual({
      weight: [4, 6, 8, 3, 3],
      bias: [4, 6],
      'attention.fc1.weight': [3, 8, 1, 1], // ⌊8/4⌋ + 1
      'attention.fc2.weight': [4, 3, 1, 1],
      'attention.fc2.bias': [4],
    });
  });

  it('with K identical kernels equals a static conv', async () => {
    const conv = make();
    const kernel = randomTensor([6, 8, 3, 3], 5);
    const bias = randomTensor([6], 6);
    const [kv, bv] = [await kernel.data(), await bias.data()];
    setValues(conv, 'weight', (i) => kv[i % kv.length]);
    setValues(conv, 'bias', (i) => bv[i % bv.length]);
    const x = randomTensor([2, 8, 9, 9], 7);
    await expectClose(conv.forward(x), ops.conv2d({ x, w: kernel, b: bias }, { strides: [2, 2], pads: [1, 1, 1, 1] }));
  });

  it('attention is a softmax over K that the temperature flattens', async () => {
    const conv = make();
    const x = randomTensor([2, 8, 5, 5], 8);
    const a = await conv.attention.forward(x).data64();
    for (const n of [0, 1]) expect(a.slice(4 * n, 4 * n + 4).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    setValues(conv, 'attention.fc2.weight', (i) => (i % 5) - 2);
    const sharp = await conv.attention.forward(x).data64();
    conv.temperature = 1e6;
    const flat = await conv.attention.forward(x).data64();
    const spread = (v: Float64Array) => Math.max(...v) - Math.min(...v);
    expect(spread(flat)).toBeLessThan(1e-5);
    expect(spread(sharp)).toBeGreaterThan(1e-3);
  });

  it('forward equals the op with the attention the layer computes', async () => {
    const conv = make();
    const x = randomTensor([2, 8, 7, 7], 9);
    const a = conv.attention.forward(x);
    await expectClose(conv.forward(x), conv.forwardWithAttention(x, a));
    // The attention is softmax(fc2(relu(fc1(gap(x))))): rebuilt here from plain ops.
    const s = conv.stateDict();
    const gap = ops.globalAvgPool({ x });
    const h = ops.relu({ x: ops.conv2d({ x: gap, w: s.get('attention.fc1.weight')! }) });
    const logits = ops.conv2d({ x: h, w: s.get('attention.fc2.weight')!, b: s.get('attention.fc2.bias')! });
    await expectClose(a, ops.softmax({ x: ops.reshape({ x: logits }, { shape: [2, 4] }) }, { axis: 1 }));
  });

  it('adds exactly its output to the live tensors', () => {
    const conv = make();
    const x = randomTensor([1, 8, 6, 6]);
    const before = liveTensorCount(backend);
    const y = conv.forward(x);
    expect(liveTensorCount(backend)).toBe(before + 1);
    expect(y.shape).toEqual([1, 6, 3, 3]);
  });
});
