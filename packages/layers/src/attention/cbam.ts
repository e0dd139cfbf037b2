/**
 * CBAM (Woo et al. 2018): channel attention, then spatial attention.
 * Channel: `sigmoid(mlp(avgpool(x)) + mlp(maxpool(x)))`, one shared MLP of 1×1 convs without
 * bias (`channel.fc1`, `channel.fc2`, ratio 16). Spatial: `sigmoid(conv7×7([mean_c(x), max_c(x)]))`
 * (`spatial.conv`, no bias).
 */
import { ops, scope, sizeOf, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { Conv2d } from '../nn/conv2d.js';
import type { Tracer } from '../trace.js';
import { pooledShape } from '../dynamic/helpers.js';

export class ChannelAttention extends Module {
  readonly fc1: Conv2d;
  readonly fc2: Conv2d;

  constructor(channels: number, reduction: number) {
    super();
    const hidden = Math.max(1, Math.floor(channels / reduction));
    this.fc1 = this.child('fc1', new Conv2d({ inChannels: channels, outChannels: hidden, kernelSize: 1, activation: 'relu' }));
    this.fc2 = this.child('fc2', new Conv2d({ inChannels: hidden, outChannels: channels, kernelSize: 1 }));
  }

  /** The gate `[N, C, 1, 1]`. */
  forward(x: Tensor): Tensor {
    return scope(() => {
      const avg = this.fc2.forward(this.fc1.forward(ops.globalAvgPool({ x })));
      const max = this.fc2.forward(this.fc1.forward(ops.globalMaxPool({ x })));
      return ops.sigmoid({ x: ops.add({ a: avg, b: max }) });
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    // The shared MLP runs twice (average and max descriptors).
    const before = tracer.macs;
    const out = tracer.run('fc2', this.fc2, tracer.run('fc1', this.fc1, pooledShape(shape)));
    tracer.addMacs(tracer.macs - before);
    return out;
  }
}

export class SpatialAttention extends Module {
  readonly conv: Conv2d;

  constructor(kernelSize: number) {
    super();
    this.conv = this.child('conv', new Conv2d({ inChannels: 2, outChannels: 1, kernelSize, activation: 'sigmoid' }));
  }

  /** The gate `[N, 1, H, W]`. */
  forward(x: Tensor): Tensor {
    return scope(() => {
      const mean = ops.reduceMean({ x }, { axes: [1], keepDims: true });
      const max = ops.reduceMax({ x }, { axes: [1], keepDims: true });
      return this.conv.forward(ops.concat({ xs: [mean, max] }, { axis: 1 }));
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    return tracer.run('conv', this.conv, [shape[0], 2, shape[2], shape[3]]);
  }
}

export interface CBAMOptions {
  channels: number;
  reduction?: number;
  spatialKernel?: number;
}

export class CBAM extends Module {
  readonly channel: ChannelAttention;
  readonly spatial: SpatialAttention;

  constructor(o: CBAMOptions) {
    super();
    this.channel = this.child('channel', new ChannelAttention(o.channels, o.reduction ?? 16));
    this.spatial = this.child('spatial', new SpatialAttention(o.spatialKernel ?? 7));
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const refined = ops.mul({ a: x, b: this.channel.forward(x) });
      return ops.mul({ a: refined, b: this.spatial.forward(refined) });
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    tracer.run('channel', this.channel, shape);
    tracer.run('spatial', this.spatial, shape);
    tracer.addMacs(2 * sizeOf(shape));
    return shape;
  }
}
