import { liveTensorCount, ops } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d, Conv2d, Linear, Sequential, buildModel, calibrateBatchNorm, foldBatchNorm } from '../src/index.js';
import { backend, expectClose, randomTensor, setValues } from './helpers.js';

describe('basic layers', () => {
  it('Conv2d declares weight [M, C/g, k, k] and optional bias, and is the conv2d op', async () => {
    const conv = new Conv2d({ inChannels: 6, outChannels: 4, kernelSize: 5, stride: 2, groups: 2, bias: true }).materialize(backend, 1);
    expect([...conv.namedSlots()].map(([n, s]) => [n, s.shape])).toEqual([['weight', [4, 3, 5, 5]], ['bias', [4]]]);
    const x = randomTensor([1, 6, 9, 9]);
    const s = conv.stateDict();
    await expectClose(conv.forward(x), ops.conv2d({ x, w: s.get('weight')!, b: s.get('bias')! }, { strides: [2, 2], pads: [2, 2, 2, 2], group: 2 }));
    expect(() => new Conv2d({ inChannels: 6, outChannels: 4, kernelSize: 3, groups: 4 })).toThrow(/groups/);
  });

  it('Linear is y = x·Wᵀ + b, checked element by element', async () => {
    const fc = new Linear({ inFeatures: 3, outFeatures: 2 }).materialize(backend, 2);
    setValues(fc, 'weight', [1, 2, 3, -1, 0, 4]);
    setValues(fc, 'bias', [0.5, -2]);
    const y = await fc.forward(randomTensor([1, 3], 3)).data64();
    const x = await randomTensor([1, 3], 3).data64();
    expect(y[0]).toBeCloseTo(0.5 + x[0] + 2 * x[1] + 3 * x[2], 6);
    expect(y[1]).toBeCloseTo(-2 - x[0] + 4 * x[2], 6);
  });

  it('BatchNorm2d counts weight and bias, not the running statistics', async () => {
    const bn = new BatchNorm2d(3).materialize(backend);
    expect([...bn.namedSlots()].map(([n, s]) => `${n}:${s.kind}`)).toEqual(['weight:parameter', 'bias:parameter', 'running_mean:buffer', 'running_var:buffer']);
    expect(bn.parameterCount()).toBe(6);
    setValues(bn, 'running_mean', [1, 2, 3]);
    setValues(bn, 'running_var', [4, 0.25, 1]);
    setValues(bn, 'weight', [2, 1, 1]);
    const y = await bn.forward(randomTensor([1, 3, 1, 1], 4)).data64();
    const x = await randomTensor([1, 3, 1, 1], 4).data64();
    expect(y[0]).toBeCloseTo((2 * (x[0] - 1)) / Math.sqrt(4 + 1e-5), 6);
    expect(y[1]).toBeCloseTo((x[1] - 2) / Math.sqrt(0.25 + 1e-5), 6);
  });

  it('Sequential names children 0, 1, ... and runs them in order', async () => {
    const seq = new Sequential([new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: 3 }), new BatchNorm2d(3)]).materialize(backend, 5);
    expect([...seq.namedSlots()].map(([n]) => n)).toEqual(['0.weight', '1.weight', '1.bias', '1.running_mean', '1.running_var']);
    const x = randomTensor([1, 2, 4, 4]);
    await expectClose(seq.forward(x), seq.layers[1].forward(seq.layers[0].forward(x)));
  });

  it('foldBatchNorm refuses a conv with a fused activation', async () => {
    const conv = new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1, activation: 'relu' }).materialize(backend);
    await expect(foldBatchNorm(conv, new BatchNorm2d(2).materialize(backend))).rejects.toThrow(/activation/);
  });
});

describe('batch norm calibration', () => {
  it('sets each running statistic to its input\'s per-channel mean and variance', async () => {
    const conv = new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: 3, padding: 0 });
    const bn = new BatchNorm2d(3);
    const seq = new Sequential([conv, bn]).materialize(backend, 6);
    const x = randomTensor([2, 2, 5, 5], 7);
    const before = liveTensorCount(backend);
    calibrateBatchNorm(seq, x);
    expect(liveTensorCount(backend)).toBe(before);
    const h = await conv.forward(x).data64(); // [2, 3, 3, 3]
    const mean = await bn.stateDict().get('running_mean')!.data64();
    const variance = await bn.stateDict().get('running_var')!.data64();
    for (let c = 0; c < 3; c++) {
      const values = [0, 1].flatMap((n) => [...h.subarray((n * 3 + c) * 9, (n * 3 + c + 1) * 9)]);
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      expect(mean[c]).toBeCloseTo(m, 6);
      expect(variance[c]).toBeCloseTo(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length, 6);
    }
    expect(bn.calibrating).toBe(false);
  });

  it('leaves batch norms over pooled features (1×1 maps) alone, whatever the batch', async () => {
    const od = buildModel('od-mobilenetv2', { backend, width: 0.25, numClasses: 4 });
    const name = 'features.2.conv.0.0.attention.bn.running_var';
    // Batch 3: three pooled values per channel, which would give the attention BN a gain set by
    // how little the samples differ (and a batch of 1 has no variance at all).
    calibrateBatchNorm(od, randomTensor([3, 3, 32, 32]));
    expect([...(await od.stateDict().get(name)!.data())].every((v) => v === 1)).toBe(true);
    expect([...(await od.stateDict().get('features.2.conv.0.1.running_var')!.data())].every((v) => v === 1)).toBe(false);
    od.dispose();
  });
});
