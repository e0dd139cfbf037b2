/**
 * Which wasm code paths a case takes (mirrors src/kernels/conv.ts, conv-run.ts, winograd.ts
 * and the tile packing in assembly/conv.ts), for the coverage check.
 */
import { FUZZ_ACTIVATIONS as ACTIVATIONS, type FuzzCase as Case, fuzzAttrs as attrsOf, fuzzConvOut as convOut, fuzzInputData as inputData, fuzzSize as size } from '@dcnn/conformance';

/** Whether a parallel call of `total` units at `grain` is split across 2 threads (src/threads/pool.ts). */
const splits = (total: number, grain: number, chunksPerThread = 2): boolean => Math.min(2 * chunksPerThread, Math.floor(total / grain)) > 1;

export function pathsOf(given: Case): string[] {
  const c = { ...given, attrs: attrsOf(given) };
  const paths: string[] = [];
  const act = c.attrs.activation as string | undefined;
  if (act) paths.push(`act:${act}`);
  for (const [name, spec] of Object.entries(c.inputs)) if (spec.specials) paths.push(`${c.op}:non-finite-${name}`);
  if (Object.values(c.inputs).some((spec) => spec.shape.includes(0))) paths.push(`${c.op}:zero-size`);
  if (c.op === 'conv2d' || c.op === 'dynamicConv2d') {
    const [N, C, H, W] = c.inputs.x.shape;
    const w = c.inputs.w.shape;
    const dynamic = c.op === 'dynamicConv2d';
    const perSample = !dynamic && w.length === 5;
    const [M, cg, kh, kw] = w.slice(-4);
    const group = c.attrs.group as number;
    const [sh, sw] = c.attrs.strides as number[];
    const [dh, dw] = c.attrs.dilations as number[];
    const [top, left, bottom, right] = c.attrs.pads as number[];
    const oh = convOut(H, kh, sh, top, bottom, dh);
    const ow = convOut(W, kw, sw, left, right, dw);
    const mg = M / group;
    const perSampleBias = c.inputs.b?.shape.length === 2 && !dynamic;
    const p = dynamic ? 'dyn' : 'conv';
    if (perSample) paths.push('conv:per-sample-w');
    if (perSampleBias) paths.push('conv:per-sample-b');
    if (dynamic) for (const a of ['b', 'spatialAttn', 'channelAttn', 'filterAttn']) if (c.inputs[a]) paths.push(`dyn:${a}`);
    const pixelDense = H === 1 && W === 1 && oh === 1 && ow === 1 && kh === 1 && kw === 1 && group === 1 && top === 0 && left === 0;
    const winograd = kh === 3 && kw === 3 && sh === 1 && sw === 1 && dh === 1 && dw === 1 && group === 1 && C >= 16 && M >= 16 && oh * ow >= 64;
    const K = cg * kh * kw;
    // Non-finite kernels take convDirect; infinite or huge (> 2^50) inputs and huge static
    // weights keep off Winograd (src/kernels/conv.ts, winograd.ts).
    const data = (name: string): Float32Array => inputData(c, Object.keys(c.inputs).indexOf(name), c.inputs[name]);
    const some = (names: string[], test: (v: number) => boolean): boolean => names.some((n) => c.inputs[n] && data(n).some(test));
    const nonFiniteKernel = some(dynamic ? ['w', 'a', 'spatialAttn', 'channelAttn'] : ['w'], (v) => !Number.isFinite(v));
    const largeInput = some(['x'], (v) => Math.abs(v) > 2 ** 50);
    const largeKernel = !dynamic && some(['w'], (v) => Math.abs(v) > 2 ** 50);
    const depthwise = cg === 1 && group === C;
    const interleaved = depthwise && kh === 3 && kw === 3 && dh === 1 && dw === 1 && (sw > 1 || ow <= 32);
    // The depthwise kernels' zero-bordered plane (src/kernels/conv-run.ts sparsePlane).
    const planeFloats = interleaved
      ? ((oh - 1) * sh + 3) * ((ow - 1) * sw + 3) * 4
      : ((oh - 1) * sh + (kh - 1) * dh + 1) * ((((Math.ceil(ow / 4) * 4 - 1) * sw + (kw - 1) * dw + 12) & ~3) >>> 0) + 4;
    if (!dynamic && !perSample && !perSampleBias && pixelDense) {
      paths.push('conv:dense');
      if (N > 1) paths.push('conv:dense-batch');
      if (splits(M, Math.max(1, Math.ceil(8192 / (N * C))))) paths.push('conv:dense-split');
    } else if (nonFiniteKernel) {
      paths.push(`${p}:direct`);
      if (splits(M, Math.max(1, Math.ceil(16384 / (oh * ow * K))))) paths.push(`${p}:direct-split`);
    } else if (!perSample && winograd && !largeKernel && largeInput) {
      paths.push(`${p}:winograd-large-input`);
    } else if (!perSample && winograd && !largeKernel) {
      paths.push(`${p}:winograd`);
      if (oh % 2 || ow % 2 || Math.ceil(ow / 2) % 4) paths.push(`${p}:winograd-edge-tiles`);
      if (splits(Math.ceil((Math.ceil(oh / 2) * Math.ceil(ow / 2)) / 8), 1)) paths.push(`${p}:winograd-split`);
    } else if (depthwise && planeFloats > 4 * (H * W + oh * ow) + 65536) {
      paths.push(`${p}:direct-sparse-plane`);
    } else if (interleaved) {
      // Four channels at a time (assembly/depthwise-small.ts), in units of four channels.
      paths.push(`${p}:depthwise-interleaved`);
      if (mg > 1) paths.push(`${p}:depthwise-interleaved-multiplier`);
      if (M % 4) paths.push(`${p}:depthwise-interleaved-short-group`);
      if ((oh * ow) % 4) paths.push(`${p}:depthwise-interleaved-pixel-tail`);
      if (sh > 1 || sw > 1) paths.push(`${p}:depthwise-interleaved-strided`);
      if (perSample) paths.push('conv:depthwise-per-sample-w');
      if (splits(Math.ceil(M / 4), Math.max(1, Math.ceil(16384 / (oh * ow * 36))))) paths.push(`${p}:depthwise-interleaved-split`);
    } else if (depthwise) {
      const fast = kh === 3 && kw === 3 && dw === 1 && (sw === 1 || sw === 2);
      paths.push(`${p}:depthwise-${fast ? `3x3s${sw}` : 'generic'}`);
      if (mg > 1) paths.push(`${p}:depthwise-multiplier`);
      if (ow % 4) paths.push(`${p}:depthwise-lane-tail`);
      if (perSample) paths.push('conv:depthwise-per-sample-w');
      if (splits(M, Math.max(1, Math.ceil(16384 / (oh * ow * kh * kw))))) paths.push(`${p}:depthwise-split`);
    } else {
      const plane = oh * ow;
      const tiles = Math.ceil(plane / 8);
      const blocks = Math.ceil(mg / 4);
      const byBlocks = blocks > tiles;
      paths.push(`${p}:gemm`, byBlocks ? `${p}:gemm-by-blocks` : `${p}:gemm-by-tiles`);
      if (byBlocks ? splits(blocks, Math.max(1, Math.ceil(1024 / (tiles * K * group))), 1) : splits(tiles, Math.max(1, Math.ceil(4096 / (M * K))))) {
        paths.push(`${p}:gemm-split-${byBlocks ? 'blocks' : 'tiles'}`);
      }
      if (group > 1) paths.push(`${p}:gemm-grouped`);
      if (mg % 4) paths.push(`${p}:gemm-row-tail`);
      if (plane % 8) paths.push(`${p}:gemm-pixel-tail`);
      if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && top === 0 && left === 0 && plane >= 8) {
        paths.push(`${p}:pointwise-tile`);
        if (bottom || right) paths.push(`${p}:pointwise-tile-end-pads`);
      } else {
        if ((sw === 1 || sw === 2) && ow >= 8) paths.push(`${p}:row-tile-s${sw}`);
        if (ow < 8 || sw > 2 || plane % 8) paths.push(`${p}:general-tile`);
      }
    }
  } else if (c.op === 'deformConv2d') {
    paths.push('deform');
    const [, , H, W] = c.inputs.x.shape;
    const [, , kh, kw] = c.inputs.w.shape;
    const [sh, sw] = c.attrs.strides as number[];
    const [dh, dw] = c.attrs.dilations as number[];
    const [top, left, bottom, right] = c.attrs.pads as number[];
    if (splits(Math.ceil((convOut(H, kh, sh, top, bottom, dh) * convOut(W, kw, sw, left, right, dw)) / 8), 1)) paths.push('deform:split');
    if (c.inputs.mask) paths.push('deform:mask');
    if ((c.attrs.offsetGroup as number) > 1) paths.push('deform:offset-groups');
    if ((c.attrs.group as number) > 1) paths.push('deform:grouped');
    if (c.inputs.b) paths.push('deform:bias');
    if (c.inputs.offset.step) paths.push('deform:grid-offsets');
    if ((c.inputs.offset.hi ?? 1) > Math.max(H, W)) paths.push('deform:far-outside');
  } else if (c.op === 'avgPool2d' || c.op === 'maxPool2d') {
    paths.push(c.op);
    if (c.attrs.ceilMode) paths.push('pool:ceil');
    if (c.attrs.countIncludePad) paths.push('pool:count-include-pad');
    if ((c.attrs.dilations as number[]).some((d) => d > 1)) paths.push('pool:dilated');
    const k = c.attrs.kernel as number[];
    const p = c.attrs.pads as number[];
    if (p[0] >= k[0] || p[1] >= k[1] || p[2] >= k[0] || p[3] >= k[1]) paths.push('pool:pad-beyond-kernel');
  } else if (c.op === 'dense') {
    const [n, f] = c.inputs.x.shape;
    paths.push('dense', f % 4 ? 'dense:feature-tail' : 'dense:feature-x4');
    if (splits(c.inputs.w.shape[0], Math.max(1, Math.ceil(8192 / (n * f))))) paths.push('dense:split');
    if (c.inputs.x.shape[1] >= 16) paths.push('dense:feature-16');
  } else if (['add', 'sub', 'mul', 'div'].includes(c.op)) {
    const a = c.inputs.a.shape;
    const b = c.inputs.b.shape;
    paths.push(`binary:${c.op}`);
    if (a.length === 0 || b.length === 0) paths.push('binary:rank0');
    if (a.join() === b.join()) paths.push('binary:same-shape');
    else if (size(a) === 1 || size(b) === 1) paths.push('binary:scalar');
    else paths.push('binary:broadcast');
  } else if (c.op === 'batchNorm') {
    // Split by planes, at least 16K elements a chunk (src/kernels/elementwise.ts).
    const [n, ch, ...rest] = c.inputs.x.shape;
    const inner = size(rest);
    paths.push('batchNorm');
    if (splits(n * ch, Math.max(1, Math.ceil(16384 / Math.max(1, inner))))) paths.push('batchNorm:split');
  } else if (UNARY.has(c.op)) {
    // Split by elements: 16K a chunk, 1K for the scalar f64 maps.
    paths.push(`unary:${c.op}`);
    if (splits(size(c.inputs.x.shape), SCALAR_UNARY.has(c.op) ? 1024 : 16384)) paths.push('unary:split');
  } else paths.push(c.op);
  return paths;
}

const UNARY = new Set(['relu', 'relu6', 'sigmoid', 'tanh', 'exp', 'silu', 'gelu', 'hardSigmoid', 'hardSwish', 'leakyRelu', 'clip']);
const SCALAR_UNARY = new Set(['sigmoid', 'tanh', 'exp', 'silu', 'gelu']);

// Not required: 'conv:depthwise-3x3s2'. Undilated 3×3 depthwise at column stride 2 runs the
// four-channel kernel (depthwise-small); the planar stride-2 loop is left only for kernels
// dilated along rows, which the generator rarely draws; test/fast-paths.test.ts covers it.
export const REQUIRED_PATHS = [
  ...ACTIVATIONS.map((a) => `act:${a}`),
  'conv:dense', 'conv:dense-batch', 'conv:winograd', 'conv:winograd-edge-tiles',
  'conv:depthwise-3x3s1', 'conv:depthwise-generic', 'conv:depthwise-multiplier', 'conv:depthwise-lane-tail',
  'conv:depthwise-interleaved', 'conv:depthwise-interleaved-multiplier', 'conv:depthwise-interleaved-short-group',
  'conv:depthwise-interleaved-pixel-tail', 'conv:depthwise-interleaved-strided', 'conv:depthwise-interleaved-split',
  'dyn:depthwise-interleaved',
  'conv:gemm', 'conv:gemm-by-blocks', 'conv:gemm-by-tiles', 'conv:gemm-grouped', 'conv:gemm-row-tail', 'conv:gemm-pixel-tail',
  'conv:pointwise-tile', 'conv:pointwise-tile-end-pads', 'conv:row-tile-s1', 'conv:row-tile-s2', 'conv:general-tile',
  'conv:per-sample-w', 'conv:per-sample-b', 'conv:depthwise-per-sample-w',
  'conv:dense-split', 'conv:winograd-split', 'conv:depthwise-split', 'conv:gemm-split-blocks', 'conv:gemm-split-tiles',
  'dyn:winograd-split', 'dyn:gemm-split-tiles', 'deform:split', 'dense:split',
  'dyn:gemm', 'dyn:gemm-by-blocks', 'dyn:gemm-grouped', 'dyn:winograd', 'dyn:depthwise-3x3s1', 'dyn:depthwise-generic', 'dyn:depthwise-multiplier',
  'dyn:b', 'dyn:spatialAttn', 'dyn:channelAttn', 'dyn:filterAttn',
  'deform', 'deform:mask', 'deform:offset-groups', 'deform:grouped', 'deform:bias', 'deform:grid-offsets', 'deform:far-outside',
  'avgPool2d', 'maxPool2d', 'globalAvgPool', 'globalMaxPool', 'pool:ceil', 'pool:count-include-pad', 'pool:dilated', 'pool:pad-beyond-kernel',
  'dense', 'dense:feature-tail', 'dense:feature-x4', 'dense:feature-16',
  'binary:add', 'binary:sub', 'binary:mul', 'binary:div', 'binary:rank0', 'binary:same-shape', 'binary:scalar', 'binary:broadcast',
  'conv2d:non-finite-x', 'conv2d:non-finite-w', 'dynamicConv2d:non-finite-w', 'deformConv2d:non-finite-x',
  'conv2d:zero-size', 'dynamicConv2d:zero-size', 'dense:zero-size',
  // Unary maps and batchNorm at sizes the threads split (each unary op's math: the catalogue).
  'batchNorm', 'batchNorm:split', 'unary:split',
  'conv:direct', 'conv:direct-split', 'dyn:direct', 'conv:winograd-large-input',
];
