/**
 * Where fuseForInference folds: the runs of a conv, its batch norm and an activation, found in
 * Sequentials and at the fusion sites of modules that call their layers by name.
 */
import type { Activation as ActivationKind } from '@dcnn/core';
import type { Module } from '../../module.js';
import { DyConv2d } from '../../dynamic/dy-conv2d.js';
import { DynamicConv2d } from '../../dynamic/dynamic-conv2d.js';
import { ODConv2d } from '../../dynamic/od-conv2d.js';
import { BatchNorm2d } from '../../nn/batch-norm.js';
import { Conv2d } from '../../nn/conv2d.js';
import { FoldedLayer } from '../../nn/folded-layer.js';
import { Sequential } from '../../nn/sequential.js';
import { Activation } from '../../nn/stateless.js';

export type FusableConv = Conv2d | DyConv2d | ODConv2d | DynamicConv2d;

const fusable = (m: Module | undefined): m is FusableConv =>
  (m instanceof Conv2d || m instanceof DyConv2d || m instanceof ODConv2d || m instanceof DynamicConv2d) && m.config.activation === 'none';

/** One conv with what gets folded into it, and how to put the results in place. */
export interface Plan {
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

/**
 * Every run to fold under `root`, each module visited once (a module may be held in two
 * places). A conv that is folded is not searched itself: its fused copy is (an ODConv's
 * attention has a run of its own).
 */
export function collectPlans(root: Module): Plan[] {
  const plans: Plan[] = [];
  const seen = new Set<Module>();
  const visit = (m: Module): void => {
    if (seen.has(m)) return;
    seen.add(m);
    const own = [...(m instanceof Sequential ? sequentialPlans(m) : []), ...sitePlans(m)];
    plans.push(...own);
    for (const p of own) seen.add(p.conv);
    for (const child of m.children().values()) visit(child);
  };
  visit(root);
  return plans;
}
