/**
 * The reference kernel map: every op of SPEC.md on Float64Array handles. Inputs arrive
 * validated; each kernel returns a fresh array.
 */
import type { KernelMap, KernelTensor } from '../backend.js';
import { normaliseAxis } from '../shape.js';
import { reducedAxes } from '../ops/reduce.js';
import { resolvePerm } from '../ops/shape-ops.js';
import * as conv from './conv.js';
import { binary, map } from './elementwise.js';
import * as m from './math.js';
import { globalPool, pool2d } from './pool.js';
import * as r from './reduce.js';

type T = KernelTensor<Float64Array>;
const d = (t: T | undefined): Float64Array | undefined => t?.handle;

export const referenceKernels = {
  conv2d: ({ x, w, b }, attrs, [out]) => conv.conv2d(x.handle, x.shape, w.handle, w.shape, d(b), b?.shape, attrs, out),
  dynamicConv2d: (i, attrs, [out]) =>
    conv.dynamicConv2d(
      { x: i.x.handle, w: i.w.handle, a: i.a.handle, b: d(i.b), spatialAttn: d(i.spatialAttn), channelAttn: d(i.channelAttn), filterAttn: d(i.filterAttn) },
      i.x.shape, i.w.shape, attrs, out,
    ),
  deformConv2d: (i, attrs, [out]) =>
    conv.deformConv2d({ x: i.x.handle, w: i.w.handle, offset: i.offset.handle, b: d(i.b), mask: d(i.mask) }, i.x.shape, i.w.shape, attrs, out),
  dense: ({ x, w, b }, attrs) => {
    const [n, f] = x.shape;
    const o = w.shape[0];
    const y = new Float64Array(n * o);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < o; col++) {
        let acc = b ? b.handle[col] : 0;
        for (let k = 0; k < f; k++) acc += x.handle[row * f + k] * w.handle[col * f + k];
        y[row * o + col] = acc;
      }
    }
    m.applyActivation(y, attrs.activation);
    return y;
  },
  globalAvgPool: ({ x }) => globalPool(x.handle, x.shape, 'avg'),
  globalMaxPool: ({ x }) => globalPool(x.handle, x.shape, 'max'),
  avgPool2d: ({ x }, attrs, [out]) => pool2d(x.handle, x.shape, out, attrs, 'avg'),
  maxPool2d: ({ x }, attrs, [out]) => pool2d(x.handle, x.shape, out, attrs, 'max'),
  batchNorm: ({ x, scale, bias, mean, var: variance }, { epsilon }) => {
    const c = x.shape[1];
    const inner = x.shape.slice(2).reduce((p, v) => p * v, 1);
    const y = new Float64Array(x.handle.length);
    for (let e = 0; e < y.length; e++) {
      const ch = Math.floor(e / inner) % c;
      y[e] = ((x.handle[e] - mean.handle[ch]) / Math.sqrt(variance.handle[ch] + epsilon)) * scale.handle[ch] + bias.handle[ch];
    }
    return y;
  },
  relu: ({ x }) => map(x.handle, m.relu),
  relu6: ({ x }) => map(x.handle, m.relu6),
  sigmoid: ({ x }) => map(x.handle, m.sigmoid),
  tanh: ({ x }) => map(x.handle, Math.tanh),
  exp: ({ x }) => map(x.handle, Math.exp),
  silu: ({ x }) => map(x.handle, (v) => v * m.sigmoid(v)),
  gelu: ({ x }) => map(x.handle, m.gelu),
  hardSigmoid: ({ x }, { alpha, beta }) => map(x.handle, (v) => (v !== v ? v : m.hardSigmoid(v, alpha, beta))),
  hardSwish: ({ x }) => map(x.handle, m.hardSwish),
  leakyRelu: ({ x }, { alpha }) => map(x.handle, (v) => (v >= 0 ? v : alpha * v)),
  clip: ({ x }, { min, max }) => map(x.handle, (v) => (v !== v ? v : Math.min(Math.max(v, min), max))),
  add: ({ a, b }, _, [out]) => binary(a.handle, a.shape, b.handle, b.shape, out, (p, q) => p + q),
  sub: ({ a, b }, _, [out]) => binary(a.handle, a.shape, b.handle, b.shape, out, (p, q) => p - q),
  mul: ({ a, b }, _, [out]) => binary(a.handle, a.shape, b.handle, b.shape, out, (p, q) => p * q),
  div: ({ a, b }, _, [out]) => binary(a.handle, a.shape, b.handle, b.shape, out, (p, q) => p / q),
  reduceMean: ({ x }, { axes }) => r.reduce(x.handle, x.shape, reducedAxes('reduceMean', x.shape.length, axes), 'mean'),
  reduceMax: ({ x }, { axes }) => r.reduce(x.handle, x.shape, reducedAxes('reduceMax', x.shape.length, axes), 'max'),
  reduceSum: ({ x }, { axes }) => r.reduce(x.handle, x.shape, reducedAxes('reduceSum', x.shape.length, axes), 'sum'),
  softmax: ({ x }, { axis, temperature }) => r.softmax(x.handle, x.shape, axis, temperature),
  concat: ({ xs }, { axis }, [out]) => r.concat(xs.map((t) => t.handle), xs.map((t) => t.shape), normaliseAxis(axis, out.length), out),
  split: ({ x }, { axis, sizes }) => r.split(x.handle, x.shape, normaliseAxis(axis, x.shape.length), sizes),
  reshape: ({ x }) => x.handle.slice(),
  transpose: ({ x }, { perm }) => r.transpose(x.handle, x.shape, resolvePerm(x.shape.length, perm)),
} satisfies KernelMap<Float64Array>;
