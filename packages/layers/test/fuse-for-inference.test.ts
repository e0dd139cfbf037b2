/** Inference fusion: the same outputs with fewer ops, every name but the folded ones kept, nothing leaked. */
import { liveTensorCount, tensor, type Tensor } from '@dcnn/core';
import { describe, expect, it } from 'vitest';
import {
  Activation, BasicBlock, BatchNorm2d, Conv2d, DyConv2d, DynamicConv2d, FoldedLayer, type FuseReport, type Module, ODConv2d, Rng, SKConv, Sequential, buildModel, calibrateBatchNorm, countModel, fuseForInference,
} from '../src/index.js';
import { backend, randomTensor, setValues } from './helpers.js';

/** ‖a − b‖₂ / ‖b‖₂. */
async function relL2(a: Tensor, b: Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = await Promise.all([a.data64(), b.data64()]);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i] - y[i]) ** 2;
    den += y[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Running statistics and affine terms away from the identity (by `spread`), so a wrong fold shows. */
function randomizeBatchNorm(bn: BatchNorm2d, seed: number, spread = 1): void {
  const rng = new Rng(seed);
  setValues(bn, 'weight', () => 1 + spread * rng.uniform(-0.5, 1));
  setValues(bn, 'bias', () => spread * rng.uniform(-1, 1));
  setValues(bn, 'running_mean', () => spread * rng.uniform(-0.5, 0.5));
  setValues(bn, 'running_var', () => 1 + spread * rng.uniform(-0.8, 2));
}

function batchNormsOf(m: Module): BatchNorm2d[] {
  return [...(m instanceof BatchNorm2d ? [m] : []), ...[...m.children().values()].flatMap(batchNormsOf)];
}

/** The distinct tensors of `model` (a module it holds twice lists its tensors under two names). */
const tensorCount = (model: Module): number => new Set(model.stateDict().values()).size;

/**
 * Fuses `model` and checks it: the report, the output on `x` the same as before (relL2 below
 * `tolerance`), and exactly the tensors the model gained or lost live (nothing leaked or freed
 * twice). `label` names the case in a failure.
 */
async function expectFused(model: Module, x: Tensor, report: FuseReport, tolerance = 1e-6, label?: string): Promise<void> {
  const before = model.forward(x);
  const liveBefore = liveTensorCount(backend);
  const slotsBefore = tensorCount(model);
  expect(await fuseForInference(model), label).toEqual(report);
  expect(liveTensorCount(backend) - liveBefore, label).toBe(tensorCount(model) - slotsBefore);
  const live = liveTensorCount(backend);
  const after = model.forward(x);
  expect(liveTensorCount(backend), label).toBe(live + 1);
  expect(await relL2(after, before), label).toBeLessThan(tolerance);
  before.dispose();
  after.dispose();
}

describe('fuseForInference', () => {
  it('folds conv → batch norm → relu6 into one conv with a bias and a fused relu6, keeping the indices', async () => {
    const seq = new Sequential([
      new Conv2d({ inChannels: 3, outChannels: 5, kernelSize: 3, stride: 2 }),
      new BatchNorm2d(5),
      new Activation('relu6'),
      new Conv2d({ inChannels: 5, outChannels: 4, kernelSize: 1, bias: true }),
      new BatchNorm2d(4),
    ]).materialize(backend, 1);
    randomizeBatchNorm(seq.layers[1] as BatchNorm2d, 2);
    randomizeBatchNorm(seq.layers[4] as BatchNorm2d, 3);
    const x = randomTensor([2, 3, 9, 9], 4);
    await expectFused(seq, x, { batchNorms: 2, activations: 1 });
    expect(seq.layers.map((m) => m.typeName)).toEqual(['Conv2d', 'folded BatchNorm2d', 'folded relu6', 'Conv2d', 'folded BatchNorm2d']);
    expect((seq.layers[0] as Conv2d).config.activation).toBe('relu6');
    expect([...seq.stateDict().keys()]).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
    expect(seq.layers[1]).toBeInstanceOf(FoldedLayer);
    x.dispose();
    seq.dispose();
  });

  it('folds a batch norm into every kernel and bias of a DyConv2d (softmax attention) and fuses the relu', async () => {
    for (const bias of [false, true]) {
      const seq = new Sequential([
        new DyConv2d({ inChannels: 6, outChannels: 6, kernelSize: 3, groups: 3, kernels: 3, bias, temperature: 0.7 }),
        new BatchNorm2d(6),
        new Activation('relu'),
      ]).materialize(backend, 5);
      if (bias) setValues(seq, '0.bias', (i) => Math.sin(i));
      randomizeBatchNorm(seq.layers[1] as BatchNorm2d, 6);
      const x = randomTensor([3, 6, 7, 7], 7);
      await expectFused(seq, x, { batchNorms: 1, activations: 1 });
      const fused = seq.layers[0] as DyConv2d;
      expect([fused.kernels, fused.temperature, fused.config.activation, fused.hasBias]).toEqual([3, 0.7, 'relu', true]);
      expect(fused.attention.fc1.config.outChannels).toBe(Math.floor(6 * 0.25) + 1);
      x.dispose();
      seq.dispose();
    }
  });

  it('folds a batch norm into an ODConv2d as a bias bank after the filter attention, and its attention\'s own batch norm', async () => {
    const configs = [
      { inChannels: 6, outChannels: 8, kernelSize: 3, kernels: 4, groups: 2, temperature: 0.8 },
      // The authors' 1×1 single-kernel path (x·α_c, conv, ·α_f): with a bias it runs as one dynamicConv2d.
      { inChannels: 6, outChannels: 8, kernelSize: 1 },
      // Depthwise: no filter attention.
      { inChannels: 8, outChannels: 8, kernelSize: 3, groups: 8, kernels: 2 },
    ];
    for (const [i, config] of configs.entries()) {
      const seq = new Sequential([new ODConv2d(config), new BatchNorm2d(config.outChannels), new Activation('relu6')]).materialize(backend, 20 + i);
      randomizeBatchNorm(seq.layers[1] as BatchNorm2d, 30 + i);
      randomizeBatchNorm((seq.layers[0] as ODConv2d).attention.bn as BatchNorm2d, 40 + i, 0.5);
      const x = randomTensor([3, config.inChannels, 7, 7], 50 + i);
      await expectFused(seq, x, { batchNorms: 2, activations: 2 }, 1e-6, JSON.stringify(config));
      const fused = seq.layers[0] as ODConv2d;
      expect([fused.hasBias, fused.config.activation, fused.kernels, fused.temperature]).toEqual([true, 'relu6', config.kernels ?? 1, config.temperature ?? 1]);
      expect(fused.attention.bn).toBeInstanceOf(FoldedLayer);
      x.dispose();
      seq.dispose();
    }
  });

  it('folds a batch norm into an ODConv2d whose attention was already fused on its own', async () => {
    // fuseForInference on the ODConv alone folds only its attention (fc → bn → relu); the fused
    // copy made for the Sequential's run must take that attention as it now is.
    const od = new ODConv2d({ inChannels: 6, outChannels: 8, kernelSize: 3, kernels: 2 });
    const seq = new Sequential([od, new BatchNorm2d(8), new Activation('relu')]).materialize(backend, 60);
    randomizeBatchNorm(seq.layers[1] as BatchNorm2d, 61);
    randomizeBatchNorm(od.attention.bn as BatchNorm2d, 62, 0.5);
    expect(await fuseForInference(od)).toEqual({ batchNorms: 1, activations: 1 });
    const x = randomTensor([2, 6, 7, 7], 63);
    await expectFused(seq, x, { batchNorms: 1, activations: 1 });
    const fused = seq.layers[0] as ODConv2d;
    expect([fused.hasBias, fused.config.activation, fused.attention.bn]).toEqual([true, 'relu', expect.any(FoldedLayer)]);
    x.dispose();
    seq.dispose();
  });

  it('folds a batch norm into the kernels a DynamicConv2d generates (its generator\'s last rows) and its static bias', async () => {
    for (const bias of [false, true]) {
      const seq = new Sequential([
        new DynamicConv2d({ inChannels: 6, outChannels: 4, kernelSize: 3, groups: 2, bias }),
        new BatchNorm2d(4),
        new Activation('relu'),
      ]).materialize(backend, 60);
      randomizeBatchNorm(seq.layers[1] as BatchNorm2d, 61);
      const x = randomTensor([3, 6, 7, 7], 62);
      await expectFused(seq, x, { batchNorms: 1, activations: 1 });
      const fused = seq.layers[0] as DynamicConv2d;
      expect([fused.hasBias, fused.config.activation, fused.generator.layers[0].typeName]).toEqual([true, 'relu', 'Linear']);
      x.dispose();
      seq.dispose();
    }
  });

  it('fuses an activation that follows a conv directly, and leaves a conv that already has one', async () => {
    const seq = new Sequential([
      new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1 }),
      new Activation('silu'),
      new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1, activation: 'relu' }),
      new BatchNorm2d(2),
    ]).materialize(backend, 8);
    const x = randomTensor([1, 2, 3, 3], 9);
    await expectFused(seq, x, { batchNorms: 0, activations: 1 });
    expect(seq.layers.map((m) => m.typeName)).toEqual(['Conv2d', 'folded silu', 'Conv2d', 'BatchNorm2d']);
    x.dispose();
    seq.dispose();
  });

  // Expected counts from the MobileNetV2 table (torchvision layout): 1 stem conv, 17 blocks of
  // which the first has no expansion (2 convs) and the others 3, 1 last conv: 52 convs, each with
  // a batch norm; every conv but the 17 projections has a relu6.
  const cases = [
    // The seed design: two DynamicConv2d (an MLP generates the kernels), each with a BN and a relu.
    ['dynamic-convnet', { batchNorms: 2, activations: 2 }, 1e-5],
    ['mobilenetv2', { batchNorms: 52, activations: 35 }, 1e-5],
    ['dy-mobilenetv2', { batchNorms: 52, activations: 35 }, 1e-5],
    // CondConv routes the last 6 blocks: 1 stem + 2 + 10·3 static block convs + the last conv.
    // This random net is ill-conditioned: moving its conv weights by float32 rounding alone
    // (relative ±6e-8) moved its logits by 7.8e-5 (measured); a wrong fold moves them by ~1.
    ['condconv-mobilenetv2', { batchNorms: 34, activations: 23 }, 1e-3],
    // ODConv in every conv but the stem: the same 52 runs, plus each of the 51 ODConvs'
    // attention (fc → bn → relu).
    ['od-mobilenetv2', { batchNorms: 52 + 51, activations: 35 + 51 }, 1e-5],
    // By fusion sites: the stem (conv1, bn1, relu), each of 8 basic blocks' conv1/bn1/relu and
    // conv2/bn2, and 3 downsample Sequentials (conv, bn): 20 batch norms, 9 relus.
    ['resnet18', { batchNorms: 20, activations: 9 }, 1e-5],
    ['dy-resnet18', { batchNorms: 20, activations: 9 }, 1e-5],
    // ODConv in the 16 block convs: resnet18's runs plus their 16 attentions.
    ['od-resnet18', { batchNorms: 20 + 16, activations: 9 + 16 }, 1e-5],
    // The stem; 16 bottlenecks with conv1/bn1/relu, conv3/bn3 and an SK unit of two branches
    // (conv, bn, relu) and a fuse (conv, bn, relu); 4 downsample branches.
    ['sknet50', { batchNorms: 1 + 16 * 5 + 4, activations: 1 + 16 * 4 }, 1e-5],
  ] as const;
  for (const [name, expected, tolerance] of cases) {
    it(`${name}: folds what it can and computes the same logits`, async () => {
      const model = buildModel(name, { backend, seed: 11, width: name.includes('mobilenet') ? 0.5 : undefined, numClasses: 10 });
      const x = randomTensor([2, 3, 32, 32], 12);
      // Mild statistics: calibrated ones make these random nets chaotic (float32 rounding of the
      // folded weights then moves the logits by up to 1e-2), which would hide a wrong fold.
      batchNormsOf(model).forEach((bn, i) => randomizeBatchNorm(bn, 100 + i, 0.2));
      const shapeBefore = countModel(model, x.shape).output;
      const runningMeans = (): number => [...model.stateDict().keys()].filter((k) => k.endsWith('running_mean')).length;
      const meansBefore = runningMeans();
      await expectFused(model, x, expected, tolerance);
      expect(countModel(model, x.shape).output).toEqual(shapeBefore);
      expect(runningMeans()).toBe(meansBefore - expected.batchNorms);
      // A second call finds nothing left to fold.
      expect(await fuseForInference(model)).toEqual({ batchNorms: 0, activations: 0 });
      x.dispose();
      model.dispose();
    });
  }

  it('ResNet blocks skip their own relu once it is fused into the conv', async () => {
    // The reference backend with its relu and batchNorm kernels counted.
    const calls = { relu: 0, batchNorm: 0 };
    const kernels = { ...backend.kernels };
    for (const op of ['relu', 'batchNorm'] as const) {
      const kernel = backend.kernels[op] as (...a: unknown[]) => unknown;
      (kernels as Record<string, unknown>)[op] = (...a: unknown[]) => (calls[op]++, kernel(...a));
    }
    const counting = { ...backend, kernels } as typeof backend;
    const model = buildModel('resnet18', { backend: counting, seed: 1, numClasses: 10 });
    const x = tensor(counting, new Float32Array(3 * 32 * 32).fill(0.5), [1, 3, 32, 32]);
    const run = async () => {
      calls.relu = calls.batchNorm = 0;
      model.forward(x).dispose();
      return { ...calls };
    };
    // Unfused: the stem's relu, each block's relu after conv1 and after the sum.
    expect(await run()).toEqual({ relu: 1 + 8 + 8, batchNorm: 20 });
    await fuseForInference(model);
    expect(await run()).toEqual({ relu: 8, batchNorm: 0 });
    x.dispose();
    model.dispose();
  });

  it('keeps a conv or batch norm that the model also uses where it is not fused', async () => {
    const conv = new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1 });
    const bn = new BatchNorm2d(2);
    // conv → bn is fused in the first Sequential; the second runs the same conv alone, the third the same bn alone.
    const model = new Sequential([new Sequential([conv, bn]), new Sequential([conv]), new Sequential([bn])]).materialize(backend, 1);
    randomizeBatchNorm(bn, 2);
    const x = randomTensor([1, 2, 3, 3], 3);
    await expectFused(model, x, { batchNorms: 1, activations: 0 });
    x.dispose();
    model.dispose();
  });

  it('fuses a Sequential that the model holds twice once', async () => {
    const inner = new Sequential([new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1 }), new BatchNorm2d(2), new Activation('relu')]);
    const model = new Sequential([inner, inner]).materialize(backend, 1);
    randomizeBatchNorm(inner.layers[1] as BatchNorm2d, 2);
    const x = randomTensor([1, 2, 3, 3], 3);
    await expectFused(model, x, { batchNorms: 1, activations: 1 });
    x.dispose();
    model.dispose();
  });

  it('refuses a model that is not materialised, and changes nothing', async () => {
    const seq = new Sequential([new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1 }), new BatchNorm2d(2)]);
    const layers = [...seq.layers];
    await expect(fuseForInference(seq)).rejects.toMatchObject({ name: 'AttributeError' });
    expect(seq.layers).toEqual(layers);
  });

  it('refuses a model with an unmaterialised tensor outside the runs it would fold, and changes nothing', async () => {
    const run = new Sequential([new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1 }), new BatchNorm2d(2)]).materialize(backend, 1);
    const model = new Sequential([run, new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: 1 })]);
    const live = liveTensorCount(backend);
    await expect(fuseForInference(model)).rejects.toMatchObject({ name: 'AttributeError', arg: '1.weight' });
    expect(run.layers.map((m) => m.typeName)).toEqual(['Conv2d', 'BatchNorm2d']);
    expect(liveTensorCount(backend)).toBe(live);
    run.dispose();
  });

  it('leaves the model as it was, and frees what it made, when a read fails part-way', async () => {
    let reads = 0;
    let failAt = 0;
    const readOr = <T>(read: () => Promise<T>): Promise<T> => (++reads === failAt ? Promise.reject(new Error('read failed')) : read());
    const failing = {
      ...backend,
      read: (h: never, s: never) => readOr(() => backend.read(h, s)),
      readFloat64: (h: never, s: never) => readOr(() => backend.readFloat64!(h, s)),
    } as typeof backend;
    const seq = new Sequential([
      new ODConv2d({ inChannels: 4, outChannels: 4, kernelSize: 3, kernels: 2 }), new BatchNorm2d(4), new Activation('relu'),
      new Conv2d({ inChannels: 4, outChannels: 4, kernelSize: 1 }), new BatchNorm2d(4),
      new DyConv2d({ inChannels: 4, outChannels: 4, kernelSize: 3, kernels: 2 }), new BatchNorm2d(4), new Activation('relu'),
    ]).materialize(failing, 1);
    const layers = [...seq.layers];
    const attention = (seq.layers[0] as ODConv2d).attention;
    const attentionLayers = [...attention.children().values()];
    // 23 reads for the ODConv's run: 4 of its batch norm, its weight, 13 attention tensors (fc, 4
    // of bn, 4 heads' weight and bias), then 5 for folding the copied attention's bn into its fc
    // (first, so later failures show whether that touched the original); 5 for the conv's run,
    // 8 for the DyConv's (its weight, 3 attention tensors, 4 of the batch norm).
    for (failAt = 1; failAt <= 36; failAt++) {
      reads = 0;
      const live = liveTensorCount(failing);
      await expect(fuseForInference(seq)).rejects.toThrow('read failed');
      expect(seq.layers).toEqual(layers);
      expect([...attention.children().values()].every((m, i) => m === attentionLayers[i])).toBe(true);
      expect(liveTensorCount(failing), `read ${failAt} failed`).toBe(live);
    }
    // Every read was made to fail once: the next call reads 36 times and fuses.
    reads = 0;
    expect(await fuseForInference(seq)).toEqual({ batchNorms: 2 + 2, activations: 1 + 2 });
    expect(reads).toBe(36);
    seq.dispose();
  });

  it('Sequential.replaceChild replaces the layer that runs, as replaceLayer does', async () => {
    const seq = new Sequential([new Activation('relu'), new Activation('relu')]);
    const x = tensor(backend, [-1, 2], [1, 2, 1, 1]);
    expect(seq.replaceChild('1', new Activation('sigmoid'))).toBeInstanceOf(Activation);
    expect(seq.layers.map((m) => m.typeName)).toEqual(['relu', 'sigmoid']);
    const y = seq.forward(x);
    expect(Array.from(await y.data())).toEqual([0.5, Math.fround(1 / (1 + Math.exp(-2)))]);
    expect(() => seq.replaceChild('2', new Activation('relu'))).toThrow(expect.objectContaining({ name: 'ShapeError', arg: '2' }));
    x.dispose();
    y.dispose();
  });

  it('replaceChild replaces only children read by name: fusion sites yes, children kept in fields no', () => {
    const block = new BasicBlock(4, 8, 2, { kind: 'static', kernels: 1 });
    const conv = new Conv2d({ inChannels: 4, outChannels: 8, kernelSize: 3, stride: 2 });
    block.replaceChild('conv1', conv);
    expect(block.childNamed('conv1')).toBe(conv);
    // SKConv runs its branches through a field: replacing one would change nothing that runs.
    const sk = new SKConv({ channels: 8, groups: 2, minChannels: 4 });
    expect(() => sk.replaceChild('fuse', new Activation('relu'))).toThrow(expect.objectContaining({ name: 'AttributeError', arg: 'fuse' }));
    expect(() => block.replaceChild('downsample', new Activation('relu'))).toThrow(expect.objectContaining({ name: 'AttributeError', arg: 'downsample' }));
    expect(() => block.replaceChild('nope', new Activation('relu'))).toThrow(expect.objectContaining({ name: 'ShapeError', arg: 'nope' }));
  });

  it('Sequential.replaceLayer refuses an index outside the layers', () => {
    const seq = new Sequential([new Activation('relu')]);
    expect(() => seq.replaceLayer(1, new Activation('relu'))).toThrow(expect.objectContaining({ name: 'AttributeError', arg: 'index', actual: '1' }));
  });
});
