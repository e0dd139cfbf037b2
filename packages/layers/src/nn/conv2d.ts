/** Static 2-D convolution: `weight [M, C/g, k, k]`, optional `bias [M]` (PyTorch names). */
import { ops, type Shape, type Tensor } from '@dcnn/core';
import { kaimingConv, uniform, type Initializer } from '../init.js';
import { Module } from '../module.js';
import { convMacs, type Tracer } from '../trace.js';
import { checkGroups, convAttrs, convOutShape, kernelShape, resolveConv, type ConvOptions, type ResolvedConv } from './conv-options.js';

export interface Conv2dOptions extends ConvOptions {
  bias?: boolean;
  /** Overrides the kaiming (fan-in, `init.kaimingConv`) weight initialisation. */
  weightInit?: Initializer;
  /** Overrides the default uniform(±1/sqrt(fan-in)) bias initialisation. */
  biasInit?: Initializer;
}

export class Conv2d extends Module {
  readonly config: ResolvedConv;
  readonly hasBias: boolean;

  constructor(options: Conv2dOptions) {
    super();
    this.config = resolveConv(options);
    checkGroups('Conv2d', this.config);
    this.hasBias = options.bias ?? false;
    const shape = kernelShape(this.config);
    this.declare('weight', shape, options.weightInit ?? kaimingConv);
    if (this.hasBias) this.declare('bias', [this.config.outChannels], options.biasInit ?? uniform(1 / Math.sqrt(shape[1] * shape[2] * shape[3])));
  }

  forward(x: Tensor): Tensor {
    return ops.conv2d({ x, w: this.p('weight'), b: this.hasBias ? this.p('bias') : undefined }, convAttrs(this.config));
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const out = convOutShape(this.typeName, shape, this.config);
    tracer.addMacs(convMacs(out, kernelShape(this.config)));
    return out;
  }
}
