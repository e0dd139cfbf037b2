import { ops } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { CondConv2d } from '../src/index.js';
import { backend, expectClose, fromValues, randomTensor } from './helpers.js';

describe('CondConv2d', () => {
  const make = () => new CondConv2d({ inChannels: 4, outChannels: 6, kernelSize: 3, experts: 3, bias: true }).materialize(backend, 11);

  it('declares weight, bias and its own routing', () => {
    const shapes = Object.fromEntries([...make().namedSlots()].map(([n, s]) => [n, s.shape]));
    expect(shapes).toEqual({ weight: [3, 6, 4, 3, 3], bias: [3, 6], 'route.fc.weight': [3, 4], 'route.fc.bias': [3] });
  });

  it('with one-hot routing equals that expert', async () => {
    const conv = make();
    const s = conv.stateDict();
    const x = randomTensor([2, 4, 7, 7], 12);
    for (let e = 0; e < 3; e++) {
      const r = fromValues([0, 1, 2, 0, 1, 2].map((k) => (k === e ? 1 : 0)), [2, 3]);
      const [w] = ops.split({ x: s.get('weight')! }, { axis: 0, sizes: [1, 1, 1] }).filter((_, i) => i === e);
      const [b] = ops.split({ x: s.get('bias')! }, { axis: 0, sizes: [1, 1, 1] }).filter((_, i) => i === e);
      const expert = ops.conv2d(
        { x, w: ops.reshape({ x: w }, { shape: [6, 4, 3, 3] }), b: ops.reshape({ x: b }, { shape: [6] }) },
        { pads: [1, 1, 1, 1] },
      );
      await expectClose(conv.forwardWithRouting(x, r), expert);
    }
  });

  it('routes with an unnormalised sigmoid of a linear map of the pooled input', async () => {
    const conv = make();
    const x = randomTensor([2, 4, 5, 5], 13);
    const r = await conv.route!.forward(x).data64();
    const xs = await x.data64();
    const w = await conv.stateDict().get('route.fc.weight')!.data64();
    const b = await conv.stateDict().get('route.fc.bias')!.data64();
    for (let n = 0; n < 2; n++) {
      for (let k = 0; k < 3; k++) {
        let z = b[k];
        for (let c = 0; c < 4; c++) {
          let mean = 0;
          for (let i = 0; i < 25; i++) mean += xs[(n * 4 + c) * 25 + i] / 25;
          z += w[k * 4 + c] * mean;
        }
        expect(r[n * 3 + k]).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
      }
    }
    await expectClose(conv.forward(x), conv.forwardWithRouting(x, conv.route!.forward(x)));
  });

  it('without its own routing refuses a plain forward', () => {
    const conv = new CondConv2d({ inChannels: 4, outChannels: 4, kernelSize: 1, ownRouting: false }).materialize(backend);
    expect(() => conv.forward(randomTensor([1, 4, 2, 2]))).toThrow(/routing/);
  });
});
