// The wasm module's exports: kernels only. Memory is imported and owned by the TS glue, which
// allocates every tensor and scratch buffer; kernels never allocate.
export { applyActivation } from './activation';
export { packWeights, peakProbe } from './gemm';
export { anyBeyond, convDirect, convSample } from './conv';
export { winogradMax, winogradWeights, winogradPad, winogradSample, winogradScratch } from './winograd';
export { aggregateRows, aggregateBias, aggregatePacked } from './dynamic';
export { deformSample, deformPadPlanes, deformPlanesSize } from './deform';
export { depthwiseSample, depthwiseScratch } from './depthwise';
export { depthwiseSmall, depthwiseSmallScratch } from './depthwise-small';
export { dense } from './dense';
export { unary, binary, binaryFlat, batchNorm } from './elementwise';
export { globalPool, pool2d } from './pool';
export { reduce, softmax, transpose, copyBlocks } from './reduce';

/** First byte the glue may allocate (after the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}
