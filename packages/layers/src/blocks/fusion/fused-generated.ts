/**
 * Folding a batch norm into the seed design's DynamicConv2d, whose kernels a generator emits per
 * sample (`W = MLP(AvgPool(X))`): scaling output channel m of every generated kernel by s_m is
 * scaling the generator's last layer's rows (weights and bias) for channel m's kernel elements;
 * the shift goes into the layer's static bias, `(b − μ)·s + β`.
 */
import { type Activation, tensor } from '@dcnn/core';
import { DynamicConv2d } from '../../dynamic/dynamic-conv2d.js';
import type { Linear } from '../../nn/linear.js';
import { type Affine, copyOf, foldBias } from './affine.js';

export async function fusedGenerated(conv: DynamicConv2d, affine: Affine | undefined, activation: Activation): Promise<DynamicConv2d> {
  const c = conv.config;
  const first = conv.generator.layers[0] as Linear;
  const fused = new DynamicConv2d({ ...c, activation, bias: true, hidden: first.outFeatures });
  try {
    const state = conv.stateDict();
    for (const name of ['generator.0.weight', 'generator.0.bias']) fused.setTensor(name, await copyOf(state.get(name)!));
    // The last layer's weight [kernel elements, hidden] and bias [kernel elements], channel-major:
    // the rows and biases of channel m are elements m·perChannel to (m + 1)·perChannel.
    const weight = state.get('generator.2.weight')!;
    const w = await weight.data64();
    const genBias = await state.get('generator.2.bias')!.data64();
    const perChannel = genBias.length / c.outChannels;
    const scaled = new Float32Array(w.length);
    const scaledBias = new Float32Array(genBias.length);
    const hidden = w.length / genBias.length;
    for (let r = 0; r < genBias.length; r++) {
      const s = affine ? affine.s[Math.floor(r / perChannel)] : 1;
      for (let h = 0; h < hidden; h++) scaled[r * hidden + h] = w[r * hidden + h] * s;
      scaledBias[r] = genBias[r] * s;
    }
    fused.setTensor('generator.2.weight', tensor(weight.backend, scaled, weight.shape));
    fused.setTensor('generator.2.bias', tensor(weight.backend, scaledBias, [genBias.length]));
    const b = conv.hasBias ? await state.get('bias')!.data64() : new Float64Array(c.outChannels);
    fused.setTensor('bias', tensor(weight.backend, foldBias(b, c.outChannels, affine), [c.outChannels]));
  } catch (error) {
    fused.dispose();
    throw error;
  }
  return fused;
}
