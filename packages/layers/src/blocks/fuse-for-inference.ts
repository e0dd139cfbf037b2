/**
 * Inference fusion of a whole model, in place: in every `Sequential`, a `Conv2d` or `DyConv2d`
 * without a fused activation that is followed by a `BatchNorm2d` takes the batch norm into its
 * weights and bias, and an `Activation` right after (the conv, or the batch norm folded into it)
 * becomes the conv's fused activation. One op per conv instead of two or three, each a pass
 * over the feature map.
 *
 * Folding, per output channel m with `s = γ/√(σ²+ε)` (computed in float64, rounded once):
 * `w' = w·s`, `b' = (b − μ)·s + β`. For a DyConv2d each of the K kernels and biases is folded
 * alike: its attention is a softmax (weights summing to 1), so the mixed bias
 * `Σ_k a_k·b'_k = (Σ_k a_k·b_k − μ)·s + β` is the batch norm of the mixed conv.
 *
 * The folded layers' places hold a `FoldedLayer` (it returns its input), so every other layer
 * keeps its PyTorch name and index; the fused conv gains a `bias`. Fuse after loading weights:
 * the fused model's state dict is no longer the checkpoint's. Blocks that call their layers by
 * name instead of through a `Sequential` (ResNet's `conv1`/`bn1`) and the other dynamic convs
 * (CondConv's sigmoid routing weights do not sum to 1; ODConv has no bias) are left as they are.
 */
import { type Shape, type Tensor, tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { DyConv2d } from '../dynamic/dy-conv2d.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Sequential } from '../nn/sequential.js';
import { Activation } from '../nn/stateless.js';

/** What `fuseForInference` did. */
export interface FuseReport {
  /** Batch norms folded into the conv before them. */
  batchNorms: number;
  /** Activations that became a conv's fused activation. */
  activations: number;
}

/** Stands where a batch norm or an activation was folded into the conv before it. */
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

type FusableConv = Conv2d | DyConv2d;

/** One conv of a Sequential with what follows it and gets folded in. */
interface Plan {
  seq: Sequential;
  index: number;
  conv: FusableConv;
  bn: BatchNorm2d | undefined;
  activation: Activation | undefined;
}

function plansOf(seq: Sequential): Plan[] {
  const plans: Plan[] = [];
  const layers = seq.layers;
  for (let i = 0; i < layers.length; i++) {
    const conv = layers[i];
    if (!(conv instanceof Conv2d || conv instanceof DyConv2d) || conv.config.activation !== 'none') continue;
    let next = i + 1;
    const bn = layers[next] instanceof BatchNorm2d && (layers[next] as BatchNorm2d).channels === conv.config.outChannels ? (layers[next++] as BatchNorm2d) : undefined;
    const activation = layers[next] instanceof Activation ? (layers[next] as Activation) : undefined;
    if (bn || activation) plans.push({ seq, index: i, conv, bn, activation });
  }
  return plans;
}

function* sequentials(m: Module): Generator<Sequential> {
  if (m instanceof Sequential) yield m;
  for (const child of m.children().values()) yield* sequentials(child);
}

/** `s = γ/√(σ²+ε)` and `β − μ·s`, per channel, in float64; undefined without a batch norm. */
async function batchNormAffine(bn: BatchNorm2d | undefined): Promise<{ s: Float64Array; shift: Float64Array; mean: Float64Array } | undefined> {
  if (!bn) return undefined;
  const state = bn.stateDict();
  const [gamma, beta, mean, variance] = await Promise.all(['weight', 'bias', 'running_mean', 'running_var'].map((n) => state.get(n)!.data64()));
  const s = gamma.map((g, m) => g / Math.sqrt(variance[m] + bn.epsilon));
  return { s, shift: beta, mean };
}

/** `w` (`rows` output channels, repeated `kernels` times) scaled row by row, and the folded biases. */
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

/** The fused conv of a plan (new tensors; the plan's modules are left untouched). */
async function fusedConv(p: Plan): Promise<FusableConv> {
  const c = p.conv.config;
  const activation = p.activation?.kind ?? 'none';
  const affine = await batchNormAffine(p.bn);
  const weight = p.conv.stateDict().get('weight')!;
  const kernels = p.conv instanceof DyConv2d ? p.conv.kernels : 1;
  const w = await weight.data64();
  const b = p.conv.hasBias ? await p.conv.stateDict().get('bias')!.data64() : new Float64Array(kernels * c.outChannels);
  const [newW, newB] = foldRows(w, b, c.outChannels, affine);
  const backend = weight.backend;
  if (p.conv instanceof Conv2d) {
    const fused = new Conv2d({ ...c, activation, bias: true });
    fused.setTensor('weight', tensor(backend, newW, weight.shape));
    fused.setTensor('bias', tensor(backend, newB, [c.outChannels]));
    return fused;
  }
  const hidden = p.conv.attention.fc1.config.outChannels;
  // DyAttention's hidden width is ⌊C·r⌋ + 1: this r gives the same width without rounding doubt.
  const fused = new DyConv2d({ ...c, activation, kernels, bias: true, reduction: (hidden - 0.5) / c.inChannels, temperature: p.conv.temperature });
  try {
    for (const [name, t] of p.conv.attention.stateDict()) fused.setTensor(`attention.${name}`, await copyOf(t));
    fused.setTensor('weight', tensor(backend, newW, weight.shape));
    fused.setTensor('bias', tensor(backend, newB, [kernels, c.outChannels]));
  } catch (error) {
    fused.dispose();
    throw error;
  }
  return fused;
}

/**
 * Fuses `model` for inference in place (see the file comment) and says what it folded. The
 * model must be materialised; on an error nothing has changed.
 */
export async function fuseForInference(model: Module): Promise<FuseReport> {
  const plans = [...sequentials(model)].flatMap(plansOf);
  // Every tensor is checked before anything is read, so a half-materialised model is refused whole.
  for (const p of plans) {
    for (const m of [p.conv, p.bn]) if (m) m.stateDict();
  }
  const fused: FusableConv[] = [];
  try {
    for (const p of plans) fused.push(await fusedConv(p));
  } catch (error) {
    for (const m of fused) m.dispose();
    throw error;
  }
  const report: FuseReport = { batchNorms: 0, activations: 0 };
  plans.forEach((p, i) => {
    p.seq.replaceLayer(p.index, fused[i]).dispose();
    let at = p.index + 1;
    if (p.bn) {
      p.seq.replaceLayer(at++, new FoldedLayer('BatchNorm2d')).dispose();
      report.batchNorms++;
    }
    if (p.activation) {
      p.seq.replaceLayer(at, new FoldedLayer(p.activation.kind));
      report.activations++;
    }
  });
  return report;
}
