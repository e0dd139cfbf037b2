/**
 * ONNX element-wise ops, Gemm/MatMul, Softmax and reductions onto dcnn ops.
 *
 * - Gemm: `alpha · op(A) · op(B) + beta · C` as dense (which takes `[out, in]` weights, so
 *   `B` is transposed unless transB), a scalar mul for alpha, and a broadcasting add for C.
 * - MatMul: 2-D is dense with `transpose(B)`; other ranks (1-D operands, batches, broadcasting)
 *   are `reduceSum(A[..., M, K, 1] · B[..., 1, K, N], axis -2)` with NumPy broadcasting.
 * - Softmax before opset 13 flattens to 2-D at `axis` (default 1): reshaped, softmax on the last
 *   axis, reshaped back. From opset 13 the axis maps directly (default -1).
 * - Reduce*: axes from the attribute (older opsets) or the int64 input (ReduceSum 13+, others
 *   18+); `noop_with_empty_axes` with no axes is the identity.
 */
import { ops, type Tensor } from '@dcnn/core';
import { NotMapped, type Mapper, type NodeContext, type Value } from './context.js';

const unary = (f: (x: Tensor, ctx: NodeContext) => Tensor, attrs: string[] = []): Mapper => (ctx) => {
  ctx.onlyAttrs(attrs);
  return f(ctx.tensor(0), ctx);
};

const binary = (op: 'add' | 'sub' | 'mul' | 'div'): Mapper => (ctx) => ops[op]({ a: ctx.tensor(0), b: ctx.tensor(1) });

/** A copy of `x` (an identity that still produces a new tensor the graph owns). */
const identity = (x: Tensor): Tensor => ops.reshape({ x }, { shape: [...x.shape] });

const gemm: Mapper = (ctx) => {
  ctx.onlyAttrs(['alpha', 'beta', 'transA', 'transB']);
  const a = ctx.int('transA', 0) ? ops.transpose({ x: ctx.tensor(0) }, { perm: [1, 0] }) : ctx.tensor(0);
  const w = ctx.int('transB', 0) ? ctx.tensor(1) : ops.transpose({ x: ctx.tensor(1) }, { perm: [1, 0] });
  let y = ops.dense({ x: a, w });
  const alpha = ctx.float('alpha', 1);
  const beta = ctx.float('beta', 1);
  if (alpha !== 1) y = ops.mul({ a: y, b: ctx.scalar(alpha) });
  if (ctx.has(2)) y = ops.add({ a: y, b: beta === 1 ? ctx.tensor(2) : ops.mul({ a: ctx.tensor(2), b: ctx.scalar(beta) }) });
  return y;
};

const matmul: Mapper = (ctx) => {
  const a = ctx.tensor(0);
  const b = ctx.tensor(1);
  if (a.rank === 2 && b.rank === 2) return ops.dense({ x: a, w: ops.transpose({ x: b }, { perm: [1, 0] }) });
  const a2 = a.rank === 1 ? [1, a.shape[0]] : [...a.shape];
  const b2 = b.rank === 1 ? [b.shape[0], 1] : [...b.shape];
  const pa = ops.reshape({ x: a }, { shape: [...a2, 1] });
  const pb = ops.reshape({ x: b }, { shape: [...b2.slice(0, -2), 1, ...b2.slice(-2)] });
  const y = ops.reduceSum({ x: ops.mul({ a: pa, b: pb }) }, { axes: [-2], keepDims: false });
  let shape = [...y.shape];
  if (a.rank === 1) shape.splice(shape.length - 2, 1);
  if (b.rank === 1) shape = shape.slice(0, -1);
  return shape.length === y.rank ? y : ops.reshape({ x: y }, { shape });
};

const softmax: Mapper = (ctx) => {
  ctx.onlyAttrs(['axis']);
  const x = ctx.tensor(0);
  if (ctx.opset >= 13) return ops.softmax({ x }, { axis: ctx.int('axis', -1) });
  const axis = ((ctx.int('axis', 1) % x.rank) + x.rank) % x.rank;
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const flat = ops.reshape({ x }, { shape: [outer, -1] });
  return ops.reshape({ x: ops.softmax({ x: flat }, { axis: 1 }) }, { shape: [...x.shape] });
};

function reduce(op: 'reduceMean' | 'reduceMax' | 'reduceSum', axesInputFrom: number): Mapper {
  return (ctx) => {
    ctx.onlyAttrs(['axes', 'keepdims', 'noop_with_empty_axes']);
    const x = ctx.tensor(0);
    let axes: number[] | undefined = ctx.ints('axes');
    if (ctx.opset >= axesInputFrom && ctx.has(1)) axes = Array.from(ctx.host(1).values);
    const keepDims = ctx.int('keepdims', 1) === 1;
    if (!axes || axes.length === 0) {
      if (ctx.int('noop_with_empty_axes', 0) === 1) return identity(x);
      return ops[op]({ x }, { axes: null, keepDims });
    }
    return ops[op]({ x }, { axes, keepDims });
  };
}

const clip: Mapper = (ctx) => {
  const x = ctx.tensor(0);
  const bound = (i: number, attr: string, fallback: number): number => {
    if (ctx.opset < 11) return ctx.float(attr, fallback);
    if (!ctx.has(i)) return fallback;
    const t = ctx.host(i);
    if (t.values.length !== 1) throw new NotMapped(`Clip: bound ${attr} is not a scalar`);
    if (t.dtype !== 'float32') throw new NotMapped(`Clip: bound ${attr} has dtype ${t.dtype}`);
    return t.values[0];
  };
  const min = bound(1, 'min', -Infinity);
  const max = bound(2, 'max', Infinity);
  // ONNX Clip with min > max gives max everywhere (min then max applied); dcnn rejects min > max.
  if (min > max) return ops.clip({ x }, { min: max, max });
  return ops.clip({ x }, { min, max });
};

const sum: Mapper = (ctx) => {
  let y = ctx.tensor(0);
  if (ctx.inputCount === 1) return identity(y);
  for (let i = 1; i < ctx.inputCount; i++) y = ops.add({ a: y, b: ctx.tensor(i) });
  return y;
};

const prelu: Mapper = (ctx) => {
  // prelu(x) = relu(x) + slope · (x - relu(x)), slope broadcasting (unidirectionally) against x.
  const x = ctx.tensor(0);
  const r = ops.relu({ x });
  return ops.add({ a: r, b: ops.mul({ a: ctx.tensor(1), b: ops.sub({ a: x, b: r }) }) });
};

const gelu: Mapper = (ctx) => {
  ctx.onlyAttrs(['approximate']);
  const approximate = ctx.string('approximate', 'none');
  if (approximate !== 'none') throw new NotMapped(`Gelu: approximate='${approximate}'; dcnn gelu is the erf form`);
  return ops.gelu({ x: ctx.tensor(0) });
};

/** Constant: a host value (Constant nodes feed shapes, axes and scalars in expanded graphs). */
const constant: Mapper = (ctx): Value[] => {
  const v = ctx.attr('value');
  if (v && typeof v === 'object' && !Array.isArray(v)) return [{ kind: 'host', t: { ...v, name: ctx.node.outputs[0] } }];
  const scalars: [string, string, boolean][] = [['value_float', 'float32', false], ['value_floats', 'float32', true], ['value_int', 'int64', false], ['value_ints', 'int64', true]];
  for (const [attr, dtype, list] of scalars) {
    const a = ctx.attr(attr);
    if (a === undefined) continue;
    const values = Float64Array.from(list ? (a as number[]) : [a as number]);
    return [{ kind: 'host', t: { name: ctx.node.outputs[0], dtype, dims: list ? [values.length] : [], values } }];
  }
  throw new NotMapped(`Constant: attribute(s) ${Object.keys(ctx.node.attrs).join(', ')} not mapped`);
};

/** CastLike: host values take the target's dtype; float32 tensors to float32 are unchanged. */
const castLike: Mapper = (ctx): Value[] => {
  const target = ctx.value(1);
  const dtype = target.kind === 'device' ? 'float32' : target.t.dtype;
  const v = ctx.value(0);
  if (v.kind === 'host') {
    const values = dtype === 'float32' ? Float64Array.from(new Float32Array(v.t.values)) : v.t.values;
    return [{ kind: 'host', t: { ...v.t, dtype, values } }];
  }
  if (dtype !== 'float32') throw new NotMapped(`CastLike: to ${dtype}; dcnn tensors are float32`);
  return [{ kind: 'device', tensor: identity(v.tensor) }];
};

export const mathMappers: Record<string, Mapper> = {
  Relu: unary((x) => ops.relu({ x })),
  Sigmoid: unary((x) => ops.sigmoid({ x })),
  Tanh: unary((x) => ops.tanh({ x })),
  Exp: unary((x) => ops.exp({ x })),
  HardSigmoid: unary((x, c) => ops.hardSigmoid({ x }, { alpha: c.float('alpha', 0.2), beta: c.float('beta', 0.5) }), ['alpha', 'beta']),
  HardSwish: unary((x) => ops.hardSwish({ x })),
  LeakyRelu: unary((x, c) => ops.leakyRelu({ x }, { alpha: c.float('alpha', 0.01) }), ['alpha']),
  Identity: unary((x) => identity(x)),
  Gelu: gelu,
  Clip: clip,
  PRelu: prelu,
  Add: binary('add'),
  Sub: binary('sub'),
  Mul: binary('mul'),
  Div: binary('div'),
  Sum: sum,
  Gemm: gemm,
  MatMul: matmul,
  Softmax: softmax,
  ReduceMean: reduce('reduceMean', 18),
  ReduceMax: reduce('reduceMax', 18),
  ReduceSum: reduce('reduceSum', 13),
  Constant: constant,
  CastLike: castLike,
};
