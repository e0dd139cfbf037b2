/**
 * dynamicConv2d on the GPU: one program aggregates each sample's kernel from the bank
 * (`Σ_k a[n,k]·w[k]`, times the spatial attention of its tap and the channel attention of its
 * input channel, which is the same as scaling the input), another aggregates the bias; the
 * per-sample convolution then applies the filter attention and bias in its epilogue.
 */
import type { ConvAttrs } from '@dcnn/core';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG, type ContextRef, type T } from './common.js';
import { runConv } from './conv.js';

function aggregateProgram(spatial: boolean, channel: boolean): ProgramSpec {
  const factors = [spatial ? ' * sa[n * u.taps + e % u.taps]' : '', channel ? ' * ca[n * u.c + g * u.cg + (e / u.taps) % u.cg]' : ''].join('');
  return {
    key: `dynamic/aggregate/${spatial ? 's' : ''}${channel ? 'c' : ''}`,
    uniforms: [['total', 'u32'], ['k', 'u32'], ['size', 'u32'], ['taps', 'u32'], ['c', 'u32'], ['cg', 'u32'], ['mg', 'u32']],
    bindings: [
      { name: 'a', access: 'read' }, { name: 'bank', access: 'read' },
      ...(spatial ? [{ name: 'sa', access: 'read' as const }] : []), ...(channel ? [{ name: 'ca', access: 'read' as const }] : []),
      { name: 'y', access: 'read_write' },
    ],
    workgroup: [WG],
    body: `${guard()}
  let n = gi / u.size;
  let e = gi % u.size;
  let g = (e / (u.taps * u.cg)) / u.mg;
  var acc = 0.0;
  for (var k = 0u; k < u.k; k++) { acc = acc + a[n * u.k + k] * bank[k * u.size + e]; }
  y[gi] = acc${factors};`,
  };
}

/** `b_n[m] = Σ_k a[n,k]·b[k,m]`, the same aggregation with `size = M` and no attentions. */
const biasProgram = aggregateProgram(false, false);

export function runDynamicConv(
  ctx: ContextRef,
  i: { x: T; w: T; a: T; b?: T; spatialAttn?: T; channelAttn?: T; filterAttn?: T },
  attrs: ConvAttrs,
  out: readonly number[],
): GpuTensor {
  const c = ctx();
  const [k, m, cg, kh, kw] = i.w.shape;
  const n = i.x.shape[0];
  const size = m * cg * kh * kw;
  const kernels = c.allocate('dynamicConv2d', n * size);
  const taps = kh * kw;
  const common = { k, taps, c: i.x.shape[1], cg, mg: m / attrs.group };
  const spatial = i.spatialAttn?.handle;
  const channel = i.channelAttn?.handle;
  c.run('dynamicConv2d', aggregateProgram(!!spatial, !!channel),
    [i.a.handle, i.w.handle, ...(spatial ? [spatial] : []), ...(channel ? [channel] : []), kernels],
    { total: n * size, size, ...common }, { threads: n * size });
  let bias: GpuTensor | undefined;
  try {
    if (i.b) {
      // A refused dispatch releases its own output (GpuContext.run): set `bias` only after it ran.
      const aggregated = c.allocate('dynamicConv2d', n * m);
      c.run('dynamicConv2d', biasProgram, [i.a.handle, i.b.handle, aggregated], { total: n * m, size: m, ...common }, { threads: n * m });
      bias = aggregated;
    }
    return runConv(c, 'dynamicConv2d', {
      x: i.x.handle, xShape: i.x.shape, w: kernels, kShape: [m, cg, kh, kw], perSampleWeights: true, attrs, out,
      epilogue: { bias, biasPerSample: true, scale: i.filterAttn?.handle, activation: attrs.activation },
    });
  } finally {
    c.release(kernels);
    if (bias) c.release(bias);
  }
}
