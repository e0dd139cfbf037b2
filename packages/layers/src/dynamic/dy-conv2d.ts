/**
 * DyConv (Chen et al., CVPR 2020): `K` kernels mixed per sample by an attention
 * `softmax(fc2(relu(fc1(gap(x)))) / τ)`; biases (when present) mixed the same way.
 *
 * Names follow the widely used PyTorch reimplementation: `attention.fc1.weight` (C → ⌊C·r⌋+1,
 * no bias), `attention.fc2.{weight,bias}` (→ K), `weight [K, M, C/g, k, k]`, `bias [K, M]`.
 * `temperature` is settable: the paper anneals it from 30 to 1 during the first epochs.
 */
import { ops, scope, sizeOf, type Shape, type Tensor } from '@dcnn/core';
import { kaimingConv, zeros } from '../init.js';
import { Module } from '../module.js';
import { Conv2d } from '../nn/conv2d.js';
import { checkGroups, convAttrs, convOutShape, kernelShape, resolveConv, type ConvOptions, type ResolvedConv } from '../nn/conv-options.js';
import { convMacs, type Tracer } from '../trace.js';
import { aggregationMacs, flatten, pooledShape } from './helpers.js';

export interface DyConv2dOptions extends ConvOptions {
  /** Number of kernels K (default 4). */
  kernels?: number;
  /** Hidden width ratio of the attention (default 1/4: hidden = ⌊C/4⌋ + 1). */
  reduction?: number;
  /** Softmax temperature τ (default 1). */
  temperature?: number;
  bias?: boolean;
}

/** `gap → fc1 → relu → fc2 → softmax(·/τ)`: kernel attention `[N, K]`. */
export class DyAttention extends Module {
  readonly fc1: Conv2d;
  readonly fc2: Conv2d;
  temperature: number;

  constructor(inChannels: number, kernels: number, reduction: number, temperature: number) {
    super();
    const hidden = Math.floor(inChannels * reduction) + 1;
    this.fc1 = this.child('fc1', new Conv2d({ inChannels, outChannels: hidden, kernelSize: 1, activation: 'relu' }));
    this.fc2 = this.child('fc2', new Conv2d({ inChannels: hidden, outChannels: kernels, kernelSize: 1, bias: true, biasInit: zeros }));
    this.temperature = temperature;
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const logits = flatten(this.fc2.forward(this.fc1.forward(ops.globalAvgPool({ x }))));
      return ops.softmax({ x: logits }, { axis: 1, temperature: this.temperature });
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const h = tracer.run('fc1', this.fc1, pooledShape(shape));
    const k = tracer.run('fc2', this.fc2, h);
    return [k[0], k[1]];
  }
}

export class DyConv2d extends Module {
  readonly config: ResolvedConv;
  readonly kernels: number;
  readonly hasBias: boolean;
  readonly attention: DyAttention;

  constructor(options: DyConv2dOptions) {
    super();
    this.config = resolveConv(options);
    checkGroups('DyConv2d', this.config);
    this.kernels = options.kernels ?? 4;
    this.hasBias = options.bias ?? false;
    this.attention = this.child('attention', new DyAttention(this.config.inChannels, this.kernels, options.reduction ?? 0.25, options.temperature ?? 1));
    this.declare('weight', [this.kernels, ...kernelShape(this.config)], kaimingConv);
    if (this.hasBias) this.declare('bias', [this.kernels, this.config.outChannels], zeros);
  }

  get temperature(): number {
    return this.attention.temperature;
  }

  set temperature(value: number) {
    this.attention.temperature = value;
  }

  /** Convolution with a given kernel attention `a [N, K]` (the property tests use this). */
  forwardWithAttention(x: Tensor, a: Tensor): Tensor {
    return ops.dynamicConv2d({ x, w: this.p('weight'), a, b: this.hasBias ? this.p('bias') : undefined }, convAttrs(this.config));
  }

  forward(x: Tensor): Tensor {
    return scope(() => this.forwardWithAttention(x, this.attention.forward(x)));
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const out = convOutShape(this.typeName, shape, this.config);
    tracer.run('attention', this.attention, shape);
    const kernel = kernelShape(this.config);
    tracer.addMacs(aggregationMacs(shape[0], this.kernels, sizeOf(kernel) + (this.hasBias ? this.config.outChannels : 0)));
    tracer.addMacs(convMacs(out, kernel));
    return out;
  }
}
