/**
 * The folding itself: a new conv whose weights and bias take in a batch norm, with the
 * activation after it fused (see fuse-for-inference.ts for the algebra).
 */
import { type Activation, type Tensor, tensor } from '@dcnn/core';
import type { Module } from '../../module.js';
import { DyConv2d } from '../../dynamic/dy-conv2d.js';
import { ODConv2d } from '../../dynamic/od-conv2d.js';
import type { BatchNorm2d } from '../../nn/batch-norm.js';
import { Conv2d } from '../../nn/conv2d.js';
import { FoldedLayer } from '../../nn/folded-layer.js';
import type { FusableConv, Plan } from './plans.js';

/** `s = γ/√(σ²+ε)`, `β` and `μ`, per channel, in float64; undefined without a batch norm. */
async function batchNormAffine(bn: BatchNorm2d | undefined): Promise<{ s: Float64Array; shift: Float64Array; mean: Float64Array } | undefined> {
  if (!bn) return undefined;
  const state = bn.stateDict();
  const [gamma, beta, mean, variance] = await Promise.all(['weight', 'bias', 'running_mean', 'running_var'].map((n) => state.get(n)!.data64()));
  const s = gamma.map((g, m) => g / Math.sqrt(variance[m] + bn.epsilon));
  return { s, shift: beta, mean };
}

/** `w` (`rows` output channels, repeated per kernel) scaled row by row, and the folded biases. */
function foldRows(w: Float64Array, b: Float64Array, rows: number, affine: Awaited<ReturnType<typeof batchNormAffine>>): [Float32Array, Float32Array] {
  if (!affine) return [Float32Array.from(w), Float32Array.from(b)];
  const perRow = w.length / b.length;
  const newW = new Float32Array(w.length);
  const newB = new Float32Array(b.length);
  for (let r = 0; r < b.length; r++) {
    const m = r % rows;
    const s = affine.s[m];
    for (let e = 0; e < perRow; e++) newW[r * perRow + e] = w[r * perRow + e] * s;
    newB[r] = (b[r] - affine.mean[m]) * s + affine.shift[m];
  }
  return [newW, newB];
}

async function copyOf(t: Tensor): Promise<Tensor> {
  return tensor(t.backend, await t.data(), t.shape);
}

/** Folds a nested module in place (fuseForInference itself: an ODConv's attention has a run). */
export type FuseInner = (m: Module) => Promise<{ batchNorms: number; activations: number }>;

/**
 * The fused conv of a plan (new tensors; the plan's modules are left untouched), and what was
 * folded inside it. On an error nothing it made is left allocated.
 */
export async function fusedConv(p: Plan, fuseInner: FuseInner): Promise<{ conv: FusableConv; inner: { batchNorms: number; activations: number } }> {
  const c = p.conv.config;
  const activation = p.activation ?? 'none';
  const affine = await batchNormAffine(p.bn);
  const weight = p.conv.stateDict().get('weight')!;
  const kernels = p.conv instanceof Conv2d ? 1 : p.conv.kernels;
  const w = await weight.data64();
  const b = p.conv.hasBias ? await p.conv.stateDict().get('bias')!.data64() : new Float64Array(kernels * c.outChannels);
  const [newW, newB] = foldRows(w, b, c.outChannels, affine);
  const backend = weight.backend;
  const none = { batchNorms: 0, activations: 0 };
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
