/**
 * Batch-norm re-estimation: one forward pass on `x` in which every batch norm first sets its
 * running statistics to those of its own input (over N, H, W; batch norms over pooled 1×1
 * features, such as ODConv's attention BN, are left as they are, whatever the batch).
 *
 * Fresh random weights with identity statistics let activations shrink or grow layer after
 * layer (most in the dynamic variants, whose attentions scale every kernel); after calibration
 * every conv output is normalised again, so a random-weight model's outputs are informative.
 */
import type { Tensor } from '@dcnn/core';
import type { Module } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';

function batchNorms(m: Module, into: BatchNorm2d[] = []): BatchNorm2d[] {
  if (m instanceof BatchNorm2d) into.push(m);
  for (const c of m.children().values()) batchNorms(c, into);
  return into;
}

/** Sets every batch norm's running statistics from one forward pass of `model` on `x`. */
export function calibrateBatchNorm(model: Module, x: Tensor): void {
  const bns = batchNorms(model);
  for (const bn of bns) bn.calibrating = true;
  try {
    model.forward(x).dispose();
  } finally {
    for (const bn of bns) bn.calibrating = false;
  }
}
