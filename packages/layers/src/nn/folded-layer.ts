/**
 * What stands where `fuseForInference` folded a batch norm or an activation into the conv
 * before it, and how modules that apply an activation themselves skip it once it is fused.
 */
import { ops, type Shape, type Tensor } from '@dcnn/core';
import { Module, type FusionSite } from '../module.js';
import type { Tracer } from '../trace.js';

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

/**
 * Runs a module's fusion site on `x`: `bn(conv(x))` with the site's children read by name (so a
 * conv or batch norm that fuseForInference replaced is the one that runs), then the site's
 * activation unless it is fused into the conv.
 */
export function runSite(owner: Module, site: FusionSite, x: Tensor): Tensor {
  const conv = owner.childNamed(site.conv);
  const bn = owner.childNamed(site.bn);
  const y = bn.forward(conv.forward(x));
  return site.activation === 'relu' ? reluAfter(conv, bn, y) : y;
}

/** The shapes of `runSite`, recorded by `tracer` under the children's names. */
export function traceSite(owner: Module, site: FusionSite, tracer: Tracer, shape: Shape): Shape {
  return tracer.run(site.bn, owner.childNamed(site.bn), tracer.run(site.conv, owner.childNamed(site.conv), shape));
}
