/**
 * Folding an inference batch norm into the conv before it:
 * `w' = w · γ/√(σ²+ε)` per output channel, `b' = (b − μ) · γ/√(σ²+ε) + β`. The result is a new
 * `Conv2d` with a bias, on the same backend; the inputs are left as they were.
 */
import { AttributeError, ShapeError, tensor } from '@dcnn/core';
import { Conv2d } from '../nn/conv2d.js';
import type { BatchNorm2d } from '../nn/batch-norm.js';
import { batchNormAffine, foldRows } from './fusion/affine.js';

export async function foldBatchNorm(conv: Conv2d, bn: BatchNorm2d): Promise<Conv2d> {
  const c = conv.config;
  if (c.activation !== 'none') {
    throw new AttributeError({ op: 'foldBatchNorm', arg: 'conv.activation', expected: "'none' (a fused activation sits between the conv and the BN)", actual: JSON.stringify(c.activation) });
  }
  if (bn.channels !== c.outChannels) {
    throw new ShapeError({ op: 'foldBatchNorm', arg: 'bn', expected: `${c.outChannels} channels (the conv's outputs)`, actual: String(bn.channels) });
  }
  const state = conv.stateDict();
  const weightT = state.get('weight')!;
  const w = await weightT.data64();
  const b = conv.hasBias ? await state.get('bias')!.data64() : new Float64Array(c.outChannels);
  const [newW, newB] = foldRows(w, b, c.outChannels, await batchNormAffine(bn));
  const folded = new Conv2d({ ...c, bias: true });
  folded.setTensor('weight', tensor(weightT.backend, newW, weightT.shape));
  folded.setTensor('bias', tensor(weightT.backend, newB, [c.outChannels]));
  return folded;
}
