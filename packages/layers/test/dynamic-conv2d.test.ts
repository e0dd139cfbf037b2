import { ops } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { DynamicConv2d } from '../src/index.js';
import { backend, expectClose, maxDiff, randomTensor, setValues } from './helpers.js';

describe('DynamicConv2d (the seed design)', () => {
  const make = () => new DynamicConv2d({ inChannels: 4, outChannels: 6, kernelSize: 3, groups: 2, hidden: 8, bias: true }).materialize(backend, 41);

  it('generates M·(C/group)·kh·kw values per sample', () => {
    const m = make();
    const shapes = Object.fromEntries([...m.namedSlots()].map(([n, s]) => [n, s.shape]));
    expect(shapes).toEqual({
      'generator.0.weight': [8, 4], 'generator.0.bias': [8],
      'generator.2.weight': [6 * 2 * 3 * 3, 8], 'generator.2.bias': [6 * 2 * 3 * 3],
      bias: [6],
    });
    expect(m.generate(randomTensor([3, 4, 5, 5])).shape).toEqual([3, 6, 2, 3, 3]);
  });

  it('convolves each sample with its own generated kernel', async () => {
    const m = make();
    const x = randomTensor([2, 4, 6, 6], 42);
    const kernels = m.generate(x);
    const y = m.forward(x);
    const [x0, x1] = ops.split({ x }, { axis: 0, sizes: [1, 1] });
    const [k0, k1] = ops.split({ x: kernels }, { axis: 0, sizes: [1, 1] });
    const b = m.stateDict().get('bias')!;
    const conv = (xi: typeof x, ki: typeof x) => ops.conv2d({ x: xi, w: ops.reshape({ x: ki }, { shape: [6, 2, 3, 3] }), b }, { pads: [1, 1, 1, 1], group: 2 });
    await expectClose(y, ops.concat({ xs: [conv(x0, k0), conv(x1, k1)] }, { axis: 0 }));
    // The two samples really got different kernels.
    expect(await maxDiff(k0, k1)).toBeGreaterThan(1e-6);
  });

  it('the kernel is MLP(AvgPool(x)): a zero last layer leaves its bias as a static kernel', async () => {
    const m = make();
    setValues(m, 'generator.2.weight', () => 0);
    const x = randomTensor([2, 4, 5, 5], 43);
    const s = m.stateDict();
    const w = ops.reshape({ x: s.get('generator.2.bias')! }, { shape: [6, 2, 3, 3] });
    await expectClose(m.forward(x), ops.conv2d({ x, w, b: s.get('bias')! }, { pads: [1, 1, 1, 1], group: 2 }));
  });
});
