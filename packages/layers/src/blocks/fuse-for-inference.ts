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
 * Modules that call their layers by name (ResNet's `conv1`, `bn1`, then a relu) list those runs
 * as `fusionSites()`, read the children through `childNamed`, and apply their relu with
 * `reluAfter`, which skips it once it is fused; the same folding applies there.
 *
 * The folded layers' places hold a `FoldedLayer` (it returns its input), so every other layer
 * keeps its PyTorch name and index; the fused conv gains a `bias`. A conv or batch norm that the
 * model also runs somewhere it is not fused (a shared module) stays there. Fuse after loading weights:
 * the fused model's state dict is no longer the checkpoint's. The other dynamic convs (CondConv's
 * sigmoid routing weights do not sum to 1; ODConv has no bias) are left as they are.
 */
import { type Tensor, tensor } from '@dcnn/core';
import type { Activation as ActivationKind } from '@dcnn/core';
import type { Module } from '../module.js';
import { DyConv2d } from '../dynamic/dy-conv2d.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { FoldedLayer } from '../nn/folded-layer.js';
import { Sequential } from '../nn/sequential.js';
import { Activation } from '../nn/stateless.js';

/** What `fuseForInference` did. */
export interface FuseReport {
  /** Batch norms folded into the conv before them. */
  batchNorms: number;
  /** Activations that became a conv's fused activation. */
  activations: number;
}

type FusableConv = Conv2d | DyConv2d;

const fusable = (m: Module | undefined): m is FusableConv => (m instanceof Conv2d || m instanceof DyConv2d) && m.config.activation === 'none';

/** One conv with what gets folded into it, and how to put the results in place. */
interface Plan {
  conv: FusableConv;
  bn: BatchNorm2d | undefined;
  activation: ActivationKind | undefined;
  /** Puts the fused conv in the conv's place; returns the old conv. */
  putConv(fused: Module): Module;
  /** Puts placeholders where the batch norm and (in a Sequential) the activation module were. */
  putFolded(): Module[];
}

/** Runs of a Sequential: a conv, then optionally its batch norm, then optionally an Activation. */
function sequentialPlans(seq: Sequential): Plan[] {
  const plans: Plan[] = [];
  const layers = seq.layers;
  for (let i = 0; i < layers.length; i++) {
    const conv = layers[i];
    if (!fusable(conv)) continue;
    const at = i;
    let next = i + 1;
    const bn = layers[next] instanceof BatchNorm2d && (layers[next] as BatchNorm2d).channels === conv.config.outChannels ? (layers[next++] as BatchNorm2d) : undefined;
    const act = layers[next] instanceof Activation ? (layers[next] as Activation) : undefined;
    if (!bn && !act) continue;
    plans.push({
      conv,
      bn,
      activation: act?.kind,
      putConv: (fused) => seq.replaceLayer(at, fused),
      putFolded: () => {
        const old: Module[] = [];
        let k = at + 1;
        if (bn) old.push(seq.replaceLayer(k++, new FoldedLayer('BatchNorm2d')));
        if (act) old.push(seq.replaceLayer(k, new FoldedLayer(act.kind)));
        return old;
      },
    });
  }
  return plans;
}

/** The fusion sites a module declares (ResNet blocks), where they still hold a conv and its batch norm. */
function sitePlans(owner: Module): Plan[] {
  return owner.fusionSites().flatMap((site): Plan[] => {
    const conv = owner.childNamed(site.conv);
    const bn = owner.childNamed(site.bn);
    if (!fusable(conv) || !(bn instanceof BatchNorm2d) || bn.channels !== conv.config.outChannels) return [];
    return [{
      conv,
      bn,
      activation: site.activation,
      putConv: (fused) => owner.replaceChild(site.conv, fused),
      putFolded: () => [owner.replaceChild(site.bn, new FoldedLayer('BatchNorm2d'))],
    }];
  });
}

/** `m` and every module under it, each once (a module may be held in two places). */
function* modulesOf(m: Module, seen = new Set<Module>()): Generator<Module> {
  if (seen.has(m)) return;
  seen.add(m);
  yield m;
  for (const child of m.children().values()) yield* modulesOf(child, seen);
}

/** Frees the tensors of the replaced modules that `model` no longer holds anywhere. */
function disposeUnused(model: Module, replaced: Module[]): void {
  const inUse = new Set<Tensor | undefined>([...model.namedSlots()].map(([, slot]) => slot.tensor));
  for (const old of replaced) {
    for (const [, slot] of old.namedSlots()) {
      if (!slot.tensor || inUse.has(slot.tensor)) continue;
      slot.tensor.dispose();
      slot.tensor = undefined;
    }
  }
}

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

/** The fused conv of a plan (new tensors; the plan's modules are left untouched). */
async function fusedConv(p: Plan): Promise<FusableConv> {
  const c = p.conv.config;
  const activation = p.activation ?? 'none';
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
  // Every tensor is checked before anything is read, so a half-materialised model is refused whole.
  model.stateDict();
  const plans = [...modulesOf(model)].flatMap((m) => [...(m instanceof Sequential ? sequentialPlans(m) : []), ...sitePlans(m)]);
  const fused: FusableConv[] = [];
  try {
    for (const p of plans) fused.push(await fusedConv(p));
  } catch (error) {
    for (const m of fused) m.dispose();
    throw error;
  }
  const report: FuseReport = { batchNorms: 0, activations: 0 };
  const replaced: Module[] = [];
  plans.forEach((p, i) => {
    replaced.push(p.putConv(fused[i]), ...p.putFolded());
    if (p.bn) report.batchNorms++;
    if (p.activation) report.activations++;
  });
  // A conv or batch norm the model also runs elsewhere, unfused, keeps its tensors there.
  disposeUnused(model, replaced);
  return report;
}
