/**
 * MobileNetV2 (Sandler et al. 2018) in torchvision's layout and names (`features.{i}`,
 * `classifier.1`), with a width multiplier and the dynamic variants as their authors define them:
 * - ODConv (Li et al.) and DyConv (Chen et al.): every conv inside the network becomes dynamic
 *   (expand 1×1, depthwise 3×3, project 1×1, the last 1×1 to 1280) except the 3×3 stem; the
 *   classifier stays static.
 * - CondConv (Yang et al.): the final six inverted residual blocks, each routing once from its
 *   input for its three convs (`features.{i}.route.fc`), and the classifier (its own routing).
 */
import { ops, scope, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { Activation, GlobalAvgPoolFlatten, Identity } from '../nn/stateless.js';
import type { Tracer } from '../trace.js';
import { CondConvClassifier, RoutedBlock } from './routed-block.js';
import { makeDivisible, variantConv, type Variant } from './variant.js';

/** `t, c, n, s` rows of the MobileNetV2 paper's table 2. */
const SETTINGS: readonly [number, number, number, number][] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/** CondConv replaces the convs of this many final blocks. */
const CONDCONV_BLOCKS = 6;

function convBnAct(conv: Module, channels: number): Sequential {
  return new Sequential([conv, new BatchNorm2d(channels), new Activation('relu6')]);
}

export class InvertedResidual extends RoutedBlock {
  readonly conv: Sequential;
  readonly useResidual: boolean;

  constructor(inp: number, oup: number, stride: number, expandRatio: number, variant: Variant) {
    super(variant, inp);
    const hidden = Math.round(inp * expandRatio);
    this.useResidual = stride === 1 && inp === oup;
    const layers: Module[] = [];
    if (expandRatio !== 1) layers.push(convBnAct(variantConv(variant, { inChannels: inp, outChannels: hidden, kernelSize: 1 }), hidden));
    layers.push(convBnAct(variantConv(variant, { inChannels: hidden, outChannels: hidden, kernelSize: 3, stride, groups: hidden }), hidden));
    layers.push(variantConv(variant, { inChannels: hidden, outChannels: oup, kernelSize: 1 }), new BatchNorm2d(oup));
    this.conv = this.child('conv', new Sequential(layers));
    this.registerRoute();
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const y = this.routed(x, () => this.conv.forward(x));
      return this.useResidual ? ops.add({ a: x, b: y }) : y;
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    this.traceRoute(shape, tracer);
    return tracer.run('conv', this.conv, shape);
  }
}

export interface MobileNetV2Options {
  width?: number;
  numClasses?: number;
  variant?: Variant;
  inChannels?: number;
}

export class MobileNetV2 extends Module {
  readonly features: Sequential;
  readonly pool = new GlobalAvgPoolFlatten();
  readonly classifier: Sequential;

  constructor(o: MobileNetV2Options = {}) {
    super();
    const width = o.width ?? 1;
    const variant = o.variant ?? { kind: 'static', kernels: 1 };
    const staticVariant: Variant = { kind: 'static', kernels: 1 };
    const numClasses = o.numClasses ?? 1000;
    let input = makeDivisible(32 * width);
    const last = makeDivisible(1280 * Math.max(1, width));
    const layers: Module[] = [convBnAct(new Conv2d({ inChannels: o.inChannels ?? 3, outChannels: input, kernelSize: 3, stride: 2 }), input)];
    const totalBlocks = SETTINGS.reduce((n, s) => n + s[2], 0);
    let block = 0;
    for (const [t, c, n, s] of SETTINGS) {
      const output = makeDivisible(c * width);
      for (let i = 0; i < n; i++, block++) {
        const dynamicHere = variant.kind !== 'condconv' || block >= totalBlocks - CONDCONV_BLOCKS;
        layers.push(new InvertedResidual(input, output, i === 0 ? s : 1, t, dynamicHere ? variant : staticVariant));
        input = output;
      }
    }
    const lastVariant = variant.kind === 'condconv' ? staticVariant : variant;
    layers.push(convBnAct(variantConv(lastVariant, { inChannels: input, outChannels: last, kernelSize: 1 }), last));
    this.features = this.child('features', new Sequential(layers));
    const head = variant.kind === 'condconv'
      ? new CondConvClassifier(last, numClasses, variant.kernels)
      : new Linear({ inFeatures: last, outFeatures: numClasses });
    this.classifier = this.child('classifier', new Sequential([new Identity(), head]));
  }

  forward(x: Tensor): Tensor {
    return scope(() => this.classifier.forward(this.pool.forward(this.features.forward(x))));
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const f = tracer.run('features', this.features, shape);
    return tracer.run('classifier', this.classifier, this.pool.trace(f));
  }
}

