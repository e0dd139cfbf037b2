/**
 * The peers' equivalent of dcnn's dynamicConv2d (K experts, a 'same' k×k conv, batch n) as an
 * ONNX graph: the kernel and bias aggregation as MatMuls of the attention `a` [n, K] with the
 * flattened banks, then one Conv with the batch folded into groups. Shared by the wasm bench
 * (onnxruntime-web's wasm EP) and the WebGPU bench.
 */
import type { OnnxGraphSpec } from './model.js';

export interface DynamicConvShape {
  n: number;
  c: number;
  m: number;
  hw: number;
  k: number;
  experts: number;
}

/** Inputs `x` [n, c, hw, hw] and `a` [n, K]; `bank` is [K, m, c, k, k], `biasBank` [K, m]. */
export function dynamicConvGraph(s: DynamicConvShape, bank: Float32Array, biasBank: Float32Array): OnnxGraphSpec {
  const { n, c, m, hw, k, experts } = s;
  const pad = (k - 1) >> 1;
  return {
    nodes: [
      { op: 'MatMul', inputs: ['a', 'bank'], outputs: ['wflat'] },
      { op: 'Reshape', inputs: ['wflat', 'wshape'], outputs: ['wg'] },
      { op: 'MatMul', inputs: ['a', 'bbank'], outputs: ['bflat'] },
      { op: 'Reshape', inputs: ['bflat', 'bshape'], outputs: ['bg'] },
      { op: 'Reshape', inputs: ['x', 'xshape'], outputs: ['xg'] },
      { op: 'Conv', inputs: ['xg', 'wg', 'bg'], outputs: ['yg'], attrs: { pads: [pad, pad, pad, pad], group: n, kernel_shape: [k, k] } },
      { op: 'Reshape', inputs: ['yg', 'yshape'], outputs: ['y'] },
    ],
    initializers: [
      { name: 'bank', dims: [experts, m * c * k * k], data: bank },
      { name: 'bbank', dims: [experts, m], data: biasBank },
      { name: 'wshape', dims: [4], data: { int64: [n * m, c, k, k] } },
      { name: 'bshape', dims: [1], data: { int64: [n * m] } },
      { name: 'xshape', dims: [4], data: { int64: [1, n * c, hw, hw] } },
      { name: 'yshape', dims: [4], data: { int64: [n, m, hw, hw] } },
    ],
    inputs: [{ name: 'x', dims: [n, c, hw, hw] }, { name: 'a', dims: [n, experts] }],
    outputs: [{ name: 'y', dims: [n, m, hw, hw] }],
  };
}
