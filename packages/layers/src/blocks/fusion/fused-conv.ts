/**
 * The folding itself: a new conv whose weights and bias take in a batch norm, with the
 * activation after it fused (see fuse-for-inference.ts for the algebra).
 */
import { type Activation, tensor } from '@dcnn/core';
import type { Module } from '../../module.js';
import { DyConv2d } from '../../dynamic/dy-conv2d.js';
import { DynamicConv2d } from '../../dynamic/dynamic-conv2d.js';
import { ODConv2d } from '../../dynamic/od-conv2d.js';
import { Conv2d } from '../../nn/conv2d.js';
import { batchNormAffine, copyOf, foldRows } from './affine.js';
import { fusedGenerated } from './fused-generated.js';
import { FoldedLayer } from '../../nn/folded-layer.js';
import type { FuseReport } from '../fuse-for-inference.js';
import type { FusableConv, Plan } from './plans.js';

/** Folds a nested module in place (fuseForInference itself: an ODConv's attention has a run). */
export type FuseInner = (m: Module) => Promise<FuseReport>;

/**
 * The fused conv of a plan (new tensors; the plan's modules are left untouched), and what was
 * folded inside it. On an error nothing it made is left allocated.
 */
export async function fusedConv(p: Plan, fuseInner: FuseInner): Promise<{ conv: FusableConv; inner: FuseReport }> {
  const c = p.conv.config;
  const activation = p.activation ?? 'none';
  const affine = await batchNormAffine(p.bn);
  const none: FuseReport = { batchNorms: 0, activations: 0 };
  if (p.conv instanceof DynamicConv2d) return { conv: await fusedGenerated(p.conv, affine, activation), inner: none };
  const state = p.conv.stateDict();
  const weight = state.get('weight')!;
  const kernels = p.conv instanceof Conv2d ? 1 : p.conv.kernels;
  const w = await weight.data64();
  const b = p.conv.hasBias ? await state.get('bias')!.data64() : new Float64Array(kernels * c.outChannels);
  const [newW, newB] = foldRows(w, b, c.outChannels, affine);
  const backend = weight.backend;
  if (p.conv instanceof Conv2d) {
    const fused = new Conv2d({ ...c, activation, bias: true });
    fused.setTensor('weight', tensor(backend, newW, weight.shape));
    fused.setTensor('bias', tensor(backend, newB, [c.outChannels]));
    return { conv: fused, inner: none };
  }
  const fused = p.conv instanceof DyConv2d ? dyConvLike(p.conv, activation) : odConvLike(p.conv, activation);
  try {
    for (const [name, t] of p.conv.attention.stateDict()) fused.setTensor(`attention.${name}`, await copyOf(t));
    fused.setTensor('weight', tensor(backend, newW, weight.shape));
    fused.setTensor('bias', tensor(backend, newB, [kernels, c.outChannels]));
    return { conv: fused, inner: await fuseInner(fused.attention) };
  } catch (error) {
    fused.dispose();
    throw error;
  }
}

/** A DyConv2d of `conv`'s shape and attention, with a bias bank and `activation` (no tensors yet). */
function dyConvLike(conv: DyConv2d, activation: Activation): DyConv2d {
  const hidden = conv.attention.fc1.config.outChannels;
  // DyAttention's hidden width is ⌊C·r⌋ + 1: this r gives the same width without rounding doubt.
  const reduction = (hidden - 0.5) / conv.config.inChannels;
  return new DyConv2d({ ...conv.config, activation, kernels: conv.kernels, bias: true, reduction, temperature: conv.temperature });
}

/**
 * An ODConv2d of `conv`'s shape and attention, with a bias bank and `activation` (no tensors
 * yet). Where `conv`'s attention is already fused (fuseForInference ran on the ODConv alone),
 * the copy's takes the same fused fc and FoldedLayer, so the attention's tensors copy across.
 */
function odConvLike(conv: ODConv2d, activation: Activation): ODConv2d {
  const width = conv.attention.width;
  // The attention's width is max(⌊C·r⌋, minChannels): ⌊C·(0.5/C)⌋ = 0, so it is minChannels.
  const copy = new ODConv2d({ ...conv.config, activation, kernels: conv.kernels, bias: true, reduction: 0.5 / conv.config.inChannels, minChannels: width, temperature: conv.temperature });
  const { fc, bn } = conv.attention;
  if (bn instanceof FoldedLayer && fc instanceof Conv2d) {
    copy.attention.replaceChild('fc', new Conv2d({ ...fc.config, bias: fc.hasBias }));
    copy.attention.replaceChild('bn', new FoldedLayer(bn.folded));
  }
  return copy;
}
