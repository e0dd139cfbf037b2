/**
 * CondConv's shared routing: a block computes its routing weights once from its input
 * (`route.fc`, Linear C → K, sigmoid) and every CondConv layer inside the block uses them.
 * Blocks of the other variants have no route and run their layers unchanged.
 */
import { ops, scope, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { CondConv2d, RoutingFunction } from '../dynamic/cond-conv2d.js';
import type { Tracer } from '../trace.js';
import type { Variant } from './variant.js';

export abstract class RoutedBlock extends Module {
  #route: RoutingFunction | undefined;
  readonly #variant: Variant;
  readonly #inChannels: number;

  constructor(variant: Variant, inChannels: number) {
    super();
    this.#variant = variant;
    this.#inChannels = inChannels;
  }

  /** Registers `route` after the block's layers (so names follow the layers, as in the authors' code). */
  protected registerRoute(): void {
    if (this.#variant.kind === 'condconv') this.#route = this.child('route', new RoutingFunction(this.#inChannels, this.#variant.kernels));
  }

  #condLayers(): CondConv2d[] {
    const found: CondConv2d[] = [];
    const walk = (m: Module): void => {
      for (const c of m.children().values()) {
        if (c instanceof CondConv2d && !c.route) found.push(c);
        else walk(c);
      }
    };
    walk(this);
    return found;
  }

  /** Runs `body` with this block's routing (computed from `x`) set on its CondConv layers. */
  protected routed(x: Tensor, body: () => Tensor): Tensor {
    const route = this.#route;
    if (!route) return body();
    return scope(() => {
      const r = route.forward(x);
      const layers = this.#condLayers();
      for (const l of layers) l.sharedRouting = r;
      try {
        return body();
      } finally {
        for (const l of layers) l.sharedRouting = undefined;
      }
    });
  }

  protected traceRoute(shape: Shape, tracer: Tracer): void {
    if (this.#route) tracer.run('route', this.#route, shape);
  }
}

/** CondConv as a classifier on `[N, F]`: a routed 1×1 CondConv with bias over `[N, F, 1, 1]`. */
export class CondConvClassifier extends CondConv2d {
  constructor(inFeatures: number, outFeatures: number, experts: number) {
    super({ inChannels: inFeatures, outChannels: outFeatures, kernelSize: 1, experts, bias: true });
  }

  override forward(x: Tensor): Tensor {
    return scope(() => {
      const y = super.forward(ops.reshape({ x }, { shape: [x.shape[0], x.shape[1], 1, 1] }));
      return ops.reshape({ x: y }, { shape: [x.shape[0], y.shape[1]] });
    });
  }

  override trace(shape: Shape, tracer: Tracer): Shape {
    const out = super.trace([shape[0], shape[1], 1, 1], tracer);
    return [out[0], out[1]];
  }
}
