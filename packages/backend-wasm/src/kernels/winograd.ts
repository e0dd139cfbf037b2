/**
 * The Winograd F(2×2, 3×3) path (assembly/winograd.ts) for stride-1, undilated, ungrouped 3×3
 * convs with enough channels that the transforms are small next to the 2.25× fewer multiplies.
 */
import { type Ctx, type WasmTensor, withScratch } from './context.js';
import { type ConvGeometry, packedFloats } from './conv-geometry.js';
import { dropCached, packAll, tensorWithin } from './conv-run.js';

/** Below these the input/output transforms outweigh the saved multiplies (measured on conv3x3 shapes). */
const MIN_CHANNELS = 16;
const MIN_PIXELS = 64;

export function useWinograd(ctx: Ctx, g: ConvGeometry): boolean {
  return (
    ctx.winograd &&
    g.kh === 3 && g.kw === 3 && g.sh === 1 && g.sw === 1 && g.dh === 1 && g.dw === 1 && g.group === 1 &&
    g.C >= MIN_CHANNELS && g.M >= MIN_CHANNELS && g.oh * g.ow >= MIN_PIXELS
  );
}

/**
 * Whether the `n` kernel floats at `ptr` are small enough for the transforms: none above
 * WINOGRAD_MAX (2^50, assembly/winograd.ts, which checks the inputs in its pad copy). Larger
 * weights take the GEMM, where the transforms could overflow to ±∞ (and ∞ − ∞ to NaN) while
 * the direct sum stays finite.
 */
export const winogradRange = (ctx: Ctx, ptr: number, n: number): boolean => ctx.k.anyBeyond(ptr, n, ctx.k.winogradMax()) === 0;

/** winogradRange of a static weight tensor, remembered per tensor. */
export const winogradWeightsInRange = (ctx: Ctx, w: WasmTensor): boolean => tensorWithin(ctx, w, ctx.k.winogradMax());

/** Floats of the 16 transformed weight sets. */
export const winogradWeightFloats = (g: ConvGeometry): number => 16 * Math.ceil(g.M / 4) * 4 * g.C;

/** The padded planes' extent: every 2×2 tile's 4×4 patch lies inside. */
function padded(g: ConvGeometry): { PH: number; PW: number } {
  return { PH: 2 * Math.ceil(g.oh / 2) + 2, PW: 2 * Math.ceil(g.ow / 2) + 2 };
}

/** Bytes of the padded planes, before the pad copy's ±Infinity flag. */
function planesBytes(g: ConvGeometry): number {
  const { PH, PW } = padded(g);
  return Math.ceil((g.C * PH * PW * 4) / 64) * 64;
}

/** Bytes of the per-sample padded input copy and its ±Infinity flag. */
export function winogradPadBytes(g: ConvGeometry): number {
  return planesBytes(g) + 64;
}

/** Transforms im2col panels `wp` (one group) into the 16 weight sets at `u` (split by 4-row blocks). */
export function transformWeights(ctx: Ctx, op: string, g: ConvGeometry, wp: number, u: number): void {
  ctx.par.run({ op, kernel: 'winogradWeights', args: [wp, u, g.M, g.C, 0, 0], rangeAt: 4, total: Math.ceil(g.M / 4), grain: 4 });
}

/** The transformed weights of a static kernel, computed on first use and cached with the tensor. */
export function winogradWeights(ctx: Ctx, g: ConvGeometry, w: WasmTensor, op: string): number {
  const cached = ctx.packed.get(w);
  if (cached?.winograd) return cached.ptr;
  dropCached(ctx, w);
  const ptr = ctx.heap.alloc(winogradWeightFloats(g) * 4, op);
  try {
    withScratch(ctx, op, [packedFloats(g) * 4], ([wp]) => {
      packAll(ctx, op, g, w.ptr, wp);
      transformWeights(ctx, op, g, wp, ptr);
    });
  } catch (error) {
    ctx.heap.free(ptr);
    throw error;
  }
  ctx.packed.set(w, { ptr, group: g.group, winograd: true });
  return ptr;
}

/**
 * One sample: pad `x` into `pad` (split by channels), then the tiles (split by 8-tile batches).
 * Returns false, having computed nothing, when the input holds ±Infinity or a magnitude above
 * 2^50 (the pad copy says so): the transforms would give ∞ − ∞ = NaN where the direct sum is
 * ±∞, or overflow where it is finite, so the caller takes the GEMM path. (A NaN stays in the outputs whose window holds it: F(2×2, 3×3) keeps patch rows and
 * columns 0 and 3 out of output rows and columns 1 and 0, so NaN inputs stay here.)
 */
export function runWinograd(ctx: Ctx, op: string, g: ConvGeometry, x: number, u: number, bias: number, scale: number, y: number, pad: number): boolean {
  const { PH, PW } = padded(g);
  const flag = pad + planesBytes(g);
  ctx.heap.i32[flag >>> 2] = 0;
  ctx.par.run({
    op,
    kernel: 'winogradPad',
    args: [x, pad, g.H, g.W, g.top, g.left, PH, PW, flag, 0, g.C],
    rangeAt: 9,
    total: g.C,
    grain: Math.max(1, Math.ceil(16384 / (PH * PW))),
  });
  if (ctx.heap.i32[flag >>> 2] !== 0) return false;
  const batches = Math.ceil((Math.ceil(g.oh / 2) * Math.ceil(g.ow / 2)) / 8);
  ctx.par.run({
    op,
    kernel: 'winogradSample',
    args: [pad, u, bias, scale, y, g.C, g.M, g.oh, g.ow, PH, PW, g.act, 0, 0, batches],
    scratchAt: 12,
    scratchBytes: ctx.k.winogradScratch(g.C, g.M) * 4,
    rangeAt: 13,
    total: batches,
    grain: 1,
  });
  return true;
}
