/**
 * Weighted-sum multi-scale fusion (EfficientDet's fast normalised fusion):
 * `Σ_i (relu(w_i) / (ε + Σ_j relu(w_j))) · x_i` over inputs already brought to one shape
 * (resample them first). Parameter `weight [inputs]`, initialised to 1 (a plain average).
 */
import { ShapeError, formatShape, ops, scope, shapesEqual, sizeOf, type Shape, type Tensor } from '@dcnn/core';
import { ones } from '../init.js';
import { Module } from '../module.js';
import type { Tracer } from '../trace.js';
import { scalar } from '../dynamic/helpers.js';

export class WeightedFusion extends Module {
  readonly inputs: number;
  readonly epsilon: number;

  constructor(inputs: number, epsilon = 1e-4) {
    super();
    this.inputs = inputs;
    this.epsilon = epsilon;
    this.declare('weight', [inputs], ones);
  }

  /** Fuses `xs` (one tensor per input, all the same shape); a single tensor passes through as a copy. */
  forward(xs: Tensor | Tensor[]): Tensor {
    const list = Array.isArray(xs) ? xs : [xs];
    if (list.length !== this.inputs) {
      throw new ShapeError({ op: 'WeightedFusion', arg: 'xs', expected: `${this.inputs} tensors`, actual: `${list.length}` });
    }
    const bad = list.find((t) => !shapesEqual(t.shape, list[0].shape));
    if (bad) throw new ShapeError({ op: 'WeightedFusion', arg: 'xs', expected: `every input of shape ${formatShape(list[0].shape)}`, actual: formatShape(bad.shape) });
    return scope(() => {
      const w = ops.relu({ x: this.p('weight') });
      const norm = ops.div({ a: w, b: ops.add({ a: ops.reduceSum({ x: w }, { axes: [0], keepDims: true }), b: scalar(w, this.epsilon) }) });
      const parts = this.inputs === 1 ? [norm] : ops.split({ x: norm }, { axis: 0, sizes: list.map(() => 1) });
      let out: Tensor | undefined;
      list.forEach((x, i) => {
        const term = ops.mul({ a: x, b: parts[i] });
        out = out ? ops.add({ a: out, b: term }) : term;
      });
      return out!;
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    tracer.addMacs(this.inputs * sizeOf(shape));
    return shape;
  }
}
