/** Layers without parameters: activations, pooling, flatten, and inference-time dropout. */
import { ShapeError, formatShape, ops, poolOutputSize, scope, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';

/** `relu`, `relu6`, `sigmoid`, ... applied element-wise. */
export class Activation extends Module {
  readonly kind: 'relu' | 'relu6' | 'sigmoid' | 'silu' | 'hardSwish';

  constructor(kind: Activation['kind']) {
    super();
    this.kind = kind;
  }

  override get typeName(): string {
    return this.kind;
  }

  forward(x: Tensor): Tensor {
    return ops[this.kind]({ x });
  }

  trace(shape: Shape): Shape {
    return shape;
  }
}

/** Does nothing; stands for `nn.Identity` and for `nn.Dropout` at inference. */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return ops.reshape({ x }, { shape: [...x.shape] });
  }

  trace(shape: Shape): Shape {
    return shape;
  }
}

/** `nn.MaxPool2d(kernel, stride, padding)`. */
export class MaxPool2d extends Module {
  constructor(readonly kernel: number, readonly stride = kernel, readonly padding = 0) {
    super();
  }

  #attrs() {
    const p = this.padding;
    return { kernel: [this.kernel, this.kernel] as [number, number], strides: [this.stride, this.stride] as [number, number], pads: [p, p, p, p] as [number, number, number, number] };
  }

  forward(x: Tensor): Tensor {
    return ops.maxPool2d({ x }, this.#attrs());
  }

  trace(shape: Shape): Shape {
    const a = this.#attrs();
    const [oh, ow] = poolOutputSize('MaxPool2d', shape[2], shape[3], a.kernel, a.strides, a.pads, [1, 1], false);
    return [shape[0], shape[1], oh, ow];
  }
}

/** Global average pooling followed by flattening: `[N, C, H, W] → [N, C]`. */
export class GlobalAvgPoolFlatten extends Module {
  forward(x: Tensor): Tensor {
    return scope(() => ops.reshape({ x: ops.globalAvgPool({ x }) }, { shape: [x.shape[0], x.shape[1]] }));
  }

  trace(shape: Shape): Shape {
    if (shape.length !== 4) throw new ShapeError({ op: 'GlobalAvgPoolFlatten', arg: 'x', expected: '[N,C,H,W]', actual: formatShape(shape) });
    return [shape[0], shape[1]];
  }
}
