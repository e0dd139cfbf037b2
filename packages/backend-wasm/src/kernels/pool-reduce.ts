/** Pooling, reductions, softmax and the shape ops. */
import { type KernelMap, checkInt32Geometry, normaliseAxis, reducedAxes, resolvePerm } from '@dcnn/core';
import { REDUCE_CODES } from '../codes.js';
import { checkStatus } from '../status.js';
import { type Ctx, type T, type WasmTensor, guard, output, sizeOf, withScratch } from './context.js';

function globalPool(ctx: Ctx, isMax: boolean) {
  return ({ x }: { x: T }, _: object, [out]: readonly (readonly number[])[]) => {
    const op = isMax ? 'globalMaxPool' : 'globalAvgPool';
    const y = output(ctx, out, op);
    const size = x.shape[2] * x.shape[3];
    return guard(ctx, y, () => {
      ctx.par.run({ op, kernel: 'globalPool', args: [x.handle.ptr, y.ptr, size, isMax ? 1 : 0, 0, 0], rangeAt: 4, total: y.length, grain: Math.ceil(4096 / Math.max(1, size)) });
      return y;
    });
  };
}

interface PoolLike {
  kernel: [number, number]; strides: [number, number]; pads: [number, number, number, number];
  dilations: [number, number]; countIncludePad?: boolean;
}

function pool(ctx: Ctx, isMax: boolean) {
  return ({ x }: { x: T }, a: PoolLike, [out]: readonly (readonly number[])[]) => {
    const op = isMax ? 'maxPool2d' : 'avgPool2d';
    const [n, c, h, w] = x.shape;
    checkInt32Geometry(op, 'wasm', h, w, a);
    const y = output(ctx, out, op);
    return guard(ctx, y, () => {
      const status = ctx.k.pool2d(
        x.handle.ptr, y.ptr, n * c, h, w, out[2], out[3], a.kernel[0], a.kernel[1], a.strides[0], a.strides[1],
        a.dilations[0], a.dilations[1], a.pads[0], a.pads[1], a.pads[2], a.pads[3], isMax ? 1 : 0, a.countIncludePad ? 1 : 0,
      );
      checkStatus(status, op, 'pool2d');
      return y;
    });
  };
}

function reduce(ctx: Ctx, op: keyof typeof REDUCE_CODES) {
  return ({ x }: { x: T }, { axes }: { axes: number[] | null }, [out]: readonly (readonly number[])[]) => {
    const y = output(ctx, out, op);
    return guard(ctx, y, () => {
      const rank = Math.max(1, x.shape.length);
      const shape = x.shape.length ? [...x.shape] : [1];
      const reduced = new Set(x.shape.length ? reducedAxes(op, x.shape.length, axes) : [0]);
      const outStrides: number[] = [];
      let s = 1;
      for (let i = rank - 1; i >= 0; i--) {
        outStrides[i] = reduced.has(i) ? 0 : s;
        if (!reduced.has(i)) s *= shape[i];
      }
      const count = [...reduced].reduce((p, i) => p * shape[i], 1);
      const dims = ctx.heap.writeI32([...shape, ...outStrides], op);
      try {
        withScratch(ctx, op, [y.length * 8, rank * 4], ([acc, idx]) => {
          const status = ctx.k.reduce(x.handle.ptr, y.ptr, dims, rank, sizeOf(x.shape), y.length, count, REDUCE_CODES[op], acc, idx);
          checkStatus(status, op, 'reduce');
        });
      } finally {
        ctx.heap.free(dims);
      }
      return y;
    });
  };
}

/** `count` blocks from src to dst with the given strides (bytes), for `op`. */
function copy(ctx: Ctx, op: string, dst: number, src: number, count: number, bytes: number, dstStride: number, srcStride: number): void {
  if (count > 0 && bytes > 0) checkStatus(ctx.k.copyBlocks(dst, src, count, bytes, dstStride, srcStride), op, 'copyBlocks');
}

type ShapeOps =
  | 'globalAvgPool' | 'globalMaxPool' | 'avgPool2d' | 'maxPool2d' | 'reduceMean' | 'reduceMax' | 'reduceSum'
  | 'softmax' | 'concat' | 'split' | 'reshape' | 'transpose';

export function poolReduceKernels(ctx: Ctx): Pick<KernelMap<WasmTensor>, ShapeOps> {
  return {
    globalAvgPool: globalPool(ctx, false),
    globalMaxPool: globalPool(ctx, true),
    avgPool2d: pool(ctx, false),
    maxPool2d: pool(ctx, true),
    reduceMean: reduce(ctx, 'reduceMean'),
    reduceMax: reduce(ctx, 'reduceMax'),
    reduceSum: reduce(ctx, 'reduceSum'),
    softmax: ({ x }, { axis, temperature }) => {
      const y = output(ctx, x.shape, 'softmax');
      const ax = normaliseAxis(axis, x.shape.length);
      return guard(ctx, y, () => {
        const status = ctx.k.softmax(x.handle.ptr, y.ptr, sizeOf(x.shape.slice(0, ax)), x.shape[ax], sizeOf(x.shape.slice(ax + 1)), temperature);
        checkStatus(status, 'softmax', 'softmax');
        return y;
      });
    },
    concat: ({ xs }, { axis }, [out]) => {
      const y = output(ctx, out, 'concat');
      const ax = normaliseAxis(axis, out.length);
      const outer = sizeOf(out.slice(0, ax));
      const inner = sizeOf(out.slice(ax + 1));
      return guard(ctx, y, () => {
        let start = 0;
        for (const t of xs) {
          const size = t.shape[ax];
          copy(ctx, 'concat', y.ptr + start * inner * 4, t.handle.ptr, outer, size * inner * 4, out[ax] * inner * 4, size * inner * 4);
          start += size;
        }
        return y;
      });
    },
    split: ({ x }, { axis, sizes }, outs) => {
      const ax = normaliseAxis(axis, x.shape.length);
      const outer = sizeOf(x.shape.slice(0, ax));
      const inner = sizeOf(x.shape.slice(ax + 1));
      const ys: WasmTensor[] = [];
      try {
        let start = 0;
        sizes.forEach((size, i) => {
          const y = output(ctx, outs[i], 'split');
          ys.push(y);
          copy(ctx, 'split', y.ptr, x.handle.ptr + start * inner * 4, outer, size * inner * 4, size * inner * 4, x.shape[ax] * inner * 4);
          start += size;
        });
      } catch (error) {
        for (const y of ys) ctx.heap.free(y.ptr);
        throw error;
      }
      return ys;
    },
    reshape: ({ x }, _, [out]) => {
      const y = output(ctx, out, 'reshape');
      return guard(ctx, y, () => {
        copy(ctx, 'reshape', y.ptr, x.handle.ptr, 1, y.length * 4, 0, 0);
        return y;
      });
    },
    transpose: ({ x }, { perm }, [out]) => {
      const y = output(ctx, out, 'transpose');
      return guard(ctx, y, () => {
        const rank = x.shape.length;
        if (rank === 0 || y.length === 0) {
          copy(ctx, 'transpose', y.ptr, x.handle.ptr, 1, y.length * 4, 0, 0);
          return y;
        }
        const p = resolvePerm(rank, perm);
        const inStrides: number[] = [];
        let s = 1;
        for (let i = rank - 1; i >= 0; i--) {
          inStrides[i] = s;
          s *= x.shape[i];
        }
        const dims = ctx.heap.writeI32([...out, ...p.map((a) => inStrides[a])], 'transpose');
        try {
          withScratch(ctx, 'transpose', [rank * 4], ([idx]) => {
            checkStatus(ctx.k.transpose(x.handle.ptr, y.ptr, dims, rank, y.length, idx), 'transpose', 'transpose');
          });
        } finally {
          ctx.heap.free(dims);
        }
        return y;
      });
    },
  };
}
