import { ops, tensor } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d, CBAM, Conv2d, DepthwiseSeparable, SE, SKConv, WeightedFusion, foldBatchNorm } from '../src/index.js';
import { backend, expectClose, randomTensor, setValues } from './helpers.js';

const scaled = (x: ReturnType<typeof randomTensor>, s: number) => ops.mul({ a: x, b: tensor(backend, [s], [1]) });

describe('attention blocks', () => {
  it('SE gates channels by sigmoid(fc2(relu(fc1(gap))))', async () => {
    const se = new SE({ channels: 16, squeeze: 4 }).materialize(backend, 51);
    expect([...se.namedSlots()].map(([n, s]) => `${n}${JSON.stringify(s.shape)}`)).toEqual([
      'fc1.weight[4,16,1,1]', 'fc1.bias[4]', 'fc2.weight[16,4,1,1]', 'fc2.bias[16]',
    ]);
    const x = randomTensor([2, 16, 3, 3], 52);
    setValues(se, 'fc2.weight', () => 0);
    setValues(se, 'fc2.bias', () => 0);
    await expectClose(se.forward(x), scaled(x, 0.5));
  });

  it('CBAM applies channel then spatial attention', async () => {
    const cbam = new CBAM({ channels: 32 }).materialize(backend, 53);
    expect(cbam.findSlot('channel.fc1.weight').shape).toEqual([2, 32, 1, 1]);
    expect(cbam.findSlot('spatial.conv.weight').shape).toEqual([1, 2, 7, 7]);
    const x = randomTensor([1, 32, 8, 8], 54);
    expect(cbam.forward(x).shape).toEqual([1, 32, 8, 8]);
    // Zero second fc and zero spatial conv: both gates are sigmoid(0) = 1/2.
    setValues(cbam, 'channel.fc2.weight', () => 0);
    setValues(cbam, 'spatial.conv.weight', () => 0);
    await expectClose(cbam.forward(x), scaled(x, 0.25));
    // With a channel gate that is not uniform, the spatial map is computed on the refined input.
    const c = new CBAM({ channels: 32, reduction: 4 }).materialize(backend, 55);
    const refined = ops.mul({ a: x, b: c.channel.forward(x) });
    await expectClose(c.forward(x), ops.mul({ a: refined, b: c.spatial.forward(refined) }));
  });

  it('SK with one branch equals that branch', async () => {
    const sk = new SKConv({ channels: 64, branches: 1, groups: 8, stride: 2 }).materialize(backend, 56);
    const x = randomTensor([2, 64, 6, 6], 57);
    await expectClose(sk.forward(x), sk.convs[0].forward(x));
  });

  it('SK weights its branches by a softmax over branches per channel', async () => {
    const sk = new SKConv({ channels: 64, groups: 32 }).materialize(backend, 58);
    expect(sk.findSlot('convs.1.0.weight').shape).toEqual([64, 2, 3, 3]);
    expect(sk.findSlot('fuse.0.weight').shape).toEqual([32, 64, 1, 1]);
    expect(sk.findSlot('select.weight').shape).toEqual([128, 32, 1, 1]);
    const x = randomTensor([1, 64, 5, 5], 59);
    const [f0, f1] = sk.convs.map((b) => b.forward(x));
    const w = sk.weights(ops.add({ a: f0, b: f1 }));
    const sums = await ops.reduceSum({ x: w }, { axes: [1] }).data64();
    for (const s of sums) expect(s).toBeCloseTo(1, 12);
    const [w0, w1] = ops.split({ x: w }, { axis: 1, sizes: [1, 1] }).map((t) => ops.reshape({ x: t }, { shape: [1, 64, 1, 1] }));
    await expectClose(sk.forward(x), ops.add({ a: ops.mul({ a: f0, b: w0 }), b: ops.mul({ a: f1, b: w1 }) }));
  });

  it('depthwise-separable block is depthwise then pointwise', () => {
    const b = new DepthwiseSeparable({ inChannels: 8, outChannels: 16, stride: 2 }).materialize(backend, 60);
    expect(b.findSlot('depthwise.0.weight').shape).toEqual([8, 1, 3, 3]);
    expect(b.findSlot('pointwise.0.weight').shape).toEqual([16, 8, 1, 1]);
    expect(b.forward(randomTensor([1, 8, 9, 9])).shape).toEqual([1, 16, 5, 5]);
  });

  it('weighted fusion normalises relu(weights)', async () => {
    const f = new WeightedFusion(3).materialize(backend);
    setValues(f, 'weight', [2, -1, 1]);
    const xs = [randomTensor([1, 2, 3, 3], 61), randomTensor([1, 2, 3, 3], 62), randomTensor([1, 2, 3, 3], 63)];
    const denom = 3 + 1e-4;
    // Float32 constants (ε and the expected scales) bound the agreement at ~1e-7.
    await expectClose(f.forward(xs), ops.add({ a: scaled(xs[0], 2 / denom), b: scaled(xs[2], 1 / denom) }), 1e-6);
    expect(() => f.forward(xs.slice(0, 2))).toThrow(/3 tensors/);
  });
});

describe('batch norm folding', () => {
  it('leaves outputs unchanged', async () => {
    const conv = new Conv2d({ inChannels: 4, outChannels: 6, kernelSize: 3, stride: 2, groups: 2, bias: true }).materialize(backend, 64);
    const bn = new BatchNorm2d(6, 1e-3).materialize(backend);
    setValues(bn, 'weight', (i) => 0.5 + i / 4);
    setValues(bn, 'bias', (i) => i / 3 - 1);
    setValues(bn, 'running_mean', (i) => Math.sin(i));
    setValues(bn, 'running_var', (i) => 0.2 + i / 2);
    const x = randomTensor([2, 4, 7, 7], 65);
    const folded = await foldBatchNorm(conv, bn);
    expect(folded.hasBias).toBe(true);
    await expectClose(folded.forward(x), bn.forward(conv.forward(x)), 1e-5);
  });
});
