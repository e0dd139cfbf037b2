/**
 * Models by name, for the CLI and the conformance suite. Builders are deterministic from a seed
 * and never look at the backend: `buildModel(name, { backend, seed })` materialises the weights
 * there; without a backend the model is declared only (enough to count it).
 */
import { AttributeError, type AnyBackend } from '@dcnn/core';
import type { Module } from '../module.js';
import { DynamicConvNet } from './dynamic-convnet.js';
import { MobileNetV2 } from './mobilenetv2.js';
import { ResNet } from './resnet.js';
import { SKNet } from './sknet.js';
import { defaultKernels, type VariantKind } from './variant.js';

export const modelNames = [
  'dynamic-convnet', 'mobilenetv2', 'dy-mobilenetv2', 'condconv-mobilenetv2', 'od-mobilenetv2',
  'resnet18', 'dy-resnet18', 'od-resnet18', 'sknet50',
] as const;

export type ModelName = (typeof modelNames)[number];

export interface BuildOptions {
  /** Where to create the weights; omit to declare shapes only (counting). */
  backend?: AnyBackend;
  /** Seed of the weight initialisation (default 0). */
  seed?: number;
  /** MobileNetV2 width multiplier (default 1). */
  width?: number;
  /** K of the dynamic variants (default: DyConv 4, CondConv 8, ODConv 1). */
  kernels?: number;
  numClasses?: number;
  inChannels?: number;
}

interface ModelEntry {
  description: string;
  /** Whether the builder takes a width multiplier (the MobileNetV2s). */
  hasWidth?: boolean;
  /** Default input height and width. */
  inputSize: number;
  /** Default number of classes. */
  numClasses: number;
  variant?: VariantKind;
  build(o: BuildOptions, variant: { kind: VariantKind; kernels: number }): Module;
}

const mobilenet = (variant: VariantKind, description: string): ModelEntry => ({
  description, inputSize: 224, numClasses: 1000, variant, hasWidth: true,
  build: (o, v) => new MobileNetV2({ width: o.width, numClasses: o.numClasses, inChannels: o.inChannels, variant: v }),
});

const resnet = (variant: VariantKind, description: string): ModelEntry => ({
  description, inputSize: 224, numClasses: 1000, variant,
  build: (o, v) => new ResNet({ numClasses: o.numClasses, inChannels: o.inChannels, variant: v }),
});

export const models: Readonly<Record<ModelName, ModelEntry>> = {
  'dynamic-convnet': {
    description: 'the seed design: two DynamicConv2d stages (MLP-generated per-sample kernels), BN, ReLU, max-pool, linear head',
    inputSize: 28, numClasses: 10,
    build: (o) => new DynamicConvNet({ numClasses: o.numClasses, inChannels: o.inChannels }),
  },
  mobilenetv2: mobilenet('static', 'MobileNetV2 (torchvision layout), width multiplier --width'),
  'dy-mobilenetv2': mobilenet('dy', 'MobileNetV2 with DyConv (K=4) in every conv but the stem'),
  'condconv-mobilenetv2': mobilenet('condconv', 'MobileNetV2 with CondConv (K=8) in the last 6 blocks and the classifier'),
  'od-mobilenetv2': mobilenet('od', 'MobileNetV2 with ODConv in every conv but the stem (--kernels 4 for ODConv 4x)'),
  resnet18: resnet('static', 'ResNet-18 (torchvision layout)'),
  'dy-resnet18': resnet('dy', 'ResNet-18 with DyConv (K=4) in the block convs'),
  'od-resnet18': resnet('od', 'ResNet-18 with ODConv in the block convs (--kernels 4 for ODConv 4x)'),
  sknet50: {
    description: 'SKNet-50 (ResNeXt-50 32x4d layout with SK units)', inputSize: 224, numClasses: 1000,
    build: (o) => new SKNet({ numClasses: o.numClasses, inChannels: o.inChannels }),
  },
};

/** Which of the size options model `name` takes: a width multiplier (the MobileNetV2s), K (the dynamic variants). */
export function modelOptions(name: ModelName): { width: boolean; kernels: boolean } {
  const entry = models[name];
  return { width: entry.hasWidth === true, kernels: (entry.variant ?? 'static') !== 'static' };
}

export function isModelName(name: string): name is ModelName {
  return (modelNames as readonly string[]).includes(name);
}

/** Builds model `name`; with a backend, its weights are created there from `seed`. */
export function buildModel(name: string, options: BuildOptions = {}): Module {
  if (!isModelName(name)) {
    throw new AttributeError({ op: 'buildModel', arg: 'name', expected: `one of ${modelNames.join(', ')}`, actual: JSON.stringify(name) });
  }
  const entry = models[name];
  const kind = entry.variant ?? 'static';
  const kernels = options.kernels ?? defaultKernels[kind];
  if (!Number.isInteger(kernels) || kernels < 1) {
    throw new AttributeError({ op: 'buildModel', arg: 'kernels', expected: 'an integer >= 1', actual: String(options.kernels) });
  }
  if (options.width !== undefined && !(options.width > 0)) {
    throw new AttributeError({ op: 'buildModel', arg: 'width', expected: 'a positive width multiplier', actual: String(options.width) });
  }
  // An option the model would ignore is a mistake to report, not to drop: a user asking for a
  // thinner ResNet or a K-expert static model would otherwise get another model than they think.
  const takes = modelOptions(name);
  if (options.width !== undefined && !takes.width) {
    throw new AttributeError({ op: 'buildModel', arg: 'width', expected: `no width for ${name} (only the MobileNetV2 builders take one)`, actual: String(options.width) });
  }
  if (options.kernels !== undefined && !takes.kernels) {
    throw new AttributeError({ op: 'buildModel', arg: 'kernels', expected: `no kernels for ${name} (only the dynamic variants take K)`, actual: String(options.kernels) });
  }
  const model = entry.build(options, { kind, kernels });
  if (options.backend) model.materialize(options.backend, options.seed ?? 0);
  return model;
}
