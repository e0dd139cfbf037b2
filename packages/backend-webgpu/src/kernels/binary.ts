/**
 * Binary element-wise ops with NumPy broadcasting. Equal shapes and a scalar operand take
 * straight-line programs; anything else walks the output index with per-input strides that
 * are 0 along broadcast axes.
 */
import type { KernelMap, Shape } from '@dcnn/core';
import { offsetsFromIndex } from '../wgsl/indexing.js';
import { guard, named, u32s, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG, sizeOf, stridesOf, type ContextRef, type T } from './common.js';
import { chunks } from './unary.js';

const binaryExpr = { add: 'p + q', sub: 'p - q', mul: 'p * q', div: 'p / q' } as const;
export type BinaryOp = keyof typeof binaryExpr;

type Mode = 'same' | 'scalarA' | 'scalarB' | 'broadcast';

function program(op: BinaryOp, mode: Mode, rank: number): ProgramSpec {
  const bindings = [{ name: 'a', access: 'read' as const }, { name: 'b', access: 'read' as const }, { name: 'y', access: 'read_write' as const }];
  const expr = binaryExpr[op];
  if (mode !== 'broadcast') {
    // Straight-line forms move vec4s when the size allows (rank 1 says so here); a scalar operand
    // is read as its first element and splatted.
    const vec4 = rank === 1;
    const el = vec4 ? ('vec4<f32>' as const) : ('f32' as const);
    const p = mode === 'scalarA' ? (vec4 ? 'vec4<f32>(a[0].x)' : 'a[0]') : 'a[gi]';
    const q = mode === 'scalarB' ? (vec4 ? 'vec4<f32>(b[0].x)' : 'b[0]') : 'b[gi]';
    return {
      key: `binary/${op}/${mode}${vec4 ? '/vec4' : ''}`,
      uniforms: [['total', 'u32']],
      bindings: [{ name: 'a', access: 'read', element: el }, { name: 'b', access: 'read', element: el }, { name: 'y', access: 'read_write', element: el }],
      workgroup: [WG],
      body: `${guard()}\n  let p = ${p};\n  let q = ${q};\n  y[gi] = ${expr};`,
    };
  }
  return {
    key: `binary/${op}/broadcast/${rank}`,
    uniforms: [['total', 'u32'], ...u32s('o', rank), ...u32s('sa', rank), ...u32s('sb', rank)],
    bindings,
    workgroup: [WG],
    body: `${guard()}\n${offsetsFromIndex('gi', rank, 'o', [['ia', 'sa'], ['ib', 'sb']])}\n  let p = a[ia];\n  let q = b[ib];\n  y[gi] = ${expr};`,
  };
}

/** Strides of `shape` read through broadcasting to `out` (0 on broadcast axes). */
function broadcastStrides(shape: Shape, out: Shape): number[] {
  const own = stridesOf(shape);
  const offset = out.length - shape.length;
  return out.map((_, i) => (i < offset || shape[i - offset] === 1 ? 0 : own[i - offset]));
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function runBinary(ctx: ContextRef, op: BinaryOp, a: T, b: T, out: Shape): GpuTensor {
  const c = ctx();
  const total = sizeOf(out);
  const y = c.allocate(op, total);
  const sa = sizeOf(a.shape);
  const sb = sizeOf(b.shape);
  let mode: Mode = 'broadcast';
  if (sameShape(a.shape, out) && sameShape(b.shape, out)) mode = 'same';
  else if (sa === 1 && sameShape(b.shape, out)) mode = 'scalarA';
  else if (sb === 1 && sameShape(a.shape, out)) mode = 'scalarB';
  if (mode !== 'broadcast') {
    // Tensors larger than one binding go through in ranges (a scalar operand is bound whole).
    for (const [offset, count] of chunks(total, c.maxBindingElements, c.limits.minStorageBufferOffsetAlignment)) {
      const vec4 = count % 4 === 0;
      const threads = vec4 ? count / 4 : count;
      const range = { offset, size: count };
      c.run(op, program(op, mode, vec4 ? 1 : 0), [a.handle, b.handle, y], { total: threads }, { threads }, [
        mode === 'scalarA' ? undefined : range, mode === 'scalarB' ? undefined : range, range,
      ]);
    }
    return y;
  }
  const rank = out.length;
  const uniforms = { total, ...named('o', out), ...named('sa', broadcastStrides(a.shape, out)), ...named('sb', broadcastStrides(b.shape, out)) };
  c.run(op, program(op, mode, rank), [a.handle, b.handle, y], uniforms, { threads: total });
  return y;
}

export function binaryKernels(ctx: ContextRef): Pick<KernelMap<GpuTensor>, BinaryOp> {
  return {
    add: ({ a, b }, _, [out]) => runBinary(ctx, 'add', a, b, out),
    sub: ({ a, b }, _, [out]) => runBinary(ctx, 'sub', a, b, out),
    mul: ({ a, b }, _, [out]) => runBinary(ctx, 'mul', a, b, out),
    div: ({ a, b }, _, [out]) => runBinary(ctx, 'div', a, b, out),
  };
}
