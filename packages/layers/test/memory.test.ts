/** After a forward pass the live tensor count grows by exactly the output, for every layer and model. */
import { liveTensorCount } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import {
  CBAM, CondConv2d, Conv2d, DeformConv2d, DepthwiseSeparable, DyConv2d, DynamicConv2d, Module, ODConv2d, SE, SKConv, buildModel, countModel,
} from '../src/index.js';
import { backend, randomTensor } from './helpers.js';

const layers: [string, () => Module][] = [
  ['Conv2d', () => new Conv2d({ inChannels: 8, outChannels: 8, kernelSize: 3, bias: true })],
  ['DynamicConv2d', () => new DynamicConv2d({ inChannels: 8, outChannels: 8, kernelSize: 3 })],
  ['DyConv2d', () => new DyConv2d({ inChannels: 8, outChannels: 8, kernelSize: 3, bias: true })],
  ['CondConv2d', () => new CondConv2d({ inChannels: 8, outChannels: 8, kernelSize: 3 })],
  ['ODConv2d 3×3 K=4', () => new ODConv2d({ inChannels: 8, outChannels: 8, kernelSize: 3, kernels: 4 })],
  ['ODConv2d 1×1 K=1', () => new ODConv2d({ inChannels: 8, outChannels: 8, kernelSize: 1 })],
  ['DeformConv2d v1', () => new DeformConv2d({ inChannels: 8, outChannels: 8, kernelSize: 3, version: 1 })],
  ['DeformConv2d v2', () => new DeformConv2d({ inChannels: 8, outChannels: 8, kernelSize: 3 })],
  ['SE', () => new SE({ channels: 8 })],
  ['CBAM', () => new CBAM({ channels: 8, reduction: 2 })],
  ['SKConv', () => new SKConv({ channels: 8, groups: 2 })],
  ['DepthwiseSeparable', () => new DepthwiseSeparable({ inChannels: 8, outChannels: 8 })],
];

describe('memory', () => {
  for (const [name, make] of layers) {
    it(`${name}: output only, and the traced shape is the real one`, () => {
      const m = make().materialize(backend, 1);
      const x = randomTensor([2, 8, 6, 6]);
      const before = liveTensorCount(backend);
      const y = m.forward(x);
      expect(liveTensorCount(backend)).toBe(before + 1);
      expect(countModel(m, x.shape).output).toEqual(y.shape);
      y.dispose();
      const params = m.parameterCount();
      m.dispose();
      expect(liveTensorCount(backend)).toBe(before - [...m.namedSlots()].length);
      expect(params).toBeGreaterThan(0);
      x.dispose();
    });
  }

  it('models: output only, and the traced shape is the real one', () => {
    for (const [name, size] of [['dynamic-convnet', 28], ['mobilenetv2', 32], ['dy-mobilenetv2', 32], ['condconv-mobilenetv2', 32], ['od-mobilenetv2', 32], ['dy-resnet18', 32]] as const) {
      const model = buildModel(name, { backend, seed: 3, width: name.includes('mobilenet') ? 0.5 : undefined });
      const x = randomTensor([1, 3, size, size]);
      const before = liveTensorCount(backend);
      const y = model.forward(x);
      expect(liveTensorCount(backend), name).toBe(before + 1);
      expect(countModel(model, x.shape).output, name).toEqual(y.shape);
      y.dispose();
      x.dispose();
      model.dispose();
    }
  });
});
