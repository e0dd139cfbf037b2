/** Fully connected layer on `[N, F]`: `weight [O, F]`, optional `bias [O]` (PyTorch `Linear`). */
import { ShapeError, formatShape, ops, type Activation, type Shape, type Tensor } from '@dcnn/core';
import { linearDefault, uniform, type Initializer } from '../init.js';
import { Module } from '../module.js';
import type { Tracer } from '../trace.js';

export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  bias?: boolean;
  activation?: Activation;
  /** Overrides PyTorch's default uniform(±1/sqrt(in)) initialisation of the weight. */
  weightInit?: Initializer;
  /** Overrides the default initialisation of the bias. */
  biasInit?: Initializer;
}

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly hasBias: boolean;
  readonly activation: Activation;

  constructor(o: LinearOptions) {
    super();
    this.inFeatures = o.inFeatures;
    this.outFeatures = o.outFeatures;
    this.hasBias = o.bias ?? true;
    this.activation = o.activation ?? 'none';
    this.declare('weight', [o.outFeatures, o.inFeatures], o.weightInit ?? linearDefault);
    if (this.hasBias) this.declare('bias', [o.outFeatures], o.biasInit ?? uniform(1 / Math.sqrt(o.inFeatures)));
  }

  forward(x: Tensor): Tensor {
    return ops.dense({ x, w: this.p('weight'), b: this.hasBias ? this.p('bias') : undefined }, { activation: this.activation });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    if (shape.length !== 2 || shape[1] !== this.inFeatures) {
      throw new ShapeError({ op: 'Linear', arg: 'x', expected: `[N,${this.inFeatures}]`, actual: formatShape(shape) });
    }
    tracer.addMacs(shape[0] * this.inFeatures * this.outFeatures);
    return [shape[0], this.outFeatures];
  }
}
