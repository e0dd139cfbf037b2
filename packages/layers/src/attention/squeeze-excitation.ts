/**
 * Squeeze-and-excitation (Hu et al. 2018): `x · sigmoid(fc2(relu(fc1(gap(x)))))`, the fcs as
 * 1×1 convs with bias (torchvision's `SqueezeExcitation` names `fc1`, `fc2`).
 */
import { ops, scope, sizeOf, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { Conv2d } from '../nn/conv2d.js';
import type { Tracer } from '../trace.js';
import { pooledShape } from '../dynamic/helpers.js';

export interface SEOptions {
  channels: number;
  /** Squeeze width (default `max(8, C/16)`, rounded down). */
  squeeze?: number;
}

export class SE extends Module {
  readonly fc1: Conv2d;
  readonly fc2: Conv2d;

  constructor(o: SEOptions) {
    super();
    const squeeze = o.squeeze ?? Math.max(8, Math.floor(o.channels / 16));
    this.fc1 = this.child('fc1', new Conv2d({ inChannels: o.channels, outChannels: squeeze, kernelSize: 1, bias: true, activation: 'relu' }));
    this.fc2 = this.child('fc2', new Conv2d({ inChannels: squeeze, outChannels: o.channels, kernelSize: 1, bias: true, activation: 'sigmoid' }));
  }

  /** The per-channel gate `[N, C, 1, 1]`. */
  gate(x: Tensor): Tensor {
    return scope(() => this.fc2.forward(this.fc1.forward(ops.globalAvgPool({ x }))));
  }

  forward(x: Tensor): Tensor {
    return scope(() => ops.mul({ a: x, b: this.gate(x) }));
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    tracer.run('fc2', this.fc2, tracer.run('fc1', this.fc1, pooledShape(shape)));
    tracer.addMacs(sizeOf(shape));
    return shape;
  }
}
