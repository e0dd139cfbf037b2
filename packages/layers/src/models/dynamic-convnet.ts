/**
 * The seed's DynamicConvNet, fixed: two stages of (DynamicConv2d 3×3, BN, ReLU, 2×2 max-pool)
 * and a linear head. The seed flattened a fixed-size feature map into the head, which tied it
 * to one input size; a global average pool before the head makes it run on 28×28 and 224×224
 * (any size ≥ 4) alike.
 */
import { scope, type Shape, type Tensor } from '@dcnn/core';
import { Module, type FusionSite } from '../module.js';
import { DynamicConv2d } from '../dynamic/dynamic-conv2d.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { runSite, traceSite } from '../nn/folded-layer.js';
import { Linear } from '../nn/linear.js';
import { GlobalAvgPoolFlatten, MaxPool2d } from '../nn/stateless.js';
import type { Tracer } from '../trace.js';

export interface DynamicConvNetOptions {
  inChannels?: number;
  numClasses?: number;
  /** Channels of the two stages (default 32, 64). */
  widths?: [number, number];
}

const SITES: readonly FusionSite[] = [{ conv: 'conv1', bn: 'bn1', activation: 'relu' }, { conv: 'conv2', bn: 'bn2', activation: 'relu' }];

export class DynamicConvNet extends Module {
  readonly pool = new MaxPool2d(2);
  readonly gap = new GlobalAvgPoolFlatten();
  readonly fc: Linear;

  constructor(o: DynamicConvNetOptions = {}) {
    super();
    const [w1, w2] = o.widths ?? [32, 64];
    this.child('conv1', new DynamicConv2d({ inChannels: o.inChannels ?? 3, outChannels: w1, kernelSize: 3, padding: 1 }));
    this.child('bn1', new BatchNorm2d(w1));
    this.child('conv2', new DynamicConv2d({ inChannels: w1, outChannels: w2, kernelSize: 3, padding: 1 }));
    this.child('bn2', new BatchNorm2d(w2));
    this.fc = this.child('fc', new Linear({ inFeatures: w2, outFeatures: o.numClasses ?? 10 }));
  }

  override fusionSites(): readonly FusionSite[] {
    return SITES;
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const h = this.pool.forward(runSite(this, SITES[0], x));
      const y = this.pool.forward(runSite(this, SITES[1], h));
      return this.fc.forward(this.gap.forward(y));
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const h = this.pool.trace(traceSite(this, SITES[0], tracer, shape));
    const y = this.pool.trace(traceSite(this, SITES[1], tracer, h));
    return tracer.run('fc', this.fc, this.gap.trace(y));
  }
}
