/**
 * Inference batch norm over channels of `[N, C, H, W]`: parameters `weight`, `bias` (counted)
 * and buffers `running_mean`, `running_var` (not counted), as in PyTorch's `BatchNorm2d`.
 */
import { ShapeError, formatShape, ops, type Shape, type Tensor } from '@dcnn/core';
import { ones, zeros } from '../init.js';
import { Module } from '../module.js';

export class BatchNorm2d extends Module {
  readonly channels: number;
  readonly epsilon: number;

  constructor(channels: number, epsilon = 1e-5) {
    super();
    this.channels = channels;
    this.epsilon = epsilon;
    this.declare('weight', [channels], ones);
    this.declare('bias', [channels], zeros);
    this.declare('running_mean', [channels], zeros, 'buffer');
    this.declare('running_var', [channels], ones, 'buffer');
  }

  forward(x: Tensor): Tensor {
    return ops.batchNorm(
      { x, scale: this.p('weight'), bias: this.p('bias'), mean: this.p('running_mean'), var: this.p('running_var') },
      { epsilon: this.epsilon },
    );
  }

  trace(shape: Shape): Shape {
    if (shape.length !== 4 || shape[1] !== this.channels) {
      throw new ShapeError({ op: 'BatchNorm2d', arg: 'x', expected: `[N,${this.channels},H,W]`, actual: formatShape(shape) });
    }
    return shape;
  }
}
