/**
 * Reductions (mean, max, sum over any axes; the global pools are reductions over H and W) and
 * softmax. Adjacent axes of the same kind are merged first, so a reduction over trailing
 * contiguous axes loops over plain consecutive addresses. Long reductions with few outputs use
 * a workgroup per output (strided partial results combined in workgroup memory); the rest use
 * an invocation per output.
 */
import type { KernelMap, Shape } from '@dcnn/core';
import { offsetsFromIndex } from '../wgsl/indexing.js';
import { guard, named, u32s, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG, sizeOf, stridesOf, type ContextRef, type T } from './common.js';

export type ReduceKind = 'mean' | 'max' | 'sum';

interface Plan {
  keptShape: number[];
  keptStrides: number[];
  redShape: number[];
  redStrides: number[];
  count: number;
}

/** Splits the input into kept and reduced axes, merging neighbours of the same kind. */
export function planReduction(shape: Shape, axes: readonly number[]): Plan {
  const strides = stridesOf(shape);
  const reduced = new Set(axes);
  const kept: Array<[number, number]> = [];
  const red: Array<[number, number]> = [];
  let prev: boolean | undefined;
  shape.forEach((d, i) => {
    if (d === 1) return;
    const isRed = reduced.has(i);
    const list = isRed ? red : kept;
    const last = list[list.length - 1];
    // Merge with the previous axis of the list when it was the axis just before this one.
    if (prev === isRed && last && last[1] === d * strides[i]) {
      last[0] *= d;
      last[1] = strides[i];
    } else {
      list.push([d, strides[i]]);
    }
    prev = isRed;
  });
  // Reducing only size-1 axes is the identity: one reduced element at offset 0.
  if (red.length === 0) red.push([1, 0]);
  return {
    keptShape: kept.map(([d]) => d),
    keptStrides: kept.map(([, s]) => s),
    redShape: red.map(([d]) => d),
    redStrides: red.map(([, s]) => s),
    count: red.reduce((p, [d]) => p * d, 1),
  };
}

/** Elements per partial sum (sum and mean): error grows with the block plus the number of blocks, not with the count. */
const SUM_BLOCK = 64;

const combine = (kind: ReduceKind, acc: string, v: string): string =>
  kind === 'max' ? `if (is_nan(${v}) || ${v} > ${acc}) { ${acc} = ${v}; }` : `${acc} = ${acc} + ${v};`;

function program(kind: ReduceKind, keptRank: number, redRank: number, cooperative: boolean): ProgramSpec {
  const contiguous = redRank === 1;
  const element = contiguous
    ? '    let v = x[base + j * u.r0];'
    : `${offsetsFromIndex('j', redRank, 'rd', [['roff', 'r']]).replace(/^/gm, '  ')}\n    let v = x[base + roff];`;
  const finish = kind === 'mean' ? 'acc / f32(u.count)' : 'acc';
  // Sums go through partial sums of SUM_BLOCK elements: one running f32 sum over a lane's
  // whole share (16384 values for a 1024×1024 mean) lost 1.5e-4 relative on constant input.
  const loop = (start: string, step: string) =>
    kind === 'max'
      ? `  for (var j = ${start}; j < u.count; j = j + ${step}) {\n${element}\n    ${combine(kind, 'acc', 'v')}\n  }`
      : `  for (var j0 = ${start}; j0 < u.count; j0 = j0 + ${step} * ${SUM_BLOCK}u) {
    var partial = 0.0;
    let jEnd = min(u.count, j0 + ${step} * ${SUM_BLOCK}u);
    for (var j = j0; j < jEnd; j = j + ${step}) {
${element.replace(/^/gm, '  ')}
      partial = partial + v;
    }
    acc = acc + partial;
  }`;
  const uniforms: ProgramSpec['uniforms'] = [['total', 'u32'], ['count', 'u32'], ['ninf', 'f32'], ...u32s('ko', keptRank), ...u32s('ks', keptRank), ...u32s('rd', redRank), ...u32s('r', redRank)];
  const bindings = [{ name: 'x', access: 'read' as const }, { name: 'y', access: 'read_write' as const }];
  const key = `reduce/${kind}/${keptRank}/${redRank}/${cooperative ? 'wg' : 'one'}`;
  // -inf comes in a uniform: WGSL has no infinity literal and rejects constant infinities.
  const initLine = `  var acc: f32 = ${kind === 'max' ? 'u.ninf' : '0.0'};`;
  if (!cooperative) {
    return { key, uniforms, bindings, workgroup: [WG], body: `${guard()}\n${offsetsFromIndex('gi', keptRank, 'ko', [['base', 'ks']])}\n${initLine}\n${loop('0u', '1u')}\n  y[gi] = ${finish};` };
  }
  return {
    key, uniforms, bindings, workgroup: [WG],
    helpers: `var<workgroup> part: array<f32, ${WG}>;`,
    body: `  let out = wid.y * nwg.x + wid.x;
  let inRange = out < u.total;
${offsetsFromIndex('min(out, u.total - 1u)', keptRank, 'ko', [['base', 'ks']])}
${initLine}
${loop('li', `${WG}u`)}
  part[li] = acc;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (li < s) { var a = part[li]; let b = part[li + s]; ${combine(kind, 'a', 'b')} part[li] = a; }
    workgroupBarrier();
  }
  if (li == 0u && inRange) { let acc = part[0]; y[out] = ${finish}; }`,
  };
}

/** Reduces `x` over `axes` (normalised) into a new buffer of the kept elements. */
export function runReduce(ctx: ContextRef, op: string, kind: ReduceKind, x: T, axes: readonly number[]): GpuTensor {
  const c = ctx();
  const plan = planReduction(x.shape, axes);
  const total = sizeOf(plan.keptShape);
  const y = c.allocate(op, total);
  const cooperative = plan.count >= 256 && total <= 16384;
  const uniforms = {
    total, count: plan.count, ninf: -Infinity,
    ...named('ko', plan.keptShape), ...named('ks', plan.keptStrides), ...named('rd', plan.redShape), ...named('r', plan.redStrides),
  };
  const spec = program(kind, plan.keptShape.length, plan.redShape.length, cooperative);
  c.run(op, spec, [x.handle, y], uniforms, cooperative ? { threads: total * WG } : { threads: total });
  return y;
}

function allAxes(rank: number, axes: number[] | null): number[] {
  if (axes === null) return [...Array(rank).keys()];
  return axes.map((a) => (a < 0 ? a + rank : a));
}

const softmaxProgram: ProgramSpec = {
  key: 'softmax',
  uniforms: [['total', 'u32'], ['len', 'u32'], ['inner', 'u32'], ['invT', 'f32'], ['ninf', 'f32']],
  bindings: [{ name: 'x', access: 'read' }, { name: 'y', access: 'read_write' }],
  workgroup: [WG],
  // The max is taken before scaling by 1/T and subtracted first, so x·(1/T) cannot overflow
  // (2e38 at T = 0.5 gave NaN) and an infinite 1/T (T = 1e-39) still gives exp(0) = 1 at the
  // max. A row holding NaN, +∞, or only −∞ is NaN throughout, as the reference's sum makes it
  // (WGSL's max and exp do not promise NaN propagation, hence the explicit test).
  body: `${guard()}
  let base = (gi / u.inner) * u.len * u.inner + gi % u.inner;
  var m: f32 = u.ninf;
  var nan = false;
  for (var k = 0u; k < u.len; k++) { let v = x[base + k * u.inner]; nan = nan || is_nan(v); m = max(m, v); }
  if (nan || (bitcast<u32>(m) & 0x7f800000u) == 0x7f800000u) {
    let q = bitcast<f32>(bitcast<u32>(m) | 0x7fc00000u);
    for (var k = 0u; k < u.len; k++) { y[base + k * u.inner] = q; }
    return;
  }
  var s: f32 = 0.0;
  for (var k = 0u; k < u.len; k++) {
    let d = x[base + k * u.inner] - m;
    let e = select(exp(d * u.invT), 1.0, d == 0.0);
    y[base + k * u.inner] = e;
    s = s + e;
  }
  let r = 1.0 / s;
  for (var k = 0u; k < u.len; k++) { y[base + k * u.inner] = y[base + k * u.inner] * r; }`,
};

export function reduceKernels(ctx: ContextRef): Pick<KernelMap<GpuTensor>, 'reduceMean' | 'reduceMax' | 'reduceSum' | 'softmax' | 'globalAvgPool' | 'globalMaxPool'> {
  return {
    reduceMean: ({ x }, { axes }) => runReduce(ctx, 'reduceMean', 'mean', x, allAxes(x.shape.length, axes)),
    reduceMax: ({ x }, { axes }) => runReduce(ctx, 'reduceMax', 'max', x, allAxes(x.shape.length, axes)),
    reduceSum: ({ x }, { axes }) => runReduce(ctx, 'reduceSum', 'sum', x, allAxes(x.shape.length, axes)),
    globalAvgPool: ({ x }) => runReduce(ctx, 'globalAvgPool', 'mean', x, [2, 3]),
    globalMaxPool: ({ x }) => runReduce(ctx, 'globalMaxPool', 'max', x, [2, 3]),
    softmax: ({ x }, { axis, temperature }) => {
      const c = ctx();
      const ax = axis < 0 ? axis + x.shape.length : axis;
      const len = x.shape[ax];
      const inner = sizeOf(x.shape.slice(ax + 1));
      const total = sizeOf(x.shape) / Math.max(len, 1);
      const y = c.allocate('softmax', x.handle.size);
      if (len > 0) c.run('softmax', softmaxProgram, [x.handle, y], { total, len, inner, invT: 1 / temperature, ninf: -Infinity }, { threads: total });
      return y;
    },
  };
}
