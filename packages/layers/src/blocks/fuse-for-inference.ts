/**
 * Inference fusion of a whole model, in place: in every `Sequential`, a `Conv2d`, `DyConv2d`,
 * `ODConv2d` or `DynamicConv2d` (its generator's last rows: fusion/fused-generated.ts) without a
 * fused activation that is followed by a `BatchNorm2d` takes the batch norm into its weights and bias, and an `Activation` right after (the conv, or the batch norm folded into it)
 * becomes the conv's fused activation. One op per conv instead of two or three, each a pass
 * over the feature map.
 *
 * Folding, per output channel m with `s = γ/√(σ²+ε)` (computed in float64, rounded once):
 * `w' = w·s`, `b' = (b − μ)·s + β`. For a DyConv2d or an ODConv2d each of the K kernels and
 * biases is folded alike: the kernel attention is a softmax (weights summing to 1; ODConv with
 * K = 1 has none, i.e. 1), so the mixed bias `Σ_k a_k·b'_k = (Σ_k a_k·b_k − μ)·s + β` is the
 * batch norm of the mixed conv. ODConv's other attentions scale input channels, taps and (α_f)
 * output channels, which commute with `s`, and its bias is added after α_f (SPEC.md's
 * dynamicConv2d), so the folded ODConv gets a bias bank. Its attention's own fc → bn → relu
 * is folded in the fused copy.
 *
 * Modules that call their layers by name (ResNet's `conv1`, `bn1`, then a relu) list those runs
 * as `fusionSites()` and run them with `runSite`, which reads the children by name and skips
 * the relu once it is fused; the same folding applies there.
 *
 * The folded layers' places hold a `FoldedLayer` (it returns its input), so every other layer
 * keeps its PyTorch name and index; the fused conv gains a `bias`. A conv or batch norm that the
 * model also runs somewhere it is not fused (a shared module) stays there. Fuse after loading weights:
 * the fused model's state dict is no longer the checkpoint's. CondConv is left as it is: its
 * sigmoid routing weights do not sum to 1, so the shift cannot go into the experts' biases.
 */
import type { Tensor } from '@dcnn/core';
import type { Module } from '../module.js';
import { fusedConv } from './fusion/fused-conv.js';
import { collectPlans } from './fusion/plans.js';

/** What `fuseForInference` did. */
export interface FuseReport {
  /** Batch norms folded into the conv before them. */
  batchNorms: number;
  /** Activations that became a conv's fused activation. */
  activations: number;
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

/**
 * Fuses `model` for inference in place (see the file comment) and says what it folded. The
 * model must be materialised; on an error nothing has changed.
 */
export async function fuseForInference(model: Module): Promise<FuseReport> {
  // Every tensor is checked before anything is read, so a half-materialised model is refused whole.
  model.stateDict();
  const plans = collectPlans(model);
  const report: FuseReport = { batchNorms: 0, activations: 0 };
  const fused: Module[] = [];
  try {
    for (const p of plans) {
      const { conv, inner } = await fusedConv(p, fuseForInference);
      fused.push(conv);
      report.batchNorms += inner.batchNorms;
      report.activations += inner.activations;
    }
  } catch (error) {
    for (const m of fused) m.dispose();
    throw error;
  }
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
