import { AttributeError } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import { CondConv2d, Conv2d, DyConv2d, ODConv2d, buildModel, modelNames, type Module } from '../src/index.js';
import { backend, maxDiff, randomTensor } from './helpers.js';

const keys = (m: Module) => [...m.namedSlots()].map(([n]) => n);
const typeAt = (m: Module, path: string) => {
  let cur: Module = m;
  for (const part of path.split('.')) cur = cur.children().get(part)!;
  return cur;
};

describe('model builders', () => {
  it('knows the nine models', () => {
    expect(modelNames).toEqual(['dynamic-convnet', 'mobilenetv2', 'dy-mobilenetv2', 'condconv-mobilenetv2', 'od-mobilenetv2', 'resnet18', 'dy-resnet18', 'od-resnet18', 'sknet50']);
    expect(() => buildModel('vgg16')).toThrow(AttributeError);
  });

  it('rejects an option the model would ignore: width outside the MobileNetV2s, K for a static model', () => {
    for (const name of ['resnet18', 'od-resnet18', 'sknet50', 'dynamic-convnet']) {
      expect(() => buildModel(name, { width: 0.5 }), name).toThrow(expect.objectContaining({ name: 'AttributeError', arg: 'width', actual: '0.5' }));
    }
    for (const name of ['mobilenetv2', 'resnet18', 'sknet50', 'dynamic-convnet']) {
      expect(() => buildModel(name, { kernels: 4 }), name).toThrow(expect.objectContaining({ name: 'AttributeError', arg: 'kernels', actual: '4' }));
    }
    expect(buildModel('dy-resnet18', { kernels: 2 }).findSlot('layer1.0.conv1.weight').shape[0]).toBe(2);
    expect(buildModel('mobilenetv2', { width: 0.5 }).findSlot('features.0.0.weight').shape[0]).toBe(16);
  });

  it('uses torchvision names for MobileNetV2 and ResNet-18', () => {
    const mb = keys(buildModel('mobilenetv2'));
    for (const k of ['features.0.0.weight', 'features.0.1.running_var', 'features.1.conv.0.0.weight', 'features.1.conv.1.weight', 'features.1.conv.2.bias', 'features.2.conv.0.0.weight', 'features.17.conv.3.weight', 'features.18.0.weight', 'classifier.1.weight', 'classifier.1.bias']) {
      expect(mb).toContain(k);
    }
    const rn = keys(buildModel('resnet18'));
    for (const k of ['conv1.weight', 'bn1.running_mean', 'layer1.0.conv1.weight', 'layer2.0.downsample.0.weight', 'layer2.0.downsample.1.bias', 'layer4.1.bn2.weight', 'fc.weight', 'fc.bias']) {
      expect(rn).toContain(k);
    }
  });

  it('makes dynamic exactly the layers the authors do', () => {
    for (const [name, Dyn] of [['od-mobilenetv2', ODConv2d], ['dy-mobilenetv2', DyConv2d]] as const) {
      const m = buildModel(name);
      expect(typeAt(m, 'features.0.0')).toBeInstanceOf(Conv2d);
      expect(typeAt(m, 'features.1.conv.0.0')).toBeInstanceOf(Dyn);
      expect(typeAt(m, 'features.2.conv.0.0')).toBeInstanceOf(Dyn);
      expect(typeAt(m, 'features.2.conv.2')).toBeInstanceOf(Dyn);
      expect(typeAt(m, 'features.18.0')).toBeInstanceOf(Dyn);
    }
    const cc = buildModel('condconv-mobilenetv2');
    expect(typeAt(cc, 'features.11.conv.0.0')).toBeInstanceOf(Conv2d);
    expect(typeAt(cc, 'features.12.conv.0.0')).toBeInstanceOf(CondConv2d);
    expect(typeAt(cc, 'features.17.conv.2')).toBeInstanceOf(CondConv2d);
    expect(keys(cc)).toContain('features.12.route.fc.weight');
    expect(keys(cc)).not.toContain('features.11.route.fc.weight');
    expect(typeAt(cc, 'features.18.0')).toBeInstanceOf(Conv2d);
    expect(typeAt(cc, 'classifier.1')).toBeInstanceOf(CondConv2d);
    for (const [name, Dyn] of [['od-resnet18', ODConv2d], ['dy-resnet18', DyConv2d]] as const) {
      const m = buildModel(name);
      expect(typeAt(m, 'conv1')).toBeInstanceOf(Conv2d);
      expect(typeAt(m, 'layer1.0.conv1')).toBeInstanceOf(Dyn);
      expect(typeAt(m, 'layer3.1.conv2')).toBeInstanceOf(Dyn);
      expect(typeAt(m, 'layer2.0.downsample.0')).toBeInstanceOf(Conv2d);
    }
    expect(buildModel('dy-resnet18').findSlot('layer1.0.conv1.weight').shape).toEqual([4, 64, 64, 3, 3]);
    expect(buildModel('od-resnet18', { kernels: 4 }).findSlot('layer1.0.conv1.weight').shape).toEqual([4, 64, 64, 3, 3]);
  });

  it('is deterministic from the seed', async () => {
    const a = buildModel('od-mobilenetv2', { backend, seed: 7, width: 0.5 });
    const b = buildModel('od-mobilenetv2', { backend, seed: 7, width: 0.5 });
    const c = buildModel('od-mobilenetv2', { backend, seed: 8, width: 0.5 });
    const name = 'features.3.conv.1.0.weight';
    expect(await maxDiff(a.stateDict().get(name)!, b.stateDict().get(name)!)).toBe(0);
    expect(await maxDiff(a.stateDict().get(name)!, c.stateDict().get(name)!)).toBeGreaterThan(0);
    const x = randomTensor([1, 3, 32, 32], 5);
    expect(await maxDiff(a.forward(x), b.forward(x))).toBe(0);
    for (const m of [a, b, c]) m.dispose();
  });

  it('DynamicConvNet runs on 28×28 and 224×224 inputs', () => {
    const m = buildModel('dynamic-convnet', { backend, seed: 1 });
    expect(m.forward(randomTensor([2, 3, 28, 28])).shape).toEqual([2, 10]);
    expect(m.forward(randomTensor([1, 3, 224, 224])).shape).toEqual([1, 10]);
    m.dispose();
  });

  it('SKNet-50 and ODConv ResNet-18 run end to end', async () => {
    for (const [name, kernels] of [['sknet50', undefined], ['od-resnet18', 4]] as const) {
      const m = buildModel(name, { backend, seed: 2, kernels, numClasses: 7 });
      const y = m.forward(randomTensor([1, 3, 32, 32]));
      expect(y.shape).toEqual([1, 7]);
      expect((await y.data()).every(Number.isFinite)).toBe(true);
      m.dispose();
    }
  });
});
