/** Running one sample of a convolution: weight packing and the split of its work. */
import { checkStatus } from '../status.js';
import type { Ctx, WasmTensor } from './context.js';
import { type ConvGeometry, isDepthwise, packedFloats, panelBytes } from './conv-geometry.js';

/** Packs `w[M][cg·kh·kw]` (at byte offset `w`) into every group's panels at `wp`, for `op`. */
export function packAll(ctx: Ctx, op: string, g: ConvGeometry, w: number, wp: number): void {
  const perGroup = Math.ceil(g.mg / 4) * 4 * g.K * 4;
  for (let grp = 0; grp < g.group; grp++) {
    checkStatus(ctx.k.packWeights(w + grp * g.mg * g.K * 4, wp + grp * perGroup, g.mg, g.K), op, 'packWeights');
  }
}

/**
 * Frees what is cached for `w` and forgets it, before anything that may throw: an entry left
 * pointing at a freed block would hand that block (by then another tensor's) to the next conv
 * as weights, and free it again with `w`.
 */
export function dropCached(ctx: Ctx, w: WasmTensor): void {
  const cached = ctx.packed.get(w);
  if (!cached) return;
  ctx.packed.delete(w);
  ctx.heap.free(cached.ptr);
}

/**
 * The packed panels of a static weight tensor (of each of its `experts` kernels, one after the
 * other, for a dynamicConv2d bank), packed on first use and cached until the tensor is freed.
 */
export function packedWeights(ctx: Ctx, g: ConvGeometry, w: WasmTensor, op: string, experts = 1): number {
  const cached = ctx.packed.get(w);
  // The panel layout depends on the group count, which the input's channels decide.
  if (cached?.group === g.group && !cached.winograd) return cached.ptr;
  dropCached(ctx, w);
  const size = packedFloats(g) * 4;
  const ptr = ctx.heap.alloc(size * experts, op);
  try {
    for (let e = 0; e < experts; e++) packAll(ctx, op, g, w.ptr + e * g.M * g.K * 4, ptr + e * size);
  } catch (error) {
    ctx.heap.free(ptr);
    throw error;
  }
  ctx.packed.set(w, { ptr, group: g.group });
  return ptr;
}

/** Bytes of the per-sample kernel buffer a conv needs (packed panels, or raw rows for depthwise). */
export const kernelBytes = (g: ConvGeometry): number => (isDepthwise(g) ? g.M * g.K : packedFloats(g)) * 4;

/**
 * Whether a depthwise conv runs four channels at a time (assembly/depthwise-small.ts) rather than
 * plane by plane: 3×3 undilated, and either a column stride above 1 (where the planar kernel
 * deinterleaves every tap) or at most 32 outputs wide (where its row ends and per-row set-up
 * weigh). Measured on one thread: 1.4-1.9× faster on 7×7 and 14×14 maps, 1.1× at 28×28,
 * 1.2-1.6× at stride 2 from 112×112 down; 5-7% slower on 56×56 and 112×112 at stride 1.
 */
const channelInterleaved = (g: ConvGeometry): boolean =>
  g.kh === 3 && g.kw === 3 && g.dh === 1 && g.dw === 1 && (g.sw > 1 || g.ow <= 32);

/** Floats of the zero-bordered plane (scratch) the depthwise kernel that runs `g` copies each channel into. */
const depthwisePlaneFloats = (ctx: Ctx, g: ConvGeometry): number =>
  channelInterleaved(g) ? ctx.k.depthwiseSmallScratch(g.oh, g.ow, g.sh, g.sw) : ctx.k.depthwiseScratch(g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw);

/**
 * Whether that plane would dwarf the data: with a stride, a dilation or pads far larger than
 * the input, the planar kernels would zero and walk mostly padding (a 256×1 input with a
 * column stride of 5592404 asked for more than 2^32 floats, which wrapped around in 32 bits
 * into a small block the kernel then wrote far past). The direct loop needs no plane and
 * skips taps outside the image. Ordinary geometry stays far below this.
 */
const sparsePlane = (g: ConvGeometry, floats: number): boolean => floats > 4 * (g.H * g.W + g.oh * g.ow) + 65536;

/** runSample for a depthwise conv: its plane-based kernels, or the direct loop for sparse geometry. */
function runDepthwise(ctx: Ctx, op: string, g: ConvGeometry, x: number, w: number, bias: number, scale: number, y: number): void {
  const planeFloats = depthwisePlaneFloats(ctx, g);
  if (sparsePlane(g, planeFloats)) {
    runDirect(ctx, op, g, x, w, bias, scale, y);
  } else if (channelInterleaved(g)) {
    // Units of four channels, so a channel takes the same path whatever the thread count.
    ctx.par.run({
      op,
      kernel: 'depthwiseSmall',
      args: [x, w, bias, scale, y, g.H, g.W, g.M, g.mg, g.sh, g.sw, g.top, g.left, g.oh, g.ow, g.act, 0, 0, 0],
      scratchAt: 16,
      scratchBytes: planeFloats * 4,
      rangeAt: 17,
      total: Math.ceil(g.M / 4),
      grain: Math.max(1, Math.ceil(16384 / (g.oh * g.ow * 36))),
    });
  } else {
    ctx.par.run({
      op,
      kernel: 'depthwiseSample',
      args: [x, w, bias, scale, y, g.H, g.W, g.mg, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.top, g.left, g.oh, g.ow, g.act, 0, 0, 0],
      scratchAt: 19,
      scratchBytes: planeFloats * 4,
      rangeAt: 20,
      total: g.M,
      grain: Math.max(1, Math.ceil(16384 / (g.oh * g.ow * g.kh * g.kw))),
    });
  }
}

/**
 * One sample: `x`, `y` point at the sample; `w` is packed panels (GEMM) or raw `[M][kh·kw]`
 * rows (depthwise); `bias`, `scale` are `[M]` or 0.
 */
export function runSample(ctx: Ctx, op: string, g: ConvGeometry, x: number, w: number, bias: number, scale: number, y: number): void {
  if (isDepthwise(g)) {
    runDepthwise(ctx, op, g, x, w, bias, scale, y);
    return;
  }
  const tiles = Math.ceil((g.oh * g.ow) / 8);
  const blocks = Math.ceil(g.mg / 4);
  // Small feature maps have few tiles but many output blocks: split whichever is longer (each
  // thread then packs every tile itself, a small cost next to its share of the blocks).
  const byBlocks = blocks > tiles;
  ctx.par.run({
    op,
    kernel: 'convSample',
    args: [
      x, w, bias, scale, y, g.C, g.H, g.W, g.M, g.group, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.top, g.left, g.oh, g.ow, g.act,
      0, 0, tiles, 0, blocks,
    ],
    scratchAt: 21,
    scratchBytes: panelBytes(g),
    rangeAt: byBlocks ? 24 : 22,
    total: byBlocks ? blocks : tiles,
    grain: byBlocks ? Math.max(1, Math.ceil(1024 / (tiles * g.K * g.group))) : Math.max(1, Math.ceil(4096 / (g.M * g.K))),
    chunksPerThread: byBlocks ? 1 : undefined,
  });
}

/** The largest finite float32. */
const F32_MAX = 3.4028234663852886e38;

/** Whether the `n` floats at byte offset `ptr` are all finite (no NaN, no ±Infinity). */
export const allFinite = (ctx: Ctx, ptr: number, n: number): boolean => ctx.k.anyBeyond(ptr, n, F32_MAX) === 0;

/**
 * Whether every value of a weight tensor is within `limit` (and not NaN), scanned once per
 * tensor and limit and remembered (tensors are immutable).
 */
const scans = new WeakMap<WasmTensor, Map<number, boolean>>();
export function tensorWithin(ctx: Ctx, t: WasmTensor, limit: number): boolean {
  let byLimit = scans.get(t);
  if (!byLimit) scans.set(t, (byLimit = new Map()));
  let within = byLimit.get(limit);
  if (within === undefined) byLimit.set(limit, (within = ctx.k.anyBeyond(t.ptr, t.length, limit) === 0));
  return within;
}

/** Whether a weight tensor is all finite (no NaN, no ±Infinity), remembered per tensor. */
export const finiteTensor = (ctx: Ctx, t: WasmTensor): boolean => tensorWithin(ctx, t, F32_MAX);

/**
 * One sample by the direct loop that skips taps outside the image (assembly/conv.ts
 * convDirect), for kernels with NaN or infinite weights: their padded taps must contribute
 * exactly 0 (docs/spec-decisions.md), where the other paths multiply the padding's zeros.
 * `w` is raw `[M][cg·kh·kw]` rows; `bias`, `scale` are `[M]` or 0.
 */
export function runDirect(ctx: Ctx, op: string, g: ConvGeometry, x: number, w: number, bias: number, scale: number, y: number): void {
  ctx.par.run({
    op,
    kernel: 'convDirect',
    args: [x, w, bias, scale, y, g.C, g.H, g.W, g.M, g.group, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.top, g.left, g.oh, g.ow, g.act, 0, 0],
    rangeAt: 21,
    total: g.M,
    grain: Math.max(1, Math.ceil(16384 / (g.oh * g.ow * g.K))),
  });
}
