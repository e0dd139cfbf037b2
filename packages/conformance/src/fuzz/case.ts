/** A fuzz case (op, input shapes and data, attributes), its data, and what SPEC.md says its output shape is. */
import type { OpName } from '@dcnn/core';
import { FuzzRng, streamSeed } from './rng.js';

/** One input: its shape and how its data is drawn (uniform in [lo, hi], rounded to `step` if set). */
export interface FuzzInput {
  shape: number[];
  lo?: number;
  hi?: number;
  step?: number;
  /** The fraction of elements replaced by NaN, Infinity or -Infinity (SPEC.md: they propagate as IEEE says). */
  specials?: number;
  /** Elements set by hand, `[index, value]` (regression cases; non-finite values as strings, JSON-safe). */
  set?: [number, number | 'NaN' | 'Infinity' | '-Infinity'][];
}

/** Everything needed to replay a run: the op, its inputs, its attributes and the data seed. */
export interface FuzzCase {
  op: OpName;
  inputs: Record<string, FuzzInput>;
  attrs: Record<string, unknown>;
  data: number;
  /** The same data as magnitudes (|v|, offsets kept), for withinRounding. Not for generated cases. */
  magnitudes?: true;
}

export const ACTIVATIONS = ['none', 'relu', 'relu6', 'sigmoid', 'hardSigmoid', 'hardSwish', 'silu', 'tanh', 'gelu'] as const;
export const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

export function inputData(c: FuzzCase, index: number, spec: FuzzInput): Float32Array {
  const r = new FuzzRng(streamSeed(c.data, 100 + index));
  const lo = spec.lo ?? -1;
  const hi = spec.hi ?? 1;
  const abs = c.magnitudes && Object.keys(c.inputs)[index] !== 'offset';
  const data = Float32Array.from({ length: size(spec.shape) }, () => {
    const u = lo + (hi - lo) * r.next();
    const v = spec.step ? Math.round(u / spec.step) * spec.step : u;
    return spec.specials && r.next() < spec.specials ? [NaN, Infinity, -Infinity][r.int(0, 2)] : v;
  });
  for (const [i, v] of spec.set ?? []) data[i] = Number(v);
  return abs ? data.map(Math.abs) : data;
}

/** SPEC.md's output size of the conv family (≤ 0: invalid). */
export const convOut = (size: number, k: number, s: number, a: number, b: number, d: number): number => Math.floor((size + a + b - (d * (k - 1) + 1)) / s) + 1;

/** ONNX AveragePool/MaxPool output size: a ceil-mode window starting in the end padding is dropped. */
export function poolOut(size: number, k: number, s: number, a: number, b: number, d: number, ceil: boolean): number {
  const span = size + a + b - (d * (k - 1) + 1);
  if (span < 0) return 0;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + a) out--;
  return out;
}

/** A case's attributes with SPEC.md's defaults filled in (cases may leave them out; core fills them too). */
export function attrsOf(c: FuzzCase): Record<string, unknown> {
  const conv = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1, activation: 'none' };
  const pool = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], ceilMode: false };
  const defaults: Partial<Record<OpName, Record<string, unknown>>> = {
    conv2d: conv, dynamicConv2d: conv, deformConv2d: { ...conv, offsetGroup: 1 },
    avgPool2d: { ...pool, countIncludePad: false }, maxPool2d: pool, dense: { activation: 'none' },
  };
  return { ...defaults[c.op], ...c.attrs };
}

/** The output shapes SPEC.md gives, computed here independently of core's validation. */
export function expectedShape(given: FuzzCase): number[] {
  const c = { ...given, attrs: attrsOf(given) };
  const x = c.inputs.x?.shape;
  if (c.op === 'conv2d' || c.op === 'dynamicConv2d' || c.op === 'deformConv2d') {
    const w = c.inputs.w.shape.slice(-4);
    const [sh, sw] = c.attrs.strides as number[];
    const [dh, dw] = c.attrs.dilations as number[];
    const [t, l, b, r] = c.attrs.pads as number[];
    return [x[0], w[0], convOut(x[2], w[2], sh, t, b, dh), convOut(x[3], w[3], sw, l, r, dw)];
  }
  if (c.op === 'globalAvgPool' || c.op === 'globalMaxPool') return [x[0], x[1], 1, 1];
  if (c.op === 'avgPool2d' || c.op === 'maxPool2d') {
    const k = c.attrs.kernel as number[];
    const s = c.attrs.strides as number[];
    const d = c.attrs.dilations as number[];
    const p = c.attrs.pads as number[];
    const ceil = c.attrs.ceilMode as boolean;
    return [x[0], x[1], poolOut(x[2], k[0], s[0], p[0], p[2], d[0], ceil), poolOut(x[3], k[1], s[1], p[1], p[3], d[1], ceil)];
  }
  if (c.op === 'dense') return [x[0], c.inputs.w.shape[0]];
  // Unary maps and batchNorm keep their input's shape.
  if (x !== undefined) return x;
  const a = c.inputs.a.shape;
  const b = c.inputs.b.shape;
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    return da === 1 ? db : da;
  });
}
