/** The wasm module's exports, as the glue calls them (pointers are byte offsets in the heap). */
type I = number;

export interface WasmExports {
  heapBase(): I;
  applyActivation(p: I, n: I, act: I): void;
  packWeights(w: I, wp: I, mRows: I, K: I): I;
  peakProbe(p: I, iters: I): number;
  convSample(
    x: I, wp: I, bias: I, scale: I, y: I, C: I, H: I, W: I, M: I, group: I, kh: I, kw: I,
    sh: I, sw: I, dh: I, dw: I, top: I, left: I, oh: I, ow: I, act: I, scratch: I, tile0: I, tile1: I, mb0: I, mb1: I,
  ): I;
  anyBeyond(p: I, n: I, limit: number): I;
  winogradMax(): number;
  convDirect(
    x: I, w: I, bias: I, scale: I, y: I, C: I, H: I, W: I, M: I, group: I, kh: I, kw: I,
    sh: I, sw: I, dh: I, dw: I, top: I, left: I, oh: I, ow: I, act: I, m0: I, m1: I,
  ): I;
  winogradWeights(wp: I, dst: I, M: I, C: I, mb0: I, mb1: I): I;
  winogradPad(x: I, dst: I, H: I, W: I, top: I, left: I, PH: I, PW: I, flag: I, c0: I, c1: I): I;
  winogradSample(
    pad: I, u: I, bias: I, scale: I, y: I, C: I, M: I, oh: I, ow: I, PH: I, PW: I, act: I, scratch: I, b0: I, b1: I,
  ): I;
  winogradScratch(C: I, M: I): I;
  aggregateRows(bank: I, a: I, experts: I, M: I, group: I, cg: I, taps: I, spatial: I, channel: I, out: I, m0: I, m1: I): I;
  aggregateBias(b: I, a: I, experts: I, M: I, out: I): I;
  aggregatePacked(
    bank: I, a: I, experts: I, size: I, blocks: I, cg: I, taps: I, spatial: I, channel: I, out: I, v0: I, v1: I,
  ): I;
  deformPlanesSize(C: I, H: I, W: I): I;
  deformPadPlanes(x: I, dst: I, H: I, W: I, c0: I, c1: I): I;
  deformSample(
    planes: I, wp: I, bias: I, offset: I, mask: I, y: I, C: I, H: I, W: I, M: I, group: I, offsetGroups: I,
    kh: I, kw: I, sh: I, sw: I, dh: I, dw: I, top: I, left: I, oh: I, ow: I, act: I, scratch: I, tile0: I, tile1: I,
  ): I;
  depthwiseSample(
    x: I, w: I, bias: I, scale: I, y: I, H: I, W: I, mPerGroup: I, kh: I, kw: I, sh: I, sw: I,
    dh: I, dw: I, top: I, left: I, oh: I, ow: I, act: I, scratch: I, m0: I, m1: I,
  ): I;
  depthwiseScratch(oh: I, ow: I, kh: I, kw: I, sh: I, sw: I, dh: I, dw: I): I;
  depthwiseSmall(
    x: I, w: I, bias: I, scale: I, y: I, H: I, W: I, M: I, mPerGroup: I, sh: I, sw: I,
    top: I, left: I, oh: I, ow: I, act: I, scratch: I, g0: I, g1: I,
  ): I;
  depthwiseSmallScratch(oh: I, ow: I, sh: I, sw: I): I;
  dense(x: I, w: I, b: I, y: I, N: I, F: I, O: I, act: I, o0: I, o1: I): I;
  unary(x: I, y: I, op: I, alpha: number, beta: number, i0: I, i1: I): I;
  binary(a: I, b: I, y: I, dims: I, rank: I, op: I, idx: I, o0: I, o1: I): I;
  binaryFlat(a: I, b: I, y: I, sa: I, sb: I, op: I, i0: I, i1: I): I;
  batchNorm(x: I, y: I, scale: I, bias: I, mean: I, variance: I, C: I, inner: I, epsilon: number, p0: I, p1: I): I;
  globalPool(x: I, y: I, size: I, isMax: I, k0: I, k1: I): I;
  pool2d(
    x: I, y: I, planes: I, H: I, W: I, oh: I, ow: I, kh: I, kw: I, sh: I, sw: I, dh: I, dw: I,
    top: I, left: I, bottom: I, right: I, isMax: I, countPad: I,
  ): I;
  reduce(x: I, y: I, dims: I, rank: I, total: I, outSize: I, count: I, kind: I, acc: I, idx: I): I;
  softmax(x: I, y: I, outer: I, len: I, inner: I, temperature: number): I;
  transpose(x: I, y: I, dims: I, rank: I, total: I, idx: I): I;
  copyBlocks(dst: I, src: I, count: I, bytes: I, dstStride: I, srcStride: I): I;
}

/** Names of the exports a worker may run for a slice of the work (see threads/). */
export type ParallelKernel = 'convSample' | 'deformSample' | 'depthwiseSample' | 'dense' | 'globalPool' | 'aggregatePacked'
  | 'winogradPad' | 'winogradSample' | 'winogradWeights' | 'aggregateRows' | 'binaryFlat' | 'deformPadPlanes' | 'convDirect'
  | 'unary' | 'binary' | 'batchNorm' | 'depthwiseSmall';
