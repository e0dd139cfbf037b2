/**
 * The torchvision ResNet skeleton shared by ResNet-18 and SKNet-50: a 7×7 stride-2 stem
 * (`conv1`, `bn1`, ReLU, 3×3 max-pool), four stages `layer{1..4}` whose first block strides by 2
 * (except in stage 1), global average pooling and the `fc` head. Subclasses supply the blocks.
 */
import { scope, type Shape, type Tensor } from '@dcnn/core';
import { Module, type FusionSite } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { runSite, traceSite } from '../nn/folded-layer.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { GlobalAvgPoolFlatten, MaxPool2d } from '../nn/stateless.js';
import type { Tracer } from '../trace.js';

export interface SkeletonOptions {
  /** Blocks per stage. */
  layers: readonly number[];
  numClasses?: number;
  inChannels?: number;
}

/** Makes block `j` of stage `i` from `inplanes` channels; returns it and its output channels. */
export type BlockFactory = (inplanes: number, stage: number, stride: number) => { block: Module; outChannels: number };

/** The stem: conv-bn-relu. */
const STEM: FusionSite = { conv: 'conv1', bn: 'bn1', activation: 'relu' };

export class ResNetSkeleton extends Module {
  readonly maxpool = new MaxPool2d(3, 2, 1);
  readonly stages: Sequential[] = [];
  readonly pool = new GlobalAvgPoolFlatten();
  readonly fc: Linear;

  constructor(o: SkeletonOptions, makeBlock: BlockFactory) {
    super();
    this.child('conv1', new Conv2d({ inChannels: o.inChannels ?? 3, outChannels: 64, kernelSize: 7, stride: 2, padding: 3 }));
    this.child('bn1', new BatchNorm2d(64));
    let inplanes = 64;
    o.layers.forEach((blocks, i) => {
      const list: Module[] = [];
      for (let j = 0; j < blocks; j++) {
        const { block, outChannels } = makeBlock(inplanes, i, j === 0 && i > 0 ? 2 : 1);
        list.push(block);
        inplanes = outChannels;
      }
      this.stages.push(this.child(`layer${i + 1}`, new Sequential(list)));
    });
    this.fc = this.child('fc', new Linear({ inFeatures: inplanes, outFeatures: o.numClasses ?? 1000 }));
  }

  override fusionSites(): readonly FusionSite[] {
    return [STEM];
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      let y = this.maxpool.forward(runSite(this, STEM, x));
      for (const s of this.stages) y = s.forward(y);
      return this.fc.forward(this.pool.forward(y));
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    let s = this.maxpool.trace(traceSite(this, STEM, tracer, shape));
    this.stages.forEach((stage, i) => {
      s = tracer.run(`layer${i + 1}`, stage, s);
    });
    return tracer.run('fc', this.fc, this.pool.trace(s));
  }
}
