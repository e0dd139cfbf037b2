/**
 * What stands where `fuseForInference` folded a batch norm or an activation into the conv
 * before it, and how modules that apply an activation themselves skip it once it is fused.
 */
import { ops, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';

/** Stands where a batch norm or an activation was folded into the conv before it: returns its input. */
export class FoldedLayer extends Module {
  constructor(readonly folded: string) {
    super();
  }

  override get typeName(): string {
    return `folded ${this.folded}`;
  }

  forward(x: Tensor): Tensor {
    return x;
  }

  trace(shape: Shape): Shape {
    return shape;
  }
}

/**
 * `relu(y)` for `y = bn(conv(x))`, or `y` itself once fuseForInference folded `bn` into `conv`
 * together with the relu (the conv's fused activation already applied it).
 */
export function reluAfter(conv: Module, bn: Module, y: Tensor): Tensor {
  const fused = bn instanceof FoldedLayer && (conv as { config?: { activation?: string } }).config?.activation === 'relu';
  return fused ? y : ops.relu({ x: y });
}
