/**
 * Unary element-wise ops: each is one WGSL expression of `v` (and its attributes as uniforms)
 * run by one shared program shape. Sizes divisible by 4 move vec4s: on SwiftShader a memory
 * access costs about the same whatever its width, so this is 2–3× faster there.
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

const programs = new Map<string, ProgramSpec>();

export function unaryProgram(op: UnaryOp, vec4: boolean): ProgramSpec {
  const key = `unary/${op}${vec4 ? '/vec4' : ''}`;
  let spec = programs.get(key);
  if (!spec) {
    const element = vec4 ? ('vec4<f32>' as const) : ('f32' as const);
    spec = {
      key,
      uniforms: [['total', 'u32'], ['alpha', 'f32'], ['beta', 'f32'], ['lo', 'f32'], ['hi', 'f32']],
      bindings: [{ name: 'x', access: 'read', element }, { name: 'y', access: 'read_write', element }],
      workgroup: [WG],
      helpers: `${MATH_HELPERS}\nfn f(v: f32) -> f32 { return ${unaryExpr[op]}; }`,
      body: vec4 ? `${guard()}\n  let q = x[gi];\n  y[gi] = vec4<f32>(f(q.x), f(q.y), f(q.z), f(q.w));` : `${guard()}\n  y[gi] = f(x[gi]);`,
    };
    programs.set(key, spec);
  }
  return spec;
}

export function runUnary(ctx: ContextRef, op: UnaryOp, x: T, attrs: { alpha?: number; beta?: number; lo?: number; hi?: number } = {}): GpuTensor {
  const c = ctx();
  const size = x.handle.size;
  const y = c.allocate(op, size);
  const params = { alpha: attrs.alpha ?? 0, beta: attrs.beta ?? 0, lo: attrs.lo ?? 0, hi: attrs.hi ?? 0 };
  // Tensors larger than one binding go through in ranges.
  for (const [offset, count] of chunks(size, c.maxBindingElements, c.limits.minStorageBufferOffsetAlignment)) {
    const vec4 = count % 4 === 0;
    const total = vec4 ? count / 4 : count;
    const range = { offset, size: count };
    c.run(op, unaryProgram(op, vec4), [x.handle, y], { total, ...params }, { threads: total }, [range, range]);
  }
  return y;
}

/**
 * `[offset, count]` ranges of at most `max` elements covering `size`, each offset a multiple of
 * the storage offset alignment (bytes) and of 4 elements (vec4 programs).
 */
export function chunks(size: number, max: number, alignmentBytes: number): Array<[number, number]> {
  if (size <= max) return [[0, size]];
  const step = Math.max(4, alignmentBytes / 4);
  const per = Math.floor(max / step) * step;
  const out: Array<[number, number]> = [];
  for (let offset = 0; offset < size; offset += per) out.push([offset, Math.min(per, size - offset)]);
  return out;
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
