/** Children run in order, named `0`, `1`, ... as in PyTorch's `nn.Sequential`. */
import { scope, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import type { Tracer } from '../trace.js';

export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(layers: Module[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.child(String(i), m));
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      let y = x;
      for (const m of this.layers) y = m.forward(y);
      return y;
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    let s = shape;
    this.layers.forEach((m, i) => {
      s = tracer.run(String(i), m, s);
    });
    return s;
  }
}
