/** Unary maps, broadcast binary ops, batchNorm and dense. */
import type { Kernel, KernelMap } from '@dcnn/core';
import { ACTIVATION_CODES, BINARY_CODES, UNARY_CODES } from '../codes.js';
import { type Ctx, type T, type WasmTensor, guard, output, sizeOf } from './context.js';

type UnaryName = keyof typeof UNARY_CODES;
type BinaryName = keyof typeof BINARY_CODES;

/** Ops computed per element in f64 (assembly/elementwise.ts scalarUnary): ~10× the vector ops' cost. */
const SCALAR_UNARY: ReadonlySet<UnaryName> = new Set(['sigmoid', 'tanh', 'exp', 'silu', 'gelu']);

/**
 * Elements per thread chunk at least: below, handing work to a thread costs more than it saves
 * (a vector op streams ~16K floats in a few µs, about a worker's wake-up).
 */
const ELEMENT_GRAIN = 16384;

function unary(ctx: Ctx, op: UnaryName, params: (attrs: Record<string, number>) => [number, number] = () => [0, 0]) {
  return ({ x }: { x: T }, attrs: object) => {
    const y = output(ctx, x.shape, op);
    const [alpha, beta] = params(attrs as Record<string, number>);
    return guard(ctx, y, () => {
      ctx.par.run({
        op,
        kernel: 'unary',
        args: [x.handle.ptr, y.ptr, UNARY_CODES[op], alpha, beta, 0, 0],
        rangeAt: 5,
        total: y.length,
        grain: SCALAR_UNARY.has(op) ? ELEMENT_GRAIN / 16 : ELEMENT_GRAIN,
      });
      return y;
    });
  };
}

/**
 * Output sizes and broadcast strides of a and b, with size-1 axes dropped and axes merged where
 * both inputs are contiguous across them (a per-channel broadcast becomes `[N·C, H·W]`).
 */
export function broadcastPlan(aShape: readonly number[], bShape: readonly number[], out: readonly number[]): number[][] {
  const strides = (shape: readonly number[]): number[] => {
    const pad = out.length - shape.length;
    const own: number[] = [];
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      own[i] = shape[i] === 1 ? 0 : s;
      s *= shape[i];
    }
    return out.map((_, i) => (i < pad ? 0 : own[i - pad]));
  };
  const sa = strides(aShape);
  const sb = strides(bShape);
  const dims: number[][] = [];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 1) continue;
    const last = dims[dims.length - 1];
    if (last && last[1] === sa[i] * out[i] && last[2] === sb[i] * out[i]) {
      last[0] *= out[i];
      last[1] = sa[i];
      last[2] = sb[i];
    } else dims.push([out[i], sa[i], sb[i]]);
  }
  if (dims.length === 0) dims.push([1, 0, 0]);
  return dims;
}

function binary(ctx: Ctx, op: BinaryName) {
  return ({ a, b }: { a: T; b: T }, _: object, [out]: readonly (readonly number[])[]) => {
    const y = output(ctx, out, op);
    return guard(ctx, y, () => {
      const plan = broadcastPlan(a.shape, b.shape, out);
      const rank = plan.length;
      if (rank === 1) {
        // Same shapes (residual adds) or a scalar operand: a flat range the threads can split.
        const [[n, sa, sb]] = plan;
        ctx.par.run({
          op,
          kernel: 'binaryFlat',
          args: [a.handle.ptr, b.handle.ptr, y.ptr, sa, sb, BINARY_CODES[op], 0, 0],
          rangeAt: 6,
          total: n,
          grain: ELEMENT_GRAIN,
        });
        return y;
      }
      // Rows along the last axis (a per-channel broadcast: one row per plane), split by rows.
      const inner = plan[rank - 1][0];
      const words = [...plan.map((d) => d[0]), ...plan.map((d) => d[1]), ...plan.map((d) => d[2])];
      const dims = ctx.heap.writeI32(words, op);
      try {
        ctx.par.run({
          op,
          kernel: 'binary',
          args: [a.handle.ptr, b.handle.ptr, y.ptr, dims, rank, BINARY_CODES[op], 0, 0, 0],
          scratchAt: 6,
          scratchBytes: rank * 4,
          rangeAt: 7,
          total: inner === 0 ? 0 : y.length / inner,
          grain: Math.max(1, Math.ceil(ELEMENT_GRAIN / inner)),
        });
      } finally {
        ctx.heap.free(dims);
      }
      return y;
    });
  };
}

const batchNorm = (ctx: Ctx): Kernel<'batchNorm', WasmTensor> => ({ x, scale, bias, mean, var: variance }, { epsilon }) => {
  const y = output(ctx, x.shape, 'batchNorm');
  const inner = sizeOf(x.shape.slice(2));
  return guard(ctx, y, () => {
    ctx.par.run({
      op: 'batchNorm',
      kernel: 'batchNorm',
      args: [x.handle.ptr, y.ptr, scale.handle.ptr, bias.handle.ptr, mean.handle.ptr, variance.handle.ptr, x.shape[1], inner, epsilon, 0, 0],
      rangeAt: 9,
      total: x.shape[0] * x.shape[1],
      grain: Math.max(1, Math.ceil(ELEMENT_GRAIN / Math.max(1, inner))),
    });
    return y;
  });
};

const dense = (ctx: Ctx): Kernel<'dense', WasmTensor> => ({ x, w, b }, { activation }, [out]) => {
  const y = output(ctx, out, 'dense');
  const [n, f] = x.shape;
  const o = w.shape[0];
  return guard(ctx, y, () => {
    ctx.par.run({
      op: 'dense',
      kernel: 'dense',
      args: [x.handle.ptr, w.handle.ptr, b ? b.handle.ptr : 0, y.ptr, n, f, o, ACTIVATION_CODES[activation], 0, 0],
      rangeAt: 8,
      total: o,
      grain: Math.max(1, Math.ceil(8192 / (n * f))),
    });
    return y;
  });
};

type ElementwiseOps =
  | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'exp' | 'silu' | 'gelu' | 'hardSigmoid' | 'hardSwish'
  | 'leakyRelu' | 'clip' | 'add' | 'sub' | 'mul' | 'div' | 'batchNorm' | 'dense';

export function elementwiseKernels(ctx: Ctx): Pick<KernelMap<WasmTensor>, ElementwiseOps> {
  return {
    relu: unary(ctx, 'relu'),
    relu6: unary(ctx, 'relu6'),
    sigmoid: unary(ctx, 'sigmoid'),
    tanh: unary(ctx, 'tanh'),
    exp: unary(ctx, 'exp'),
    silu: unary(ctx, 'silu'),
    gelu: unary(ctx, 'gelu'),
    hardSigmoid: unary(ctx, 'hardSigmoid', (a) => [a.alpha, a.beta]),
    hardSwish: unary(ctx, 'hardSwish'),
    leakyRelu: unary(ctx, 'leakyRelu', (a) => [a.alpha, 0]),
    clip: unary(ctx, 'clip', (a) => [a.min, a.max]),
    add: binary(ctx, 'add'),
    sub: binary(ctx, 'sub'),
    mul: binary(ctx, 'mul'),
    div: binary(ctx, 'div'),
    batchNorm: batchNorm(ctx),
    dense: dense(ctx),
  };
}
