/**
 * Parameter counts against the papers' published tables, to the printed precision, and the
 * exact torchvision anchors. The expected figures are the published ones (ODConv README,
 * SKNet paper, torchvision), never values produced by this code.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, countModel, type BuildOptions } from '../src/index.js';

const count = (name: string, o: BuildOptions = {}) => countModel(buildModel(name, o), [1, 3, 224, 224]);
/** `4.94M` means round(params / 1e4) / 100 === 4.94. */
const millions2 = (n: number) => Math.round(n / 1e4) / 100;

describe('published parameter counts', () => {
  // ODConv README: MobileNetV2 width → [static, ODConv 1×, ODConv 4×], in millions.
  const odMobile: [number, [number, number, number]][] = [[1, [3.5, 4.94, 11.51]], [0.75, [2.64, 3.51, 7.5]], [0.5, [1.97, 2.43, 4.44]]];
  for (const [width, [base, od1, od4]] of odMobile) {
    it(`MobileNetV2 ${width}×: ${base}M / ODConv 1× ${od1}M / 4× ${od4}M`, () => {
      expect(millions2(count('mobilenetv2', { width }).params)).toBe(base);
      expect(millions2(count('od-mobilenetv2', { width, kernels: 1 }).params)).toBe(od1);
      expect(millions2(count('od-mobilenetv2', { width, kernels: 4 }).params)).toBe(od4);
    });
  }

  it('ResNet-18: 11.69M / ODConv 1× 11.94M / 4× 44.90M', () => {
    expect(millions2(count('resnet18').params)).toBe(11.69);
    expect(millions2(count('od-resnet18', { kernels: 1 }).params)).toBe(11.94);
    expect(millions2(count('od-resnet18', { kernels: 4 }).params)).toBe(44.9);
  });

  it('SKNet-50: 27.5M params, 4.47 GMACs', () => {
    const c = count('sknet50');
    expect(Math.round(c.params / 1e5) / 10).toBe(27.5);
    expect(Math.round(c.macs / 1e7) / 100).toBe(4.47);
  });
});

describe('exact anchors (torchvision)', () => {
  it('MobileNetV2 1.0×: 3,504,872 params, 300,774,272 MACs', () => {
    expect(count('mobilenetv2')).toMatchObject({ params: 3_504_872, macs: 300_774_272 });
  });

  it('ResNet-18: 11,689,512 params, 1,814,073,344 MACs', () => {
    expect(count('resnet18')).toMatchObject({ params: 11_689_512, macs: 1_814_073_344 });
  });

  it('static MACs to the ODConv table\'s precision: 209.1M (0.75×), 97.1M (0.5×)', () => {
    expect(Math.round(count('mobilenetv2', { width: 0.75 }).macs / 1e5) / 10).toBe(209.1);
    expect(Math.round(count('mobilenetv2', { width: 0.5 }).macs / 1e5) / 10).toBe(97.1);
  });
});

describe('counter', () => {
  it('counts BN weight and bias but not running statistics', () => {
    const m = buildModel('resnet18');
    let all = 0;
    let buffers = 0;
    for (const [name, slot] of m.namedSlots()) {
      const n = slot.shape.reduce((a, b) => a * b, 1);
      all += n;
      if (name.endsWith('running_mean') || name.endsWith('running_var')) buffers += n;
    }
    expect(m.parameterCount()).toBe(all - buffers);
    expect(buffers).toBeGreaterThan(0);
  });

  it('dynamic variants cost more MACs than the static network, and K = 4 more than K = 1', () => {
    const base = count('mobilenetv2').macs;
    const od1 = count('od-mobilenetv2').macs;
    const od4 = count('od-mobilenetv2', { kernels: 4 }).macs;
    expect(od1).toBeGreaterThan(base);
    expect(od4).toBeGreaterThan(od1);
  });

  it('rows name layers by their state_dict prefix', () => {
    const rows = count('mobilenetv2').rows;
    expect(rows[0]).toMatchObject({ name: 'features.0.0', type: 'Conv2d', output: [1, 32, 112, 112], params: 864 });
    expect(rows.at(-1)).toMatchObject({ name: 'classifier.1', type: 'Linear', params: 1_281_000, macs: 1_280_000 });
    expect(rows.reduce((s, r) => s + r.params, 0)).toBe(3_504_872);
    expect(rows.reduce((s, r) => s + r.macs, 0)).toBe(300_774_272);
  });
});
