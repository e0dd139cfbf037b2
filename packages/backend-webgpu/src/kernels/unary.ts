/**
 * Unary element-wise ops: each is one WGSL expression of `v` (and its attributes as uniforms)
 * run by one shared program shape.
 */
import type { KernelMap } from '@dcnn/core';
import { MATH_HELPERS } from '../wgsl/activation.js';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import { WG, type ContextRef, type T } from './common.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';

const unaryExpr = {
  relu: 'select(max(v, 0.0), v, is_nan(v))',
  relu6: 'select(clamp(v, 0.0, 6.0), v, is_nan(v))',
  sigmoid: 'sigmoid_(v)',
  tanh: 'tanh_(v)',
  exp: 'select(exp(v), v, is_nan(v))',
  silu: 'v * sigmoid_(v)',
  gelu: 'gelu_(v)',
  hardSigmoid: 'select(clamp(u.alpha * v + u.beta, 0.0, 1.0), v, is_nan(v))',
  hardSwish: 'v * clamp(v / 6.0 + 0.5, 0.0, 1.0)',
  leakyRelu: 'select(u.alpha * v, v, v >= 0.0)',
  clip: 'select(min(max(v, u.lo), u.hi), v, is_nan(v))',
} as const;

export type UnaryOp = keyof typeof unaryExpr;

const programs = new Map<UnaryOp, ProgramSpec>();

export function unaryProgram(op: UnaryOp): ProgramSpec {
  let spec = programs.get(op);
  if (!spec) {
    spec = {
      key: `unary/${op}`,
      uniforms: [['total', 'u32'], ['alpha', 'f32'], ['beta', 'f32'], ['lo', 'f32'], ['hi', 'f32']],
      bindings: [{ name: 'x', access: 'read' }, { name: 'y', access: 'read_write' }],
      workgroup: [WG],
      helpers: MATH_HELPERS,
      body: `${guard()}\n  let v = x[gi];\n  y[gi] = ${unaryExpr[op]};`,
    };
    programs.set(op, spec);
  }
  return spec;
}

export function runUnary(ctx: ContextRef, op: UnaryOp, x: T, attrs: { alpha?: number; beta?: number; lo?: number; hi?: number } = {}): GpuTensor {
  const c = ctx();
  const y = c.allocate(op, x.handle.size);
  c.run(op, unaryProgram(op), [x.handle, y], { total: x.handle.size, alpha: attrs.alpha ?? 0, beta: attrs.beta ?? 0, lo: attrs.lo ?? 0, hi: attrs.hi ?? 0 }, { threads: x.handle.size });
  return y;
}

type UnaryKernels = Pick<KernelMap<GpuTensor>, UnaryOp>;

export function unaryKernels(ctx: ContextRef): UnaryKernels {
  return {
    relu: ({ x }) => runUnary(ctx, 'relu', x),
    relu6: ({ x }) => runUnary(ctx, 'relu6', x),
    sigmoid: ({ x }) => runUnary(ctx, 'sigmoid', x),
    tanh: ({ x }) => runUnary(ctx, 'tanh', x),
    exp: ({ x }) => runUnary(ctx, 'exp', x),
    silu: ({ x }) => runUnary(ctx, 'silu', x),
    gelu: ({ x }) => runUnary(ctx, 'gelu', x),
    hardSigmoid: ({ x }, { alpha, beta }) => runUnary(ctx, 'hardSigmoid', x, { alpha, beta }),
    hardSwish: ({ x }) => runUnary(ctx, 'hardSwish', x),
    leakyRelu: ({ x }, { alpha }) => runUnary(ctx, 'leakyRelu', x, { alpha }),
    clip: ({ x }, { min, max }) => runUnary(ctx, 'clip', x, { lo: min, hi: max }),
  };
}
