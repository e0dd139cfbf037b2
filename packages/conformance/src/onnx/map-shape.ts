/**
 * ONNX shape ops onto dcnn's concat/split/reshape/transpose. Opset-13+ inputs that are really
 * attributes (Split's `split`, Reshape's `shape`) are read from host values.
 *
 * - Reshape: a 0 copies the input's dim at that index unless `allowzero` = 1; one -1 is inferred.
 * - Split: sizes from the `split` input (13+) or attribute (older); else `num_outputs` (18+:
 *   equal chunks of ceil(dim / n), the last smaller); else as many equal parts as outputs.
 * - Flatten is a reshape to `[prod(dims before axis), prod(dims from axis)]`.
 */
import { ops } from '@dcnn/core';
import { NotMapped, type Mapper } from './context.js';

const prod = (ds: number[]) => ds.reduce((p, d) => p * d, 1);

const concat: Mapper = (ctx) => {
  ctx.onlyAttrs(['axis']);
  const xs = ctx.node.inputs.map((_, i) => ctx.tensor(i));
  return ops.concat({ xs }, { axis: ctx.int('axis', 0) });
};

const split: Mapper = (ctx) => {
  ctx.onlyAttrs(['axis', 'num_outputs', 'split']);
  const x = ctx.tensor(0);
  const axisAttr = ctx.int('axis', 0);
  const axis = axisAttr < 0 ? axisAttr + x.rank : axisAttr;
  const dim = x.shape[axis];
  const outputs = ctx.node.outputs.length;
  let sizes: number[] | undefined = ctx.ints('split');
  if (ctx.has(1)) sizes = Array.from(ctx.host(1).values);
  const n = ctx.int('num_outputs', 0);
  if (!sizes && n > 0) {
    const chunk = Math.ceil(dim / n);
    sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  }
  if (!sizes) {
    if (dim % outputs !== 0) throw new NotMapped(`Split: ${dim} does not split into ${outputs} equal parts`);
    sizes = Array(outputs).fill(dim / outputs);
  }
  return ops.split({ x }, { axis: axisAttr, sizes });
};

const reshape: Mapper = (ctx) => {
  ctx.onlyAttrs(['allowzero', 'shape']);
  const x = ctx.tensor(0);
  const requested = ctx.opset >= 5 ? Array.from(ctx.host(1).values) : (ctx.ints('shape') ?? []);
  const allowZero = ctx.int('allowzero', 0) === 1;
  const shape = requested.map((d, i) => (d === 0 && !allowZero ? x.shape[i] : d));
  return ops.reshape({ x }, { shape });
};

const flatten: Mapper = (ctx) => {
  ctx.onlyAttrs(['axis']);
  const x = ctx.tensor(0);
  const a = ctx.int('axis', 1);
  const axis = a < 0 ? a + x.rank : a;
  return ops.reshape({ x }, { shape: [prod(x.shape.slice(0, axis)), prod(x.shape.slice(axis))] });
};

const transpose: Mapper = (ctx) => {
  ctx.onlyAttrs(['perm']);
  return ops.transpose({ x: ctx.tensor(0) }, { perm: ctx.ints('perm') ?? null });
};

export const shapeMappers: Record<string, Mapper> = {
  Concat: concat,
  Split: split,
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
};
