/**
 * CondConv (Yang et al., NeurIPS 2019): `K` experts combined as `Σ r_k W_k` with routing
 * weights `r = sigmoid(fc(gap(x)))` (not normalised).
 *
 * A layer routes itself (`route.fc.{weight,bias}`, a Linear C → K) unless it is built with
 * `ownRouting: false`, in which case the block that owns it computes one routing for all its
 * layers (as the authors do for MobileNetV2's inverted residual blocks) and calls
 * `forwardWithRouting`. Parameters: `weight [K, M, C/g, k, k]`, optional `bias [K, M]`.
 */
import { AttributeError, ops, scope, sizeOf, type Shape, type Tensor } from '@dcnn/core';
import { kaimingConv, zeros } from '../init.js';
import { Module } from '../module.js';
import { checkGroups, convAttrs, convOutShape, kernelShape, resolveConv, type ConvOptions, type ResolvedConv } from '../nn/conv-options.js';
import { Linear } from '../nn/linear.js';
import { GlobalAvgPoolFlatten } from '../nn/stateless.js';
import { convMacs, type Tracer } from '../trace.js';
import { aggregationMacs } from './helpers.js';

/** `gap → Linear(C → K) → sigmoid`: routing weights `[N, K]`. */
export class RoutingFunction extends Module {
  readonly fc: Linear;
  readonly pool = new GlobalAvgPoolFlatten();

  constructor(inChannels: number, experts: number) {
    super();
    this.fc = this.child('fc', new Linear({ inFeatures: inChannels, outFeatures: experts, activation: 'sigmoid' }));
  }

  forward(x: Tensor): Tensor {
    return scope(() => this.fc.forward(this.pool.forward(x)));
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    return tracer.run('fc', this.fc, [shape[0], shape[1]]);
  }
}

export interface CondConv2dOptions extends ConvOptions {
  /** Number of experts K (default 8). */
  experts?: number;
  bias?: boolean;
  /** Whether the layer computes its own routing (default true). */
  ownRouting?: boolean;
}

export class CondConv2d extends Module {
  readonly config: ResolvedConv;
  readonly experts: number;
  readonly hasBias: boolean;
  readonly route: RoutingFunction | undefined;
  /**
   * Routing set by the owning block for layers built with `ownRouting: false`: the block computes
   * `r` once from its input, sets it on each of its layers, runs them, and clears it.
   */
  sharedRouting: Tensor | undefined;

  constructor(options: CondConv2dOptions) {
    super();
    this.config = resolveConv(options);
    checkGroups('CondConv2d', this.config);
    this.experts = options.experts ?? 8;
    this.hasBias = options.bias ?? false;
    this.declare('weight', [this.experts, ...kernelShape(this.config)], kaimingConv);
    if (this.hasBias) this.declare('bias', [this.experts, this.config.outChannels], zeros);
    this.route = options.ownRouting === false ? undefined : this.child('route', new RoutingFunction(this.config.inChannels, this.experts));
  }

  /** Convolution with given routing weights `r [N, K]`. */
  forwardWithRouting(x: Tensor, r: Tensor): Tensor {
    return ops.dynamicConv2d({ x, w: this.p('weight'), a: r, b: this.hasBias ? this.p('bias') : undefined }, convAttrs(this.config));
  }

  forward(x: Tensor): Tensor {
    const { route, sharedRouting } = this;
    if (route) return scope(() => this.forwardWithRouting(x, route.forward(x)));
    if (!sharedRouting) {
      throw new AttributeError({ op: 'CondConv2d', arg: 'routing', expected: 'sharedRouting set by the owning block (built with ownRouting: false)', actual: 'no routing' });
    }
    return this.forwardWithRouting(x, sharedRouting);
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const out = convOutShape(this.typeName, shape, this.config);
    if (this.route) tracer.run('route', this.route, shape);
    const kernel = kernelShape(this.config);
    tracer.addMacs(aggregationMacs(shape[0], this.experts, sizeOf(kernel) + (this.hasBias ? this.config.outChannels : 0)));
    tracer.addMacs(convMacs(out, kernel));
    return out;
  }
}
