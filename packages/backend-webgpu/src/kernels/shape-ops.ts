/**
 * concat, split, reshape, transpose. Reshape is a view (the storage gains a reference);
 * concat and split move slabs (one buffer copy when a slab is contiguous, a strided copy
 * program otherwise); transpose walks the output index through permuted input strides.
 */
import type { KernelMap, Shape } from '@dcnn/core';
import { offsetsFromIndex } from '../wgsl/indexing.js';
import { guard, named, u32s, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG, sizeOf, stridesOf, type ContextRef } from './common.js';

const slabCopy: ProgramSpec = {
  key: 'shape/slab-copy',
  uniforms: [['total', 'u32'], ['chunk', 'u32'], ['srcStride', 'u32'], ['dstStride', 'u32'], ['srcOff', 'u32'], ['dstOff', 'u32']],
  bindings: [{ name: 'x', access: 'read' }, { name: 'y', access: 'read_write' }],
  workgroup: [WG],
  body: `${guard()}
  let o = gi / u.chunk;
  let r = gi % u.chunk;
  y[u.dstOff + o * u.dstStride + r] = x[u.srcOff + o * u.srcStride + r];`,
};

function transposeProgram(rank: number): ProgramSpec {
  return {
    key: `shape/transpose/${rank}`,
    uniforms: [['total', 'u32'], ...u32s('o', rank), ...u32s('s', rank)],
    bindings: [{ name: 'x', access: 'read' }, { name: 'y', access: 'read_write' }],
    workgroup: [WG],
    body: `${guard()}\n${offsetsFromIndex('gi', rank, 'o', [['src', 's']])}\n  y[gi] = x[src];`,
  };
}

/** Copies `outer` slabs of `chunk` floats from `src` to `dst` with the given strides and offsets. */
function copySlabs(ctx: ContextRef, op: string, src: GpuTensor, dst: GpuTensor, outer: number, chunk: number, srcStride: number, dstStride: number, srcOff: number, dstOff: number): void {
  const c = ctx();
  if (outer === 1 || (chunk === srcStride && chunk === dstStride)) {
    c.copy(op, src, srcOff, dst, dstOff, outer * chunk);
    return;
  }
  const total = outer * chunk;
  c.run(op, slabCopy, [src, dst], { total, chunk, srcStride, dstStride, srcOff, dstOff }, { threads: total });
}

function axisSplit(shape: Shape, axis: number): [number, number] {
  return [sizeOf(shape.slice(0, axis)), sizeOf(shape.slice(axis + 1))];
}

const norm = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

export function shapeKernels(ctx: ContextRef): Pick<KernelMap<GpuTensor>, 'concat' | 'split' | 'reshape' | 'transpose'> {
  return {
    concat: ({ xs }, { axis }, [out]) => {
      const ax = norm(axis, out.length);
      const y = ctx().allocate('concat', sizeOf(out));
      const [outer, inner] = axisSplit(out, ax);
      let start = 0;
      for (const x of xs) {
        const size = x.shape[ax];
        copySlabs(ctx, 'concat', x.handle, y, outer, size * inner, size * inner, out[ax] * inner, 0, start * inner);
        start += size;
      }
      return y;
    },
    split: ({ x }, { axis, sizes }, outs) => {
      const ax = norm(axis, x.shape.length);
      const [outer, inner] = axisSplit(x.shape, ax);
      let start = 0;
      const made: GpuTensor[] = [];
      try {
        for (const [k, size] of sizes.entries()) {
          const y = ctx().allocate('split', sizeOf(outs[k]));
          // An empty part copies nothing (the slab program would still bind all of x).
          if (size * inner * outer > 0) copySlabs(ctx, 'split', x.handle, y, outer, size * inner, x.shape[ax] * inner, size * inner, start * inner, 0);
          made.push(y);
          start += size;
        }
      } catch (error) {
        // A refused copy released its own output; the parts made before it are freed here.
        for (const y of made) ctx().release(y);
        throw error;
      }
      return made;
    },
    reshape: ({ x }) => {
      x.handle.storage.refs++;
      return { storage: x.handle.storage, size: x.handle.size };
    },
    transpose: ({ x }, { perm }, [out]) => {
      const rank = x.shape.length;
      const p = perm ?? [...Array(rank).keys()].reverse();
      const own = stridesOf(x.shape);
      const total = sizeOf(out);
      const c = ctx();
      const y = c.allocate('transpose', total);
      c.run('transpose', transposeProgram(rank), [x.handle, y], { total, ...named('o', out), ...named('s', p.map((d) => own[d])) }, { threads: total });
      return y;
    },
  };
}
