/**
 * Inference batch norm over channels of `[N, C, H, W]`: parameters `weight`, `bias` (counted)
 * and buffers `running_mean`, `running_var` (not counted), as in PyTorch's `BatchNorm2d`.
 */
import { ShapeError, formatShape, ops, scope, type Shape, type Tensor } from '@dcnn/core';
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

  /** While true, `forward` first replaces the running statistics by those of its input. */
  calibrating = false;

  forward(x: Tensor): Tensor {
    // Not over pooled features (1×1 maps, as in ODConv's attention): their spread across a
    // handful of samples is no statistic of the data, and dividing by it makes the BN's gain huge.
    if (this.calibrating && x.shape[2] * x.shape[3] > 1) this.#setStatistics(x);
    return ops.batchNorm(
      { x, scale: this.p('weight'), bias: this.p('bias'), mean: this.p('running_mean'), var: this.p('running_var') },
      { epsilon: this.epsilon },
    );
  }

  /** Running mean and (biased) variance := the per-channel statistics of `x` over N, H, W. */
  #setStatistics(x: Tensor): void {
    const [mean, variance] = scope(() => {
      const m = ops.reduceMean({ x }, { axes: [0, 2, 3], keepDims: true });
      const d = ops.sub({ a: x, b: m });
      const v = ops.reduceMean({ x: ops.mul({ a: d, b: d }) }, { axes: [0, 2, 3], keepDims: false });
      return [ops.reshape({ x: m }, { shape: [this.channels] }), v];
    });
    this.setTensor('running_mean', mean);
    this.setTensor('running_var', variance);
  }

  trace(shape: Shape): Shape {
    if (shape.length !== 4 || shape[1] !== this.channels) {
      throw new ShapeError({ op: 'BatchNorm2d', arg: 'x', expected: `[N,${this.channels},H,W]`, actual: formatShape(shape) });
    }
    return shape;
  }
}
