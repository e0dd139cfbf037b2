/**
 * Depthwise-separable block (MobileNetV1): a depthwise k×k conv with BN and ReLU, then a
 * pointwise 1×1 conv with BN and ReLU. Names `depthwise.{0,1}`, `pointwise.{0,1}`.
 */
import { scope, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Sequential } from '../nn/sequential.js';
import { Activation } from '../nn/stateless.js';
import type { Tracer } from '../trace.js';

export interface DepthwiseSeparableOptions {
  inChannels: number;
  outChannels: number;
  kernelSize?: number;
  stride?: number;
  activation?: 'relu' | 'relu6';
}

export class DepthwiseSeparable extends Module {
  readonly depthwise: Sequential;
  readonly pointwise: Sequential;

  constructor(o: DepthwiseSeparableOptions) {
    super();
    const act = o.activation ?? 'relu';
    this.depthwise = this.child('depthwise', new Sequential([
      new Conv2d({ inChannels: o.inChannels, outChannels: o.inChannels, kernelSize: o.kernelSize ?? 3, stride: o.stride ?? 1, groups: o.inChannels }),
      new BatchNorm2d(o.inChannels),
      new Activation(act),
    ]));
    this.pointwise = this.child('pointwise', new Sequential([
      new Conv2d({ inChannels: o.inChannels, outChannels: o.outChannels, kernelSize: 1 }),
      new BatchNorm2d(o.outChannels),
      new Activation(act),
    ]));
  }

  forward(x: Tensor): Tensor {
    return scope(() => this.pointwise.forward(this.depthwise.forward(x)));
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    return tracer.run('pointwise', this.pointwise, tracer.run('depthwise', this.depthwise, shape));
  }
}
