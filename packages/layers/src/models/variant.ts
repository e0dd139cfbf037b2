/**
 * Which convolutions of a model become dynamic, and how: one builder covers the static network
 * and its DyConv, CondConv and ODConv variants.
 */
import { Module } from '../module.js';
import { CondConv2d } from '../dynamic/cond-conv2d.js';
import { DyConv2d } from '../dynamic/dy-conv2d.js';
import { ODConv2d } from '../dynamic/od-conv2d.js';
import { Conv2d } from '../nn/conv2d.js';
import type { ConvOptions } from '../nn/conv-options.js';

export type VariantKind = 'static' | 'dy' | 'condconv' | 'od';

export interface Variant {
  kind: VariantKind;
  /** K: kernels (DyConv, ODConv) or experts (CondConv). */
  kernels: number;
}

/** Default K per variant: DyConv 4, CondConv 8, ODConv 1 (the paper's "1×"). */
export const defaultKernels: Record<VariantKind, number> = { static: 1, dy: 4, condconv: 8, od: 1 };

/**
 * A bias-free convolution of the given variant. CondConv layers are built without their own
 * routing: the block that owns them routes once for all of them.
 */
export function variantConv(variant: Variant, o: ConvOptions): Module {
  switch (variant.kind) {
    case 'static':
      return new Conv2d(o);
    case 'dy':
      return new DyConv2d({ ...o, kernels: variant.kernels });
    case 'condconv':
      return new CondConv2d({ ...o, experts: variant.kernels, ownRouting: false });
    case 'od':
      return new ODConv2d({ ...o, kernels: variant.kernels });
  }
}

/** PyTorch/TF's channel rounding: nearest multiple of `divisor`, never more than 10% down. */
export function makeDivisible(v: number, divisor = 8, minValue = divisor): number {
  let rounded = Math.max(minValue, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}
