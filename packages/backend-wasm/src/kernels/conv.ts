/** conv2d (shared or per-sample kernels) and dynamicConv2d, both through runSample. */
import type { Kernel } from '@dcnn/core';
import { checkStatus } from '../status.js';
import { type Ctx, type WasmTensor, guard, output, withScratch } from './context.js';
import { type ConvGeometry, convGeometry, isDepthwise, isPixelDense, packedFloats } from './conv-geometry.js';
import { allFinite, finiteTensor, kernelBytes, packAll, packedWeights, runDirect, runSample } from './conv-run.js';
import {
  runWinograd, transformWeights, useWinograd, winogradPadBytes, winogradRange, winogradWeightFloats, winogradWeights, winogradWeightsInRange,
} from './winograd.js';

export function conv2d(ctx: Ctx): Kernel<'conv2d', WasmTensor> {
  return ({ x, w, b }, attrs, [out]) => {
    const g = convGeometry('conv2d', x.shape, w.shape, out, attrs);
    const y = output(ctx, out, 'conv2d');
    return guard(ctx, y, () => {
      // No output channels (or samples, or pixels): nothing to compute, and the kernels below
      // take a group of 0 output channels for bad geometry (depthwise with M = 0).
      if (y.length === 0) return y;
      const perSample = w.shape.length === 5;
      const perSampleBias = b !== undefined && b.shape.length === 2;
      const dw = isDepthwise(g);
      const kernelFloats = g.M * g.K;
      if (!perSample && !perSampleBias && isPixelDense(g)) {
        // One pixel in, one out (attention heads): a matrix-vector product per sample, where the
        // GEMM core would fill 8 lanes for 1 pixel. w [M, C, 1, 1] is dense's [O, F] as it is.
        ctx.par.run({
          op: 'conv2d',
          kernel: 'dense',
          args: [x.handle.ptr, w.handle.ptr, b ? b.handle.ptr : 0, y.ptr, g.N, g.C, g.M, g.act, 0, 0],
          rangeAt: 8,
          total: g.M,
          grain: Math.max(1, Math.ceil(8192 / (g.N * g.C))),
        });
        return y;
      }
      if (!finiteTensor(ctx, w.handle)) {
        // NaN or infinite weights: taps on the padding must still contribute exactly 0.
        for (let n = 0; n < g.N; n++) {
          const wn = w.handle.ptr + (perSample ? n * kernelFloats * 4 : 0);
          const bias = b ? b.handle.ptr + (perSampleBias ? n * g.M * 4 : 0) : 0;
          runDirect(ctx, 'conv2d', g, x.handle.ptr + n * g.C * g.H * g.W * 4, wn, bias, 0, y.ptr + n * g.M * g.oh * g.ow * 4);
        }
        return y;
      }
      if (!perSample && useWinograd(ctx, g) && winogradWeightsInRange(ctx, w.handle)) {
        const u = winogradWeights(ctx, g, w.handle, 'conv2d');
        // A sample with ±Infinity or huge values takes the GEMM (see runWinograd), on panels
        // packed for this call only: the weight's cache holds one form, and packedWeights would
        // free the transform `u` that the later samples still read.
        let panels = 0;
        try {
          withScratch(ctx, 'conv2d', [winogradPadBytes(g)], ([pad]) => {
            for (let n = 0; n < g.N; n++) {
              const bias = b ? b.handle.ptr + (perSampleBias ? n * g.M * 4 : 0) : 0;
              const xn = x.handle.ptr + n * g.C * g.H * g.W * 4;
              const yn = y.ptr + n * g.M * g.oh * g.ow * 4;
              if (runWinograd(ctx, 'conv2d', g, xn, u, bias, 0, yn, pad)) continue;
              if (!panels) {
                panels = ctx.heap.alloc(packedFloats(g) * 4, 'conv2d');
                packAll(ctx, 'conv2d', g, w.handle.ptr, panels);
              }
              runSample(ctx, 'conv2d', g, xn, panels, bias, 0, yn);
            }
          });
        } finally {
          if (panels) ctx.heap.free(panels);
        }
        return y;
      }
      withScratch(ctx, 'conv2d', [dw || !perSample ? 0 : kernelBytes(g)], ([scratch]) => {
        const wp = !dw && !perSample ? packedWeights(ctx, g, w.handle, 'conv2d') : scratch;
        for (let n = 0; n < g.N; n++) {
          const wn = w.handle.ptr + (perSample ? n * kernelFloats * 4 : 0);
          if (!dw && perSample) packAll(ctx, 'conv2d', g, wn, wp);
          const bias = b ? b.handle.ptr + (perSampleBias ? n * g.M * 4 : 0) : 0;
          const xn = x.handle.ptr + n * g.C * g.H * g.W * 4;
          const yn = y.ptr + n * g.M * g.oh * g.ow * 4;
          runSample(ctx, 'conv2d', g, xn, dw ? wn : wp, bias, 0, yn);
        }
      });
      return y;
    });
  };
}

export function dynamicConv2d(ctx: Ctx): Kernel<'dynamicConv2d', WasmTensor> {
  return ({ x, w, a, b, spatialAttn, channelAttn, filterAttn }, attrs, [out]) => {
    const g = convGeometry('dynamicConv2d', x.shape, w.shape, out, attrs);
    const experts = w.shape[0];
    const taps = g.kh * g.kw;
    const y = output(ctx, out, 'dynamicConv2d');
    return guard(ctx, y, () => {
      if (y.length === 0) return y; // as in conv2d
      const dw = isDepthwise(g);
      // GEMM path: the bank is packed once (cached with the tensor) and aggregated panel-wise.
      const bank = dw ? 0 : packedWeights(ctx, g, w.handle, 'dynamicConv2d', experts);
      // Winograd: the aggregated kernel is transformed per sample (M·C small 3×3 transforms).
      const wino = useWinograd(ctx, g);
      const extra = wino ? [winogradWeightFloats(g) * 4, winogradPadBytes(g)] : [];
      // Scanned once per bank (cached with the tensor); the attentions per sample are short.
      const bankFinite = finiteTensor(ctx, w.handle);
      withScratch(ctx, 'dynamicConv2d', [kernelBytes(g), g.M * 4, ...extra], ([wn, bias, u, pad]) => {
        for (let n = 0; n < g.N; n++) {
          // The sample's kernel, aggregated once with the spatial and channel attentions folded in.
          const an = a.handle.ptr + n * experts * 4;
          const spatial = spatialAttn ? spatialAttn.handle.ptr + n * taps * 4 : 0;
          const channel = channelAttn ? channelAttn.handle.ptr + n * g.C * 4 : 0;
          if (dw) {
            aggregateRows(ctx, w.handle.ptr, an, experts, g, spatial, channel, wn);
          } else {
            const size = packedFloats(g);
            ctx.par.run({
              op: 'dynamicConv2d',
              kernel: 'aggregatePacked',
              args: [bank, an, experts, size, Math.ceil(g.mg / 4), g.cg, taps, spatial, channel, wn, 0, 0],
              rangeAt: 10,
              total: size / 4,
              // 8 KiB of each expert's panels per chunk: fine enough that both threads stream
              // the bank even for small layers (a 384×64 1×1 bank is 6144 panel rows).
              grain: Math.ceil(2048 / experts),
            });
          }
          if (b) checkStatus(ctx.k.aggregateBias(b.handle.ptr, a.handle.ptr + n * experts * 4, experts, g.M, bias), 'dynamicConv2d', 'aggregateBias');
          const scale = filterAttn ? filterAttn.handle.ptr + n * g.M * 4 : 0;
          const xn = x.handle.ptr + n * g.C * g.H * g.W * 4;
          const yn = y.ptr + n * g.M * g.oh * g.ow * 4;
          // The sample's kernel is finite when the bank and the attentions folded into it are
          // (only a product of finite values overflowing to ±∞ escapes this, where the float64
          // reference does not overflow and no path could agree with it anyway): checked on
          // the inputs rather than by scanning every sample's aggregated kernel.
          const kernelFinite = bankFinite && allFinite(ctx, an, experts) && (!spatial || allFinite(ctx, spatial, taps)) && (!channel || allFinite(ctx, channel, g.C));
          if (!kernelFinite) {
            // A NaN or infinite weight in the sample's kernel (from the bank or the attentions):
            // the direct loop, which skips padded taps, on the kernel as rows.
            if (!dw) aggregateRows(ctx, w.handle.ptr, an, experts, g, spatial, channel, wn);
            runDirect(ctx, 'dynamicConv2d', g, xn, wn, b ? bias : 0, scale, yn);
          } else if (wino && winogradRange(ctx, wn, packedFloats(g))) {
            transformWeights(ctx, 'dynamicConv2d', g, wn, u);
            // A sample with ±Infinity or huge values takes the GEMM (see runWinograd).
            if (!runWinograd(ctx, 'dynamicConv2d', g, xn, u, b ? bias : 0, scale, yn, pad)) runSample(ctx, 'dynamicConv2d', g, xn, wn, b ? bias : 0, scale, yn);
          } else runSample(ctx, 'dynamicConv2d', g, xn, wn, b ? bias : 0, scale, yn);
        }
      });
      return y;
    });
  };
}

/** dynamicConv2d's kernel for one sample as `[M][cg·kh·kw]` rows, attentions folded in (threads split the rows). */
function aggregateRows(ctx: Ctx, bank: number, an: number, experts: number, g: ConvGeometry, spatial: number, channel: number, out: number): void {
  ctx.par.run({
    op: 'dynamicConv2d',
    kernel: 'aggregateRows',
    args: [bank, an, experts, g.M, g.group, g.cg, g.kh * g.kw, spatial, channel, out, 0, 0],
    rangeAt: 10,
    total: g.M,
    grain: Math.ceil(16384 / (experts * g.K)),
  });
}
