/**
 * Layer and model cases: every layer and model builder of @dcnn/layers, materialised from the
 * same seed on the backend under test and on the reference (same weights, same inputs), run
 * forward, and compared. In layer cases batch-norm statistics are drawn at random too, so a wrong
 * batchNorm kernel cannot hide behind the identity initialisation. Whole models keep their
 * builders' initialisation: random statistics that do not match the activations make a deep
 * network ill-conditioned (float32 rounding alone then moves the logits by far more than the
 * per-op tolerance), which would test the model's conditioning rather than the backend.
 */
import { scope, tensor, type AnyBackend, type Tensor } from '@dcnn/core';
import * as L from '@dcnn/layers';
import { createRng, hashSeed, type Rng } from '../prng.js';
import { normal, uniform } from './generators.js';
import type { ProgramCaseSpec } from './types.js';

type Layer = { forward(x: never): Tensor; materialize(b: AnyBackend, seed: number): unknown; dispose(): void } & L.Module;

function* modules(m: L.Module): Generator<L.Module> {
  yield m;
  for (const child of m.children().values()) yield* modules(child);
}

/** Replaces every BatchNorm2d's identity statistics by random ones drawn from `rng`. */
function randomizeBatchNorms(model: L.Module, backend: AnyBackend, rng: Rng): void {
  for (const m of modules(model)) {
    if (!(m instanceof L.BatchNorm2d)) continue;
    for (const [name, slot] of m.ownSlots()) {
      const gen = name === 'running_var' ? uniform(0.5, 1.5) : name === 'weight' ? uniform(0.5, 1.5) : normal(0.1);
      m.setTensor(name, tensor(backend, gen(rng, slot.shape), slot.shape));
    }
  }
}

/** The classifier biases of the model builders (`fc` in the ResNets and the seed design, `classifier.1` in the MobileNetV2s). */
const HEAD_BIASES = ['fc.bias', 'classifier.1.bias'];

/**
 * Zeroes the classifier's bias, so the logits are the body's alone. Under the builders'
 * initialisation the activations of some models shrink layer after layer (od-mobilenetv2's
 * pooled features are ~1e-12, dy-mobilenetv2's ~1e-6): with the bias kept, the logits equal it
 * to float32 precision and a wrong body would pass. Relative to the body's own size the
 * comparison is well-conditioned (float32 against float64: relL2 ~1e-6).
 */
function zeroHeadBias(model: L.Module, backend: AnyBackend): void {
  const head = [...model.namedSlots()].find(([name]) => HEAD_BIASES.includes(name));
  if (!head) throw new Error(`${model.typeName}: no classifier bias among ${HEAD_BIASES.join(', ')}`);
  const [name, { shape }] = head;
  model.setTensor(name, tensor(backend, new Float32Array(shape.reduce((a, b) => a * b, 1)), shape));
}

/** Builds `make()`, materialises it from `seed`, runs it on a seeded input of `shape`. */
function layerCase(
  group: string,
  variant: string,
  make: () => L.Module,
  shapes: number[][],
  options: { seeds?: number; builderInit?: boolean; zeroHeadBias?: boolean; fuse?: boolean; tolerance?: ProgramCaseSpec['tolerance'] } = {},
): ProgramCaseSpec {
  const name = `${group}/${variant}`;
  return {
    kind: 'program',
    name,
    group: group.startsWith('model:') ? group : `layer:${group}`,
    ...(options.seeds ? { maxSeeds: options.seeds } : {}),
    ...(options.tolerance ? { tolerance: options.tolerance } : {}),
    async run(backend, seed) {
      const model = make() as Layer;
      const rng = createRng(hashSeed(seed, name));
      try {
        model.materialize(backend, seed);
        if (!options.builderInit) randomizeBatchNorms(model, backend, rng);
        if (options.zeroHeadBias) zeroHeadBias(model, backend);
        // Folded on each backend from its own copy of the weights, as a user would.
        if (options.fuse && (await L.fuseForInference(model)).batchNorms === 0) {
          // Fusion that stopped folding would silently repeat the unfused twin.
          throw new Error(`${name}: fuseForInference folded no batch norm`);
        }
        const y = scope(() => {
          const xs = shapes.map((s) => tensor(backend, normal()(rng, s), s));
          return (model.forward as (x: Tensor | Tensor[]) => Tensor)(xs.length === 1 ? xs[0] : xs);
        });
        return [y];
      } finally {
        model.dispose();
      }
    },
  };
}

const x4 = [2, 8, 9, 9];

/** Every layer of @dcnn/layers, small. */
export const layerCases: ProgramCaseSpec[] = [
  layerCase('Conv2d', 'k3-s2-bias-relu', () => new L.Conv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, stride: 2, bias: true, activation: 'relu' }), [x4]),
  layerCase('Conv2d', 'depthwise-dilated', () => new L.Conv2d({ inChannels: 8, outChannels: 8, kernelSize: 3, groups: 8, dilation: 2 }), [x4]),
  layerCase('Linear', 'bias-gelu', () => new L.Linear({ inFeatures: 12, outFeatures: 7, activation: 'gelu' }), [[3, 12]]),
  layerCase('BatchNorm2d', 'random-statistics', () => new L.BatchNorm2d(8), [x4]),
  layerCase('Activation', 'hardSwish', () => new L.Activation('hardSwish'), [x4]),
  layerCase('MaxPool2d', 'k3-s2-p1', () => new L.MaxPool2d(3, 2, 1), [x4]),
  layerCase('GlobalAvgPoolFlatten', 'basic', () => new L.GlobalAvgPoolFlatten(), [x4]),
  layerCase('DynamicConv2d', 'k3-bias', () => new L.DynamicConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, bias: true }), [x4]),
  layerCase('DynamicConv2d', 'stride2-relu', () => new L.DynamicConv2d({ inChannels: 8, outChannels: 4, kernelSize: 3, stride: 2, activation: 'relu' }), [x4]),
  layerCase('DyConv2d', 'k4', () => new L.DyConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, kernels: 4 }), [x4]),
  layerCase('DyConv2d', 'k1-depthwise', () => new L.DyConv2d({ inChannels: 8, outChannels: 8, kernelSize: 3, groups: 8, kernels: 1 }), [x4]),
  layerCase('CondConv2d', 'experts4-bias', () => new L.CondConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, experts: 4, bias: true }), [x4]),
  layerCase('ODConv2d', 'k1', () => new L.ODConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, kernels: 1 }), [x4]),
  layerCase('ODConv2d', 'k4-stride2', () => new L.ODConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, kernels: 4, stride: 2 }), [x4]),
  layerCase('ODConv2d', 'pointwise-k2', () => new L.ODConv2d({ inChannels: 8, outChannels: 12, kernelSize: 1, kernels: 2 }), [x4]),
  layerCase('DeformConv2d', 'v1', () => new L.DeformConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, version: 1 }), [x4]),
  layerCase('DeformConv2d', 'v2-offset-groups2-bias', () => new L.DeformConv2d({ inChannels: 8, outChannels: 6, kernelSize: 3, version: 2, offsetGroups: 2, bias: true }), [x4]),
  layerCase('SE', 'basic', () => new L.SE({ channels: 8 }), [x4]),
  layerCase('CBAM', 'basic', () => new L.CBAM({ channels: 8, reduction: 2 }), [x4]),
  layerCase('SKConv', 'branches2', () => new L.SKConv({ channels: 8, groups: 2, minChannels: 4 }), [x4]),
  layerCase('SKConv', 'stride2-branches3', () => new L.SKConv({ channels: 8, stride: 2, branches: 3, groups: 4, minChannels: 4 }), [x4]),
  layerCase('DepthwiseSeparable', 'stride2-relu6', () => new L.DepthwiseSeparable({ inChannels: 8, outChannels: 10, stride: 2, activation: 'relu6' }), [x4]),
  layerCase('WeightedFusion', 'three-inputs', () => new L.WeightedFusion(3), [x4, x4, x4]),
  layerCase('Identity', 'basic', () => new L.Identity(), [x4]),
  layerCase('ChannelAttention', 'reduction2', () => new L.ChannelAttention(8, 2), [x4]),
  layerCase('SpatialAttention', 'k7', () => new L.SpatialAttention(7), [x4]),
  layerCase('InvertedResidual', 'static-residual', () => new L.InvertedResidual(8, 8, 1, 6, { kind: 'static', kernels: 1 }), [x4]),
  layerCase('InvertedResidual', 'od-k2-stride2', () => new L.InvertedResidual(8, 12, 2, 6, { kind: 'od', kernels: 2 }), [x4]),
  // ODConv K = 1: its 1×1 convs take the authors' path (x·α_c, conv, ·α_f).
  layerCase('InvertedResidual', 'od-k1', () => new L.InvertedResidual(8, 12, 1, 6, { kind: 'od', kernels: 1 }), [x4]),
  layerCase('InvertedResidual', 'condconv-k4', () => new L.InvertedResidual(8, 8, 1, 6, { kind: 'condconv', kernels: 4 }), [x4]),
  // DY-MobileNetV2's block: every conv of it dynamic (K=4 with its attention), with the residual.
  layerCase('InvertedResidual', 'dy-k4-residual', () => new L.InvertedResidual(8, 8, 1, 6, { kind: 'dy', kernels: 4 }), [x4]),
  layerCase('BasicBlock', 'dy-k4-downsample', () => new L.BasicBlock(8, 16, 2, { kind: 'dy', kernels: 4 }), [x4]),
  layerCase('SKBottleneck', 'stride2', () => new L.SKBottleneck(16, 32, 32, 2), [[2, 16, 8, 8]]),
  // After fuseForInference: convs with a bias and relu6/relu fused, DyConv and ODConv with a bias
  // bank (ODConv's after its filter attention), FoldedLayers in the batch norms' places.
  layerCase('InvertedResidual', 'static-residual-fused', () => new L.InvertedResidual(8, 8, 1, 6, { kind: 'static', kernels: 1 }), [x4], { fuse: true }),
  layerCase('InvertedResidual', 'dy-k4-residual-fused', () => new L.InvertedResidual(8, 8, 1, 6, { kind: 'dy', kernels: 4 }), [x4], { fuse: true }),
  layerCase('InvertedResidual', 'od-k2-stride2-fused', () => new L.InvertedResidual(8, 12, 2, 6, { kind: 'od', kernels: 2 }), [x4], { fuse: true }),
  layerCase('InvertedResidual', 'od-k1-fused', () => new L.InvertedResidual(8, 12, 1, 6, { kind: 'od', kernels: 1 }), [x4], { fuse: true }),
  layerCase('BasicBlock', 'dy-k4-downsample-fused', () => new L.BasicBlock(8, 16, 2, { kind: 'dy', kernels: 4 }), [x4], { fuse: true }),
  layerCase('SKBottleneck', 'stride2-fused', () => new L.SKBottleneck(16, 32, 32, 2), [[2, 16, 8, 8]], { fuse: true }),
];

/**
 * Every model builder, small: 32×32 inputs (28×28 for the seed design), width 0.25 where allowed,
 * the builders' weights with the classifier's bias zeroed (zeroHeadBias). SPEC.md's bounds are per op; a model chains dozens of ops and float32 rounding accumulates
 * (the float32 reference alone reaches relL2 ~4e-5 on condconv-mobilenetv2), so model cases
 * use relL2 1e-3 and maxAbs 1e-2·max(1, max|ref|). Per-op precision is the op catalogue's job.
 */
export const MODEL_TOLERANCE = { relL2: 1e-3, maxAbs: 1e-2 };

/** Models also run after fuseForInference (the ones with the most kinds of fused conv). */
const FUSED_MODELS: readonly L.ModelName[] = ['dynamic-convnet', 'od-mobilenetv2', 'dy-resnet18'];

function modelCase(name: L.ModelName, fuse: boolean): ProgramCaseSpec {
  const mobile = name.includes('mobilenetv2');
  const size = name === 'dynamic-convnet' ? 28 : 32;
  const variant = `${size}x${size}${mobile ? '-width0.25' : ''}${fuse ? '-fused' : ''}`;
  return layerCase(`model:${name}`, variant, () => L.buildModel(name, { numClasses: 10, ...(mobile ? { width: 0.25 } : {}) }), [[2, 3, size, size]], {
    seeds: 1,
    builderInit: true,
    zeroHeadBias: true,
    fuse,
    tolerance: MODEL_TOLERANCE,
  });
}

export const modelCases: ProgramCaseSpec[] = [...L.modelNames.map((name) => modelCase(name, false)), ...FUSED_MODELS.map((name) => modelCase(name, true))];

/** The layer and model cases, for `runCatalogue(..., { cases })` and the suite. */
export function layerCatalogue(): ProgramCaseSpec[] {
  return [...layerCases, ...modelCases];
}
