/** deformConv2d: bilinear sampled panels feeding the GEMM core (assembly/deform.ts). */
import type { Kernel } from '@dcnn/core';
import { type Ctx, type WasmTensor, guard, output, withScratch } from './context.js';
import { convGeometry } from './conv-geometry.js';
import { packedWeights } from './conv-run.js';

export function deformConv2d(ctx: Ctx): Kernel<'deformConv2d', WasmTensor> {
  return ({ x, w, offset, b, mask }, attrs, [out]) => {
    const g = convGeometry('deformConv2d', x.shape, w.shape, out, attrs);
    const og = attrs.offsetGroup;
    const taps = g.kh * g.kw;
    const plane = g.oh * g.ow;
    const y = output(ctx, out, 'deformConv2d');
    return guard(ctx, y, () => {
      const planeBytes = ctx.k.deformPlanesSize(g.C, g.H, g.W) * 4;
      const wp = packedWeights(ctx, g, w.handle, 'deformConv2d');
      withScratch(ctx, 'deformConv2d', [planeBytes], ([planes]) => {
        for (let n = 0; n < g.N; n++) {
          // Zero-bordered copies of the sample's planes: every bilinear neighbour becomes a plain load.
          ctx.par.run({
            op: 'deformConv2d',
            kernel: 'deformPadPlanes',
            args: [x.handle.ptr + n * g.C * g.H * g.W * 4, planes, g.H, g.W, 0, 0],
            rangeAt: 4,
            total: g.C,
            grain: Math.max(1, Math.ceil(16384 / ((g.H + 3) * (g.W + 2)))),
          });
          ctx.par.run({
            op: 'deformConv2d',
            kernel: 'deformSample',
            args: [
              planes, wp, b ? b.handle.ptr : 0,
              offset.handle.ptr + n * og * taps * 2 * plane * 4, mask ? mask.handle.ptr + n * og * taps * plane * 4 : 0,
              y.ptr + n * g.M * plane * 4, g.C, g.H, g.W, g.M, g.group, og, g.kh, g.kw,
              g.sh, g.sw, g.dh, g.dw, g.top, g.left, g.oh, g.ow, g.act, 0, 0, 0,
            ],
            scratchAt: 23,
            scratchBytes: g.K * 8 * 4 + og * taps * 2 * 96,
            rangeAt: 24,
            total: Math.ceil(plane / 8),
          });
        }
      });
      return y;
    });
  };
}
