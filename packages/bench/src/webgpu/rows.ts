/**
 * The benchmark rows, the same shapes as the wasm benchmark's kernel rows: each builds seeded
 * inputs once (uniform in [-1, 1), never zeros) and describes the same computation for dcnn,
 * for tfjs (NHWC, its fused ops) and for onnxruntime-web (an ONNX graph).
 */
import { dynamicConvGraph } from '../onnx/dynamic-conv.js';
import type { OnnxGraphSpec as GraphSpec } from '../onnx/model.js';

export interface RowInput {
  shape: number[];
  data: Float32Array;
}

export interface BenchRow {
  name: string;
  /** 2 · multiply-adds of the convolution itself. */
  flops: number;
  op: 'conv2d' | 'dynamicConv2d' | 'deformConv2d';
  inputs: Record<string, RowInput>;
  attrs: Record<string, unknown>;
  /** The tfjs twin: which graph to build (none: tfjs has no such op). */
  tfjs?: 'conv' | 'depthwise' | 'dynamic';
  ort: GraphSpec;
  /** ORT feeds: the graph inputs that are not initializers. */
  feeds: string[];
  /** What a reader of the ratios must know. */
  note?: string;
}

/** Seeded noise in [-1, 1) (mulberry32). */
export function noise(size: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);
const input = (shape: number[], seed: number, scale = 1): RowInput => ({ shape, data: noise(size(shape), seed).map((v) => v * scale) });

function convRow(name: string, c: number, hw: number, m: number, k: number, group: number, seed: number): BenchRow {
  const p = (k - 1) >> 1;
  const x = input([1, c, hw, hw], seed);
  const w = input([m, c / group, k, k], seed + 1);
  const b = input([m], seed + 2);
  return {
    name, flops: 2 * m * (c / group) * k * k * hw * hw, op: 'conv2d', inputs: { x, w, b }, attrs: { pads: [p, p, p, p], group },
    tfjs: group === 1 ? 'conv' : 'depthwise',
    ort: {
      nodes: [{ op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['y'], attrs: { pads: [p, p, p, p], group, kernel_shape: [k, k] } }],
      initializers: [{ name: 'w', dims: w.shape, data: w.data }, { name: 'b', dims: b.shape, data: b.data }],
      inputs: [{ name: 'x', dims: x.shape }], outputs: [{ name: 'y', dims: [1, m, hw, hw] }],
    },
    feeds: ['x'],
  };
}

/** DyConv K=4 over conv3x3 64→64 56², batch n. Peers: aggregation as MatMul, then one grouped Conv (ORT). */
function dynamicRow(name: string, n: number, seed: number): BenchRow {
  const [c, m, hw, k, experts] = [64, 64, 56, 3, 4];
  const x = input([n, c, hw, hw], seed);
  const w = input([experts, m, c, k, k], seed + 1);
  const b = input([experts, m], seed + 2);
  const logits = noise(n * experts, seed + 3);
  const a = { shape: [n, experts], data: logits.map((v, i) => Math.exp(v) / [0, 1, 2, 3].reduce((s, j) => s + Math.exp(logits[i - (i % experts) + j]), 0)) };
  return {
    name, flops: 2 * n * m * c * k * k * hw * hw, op: 'dynamicConv2d', inputs: { x, w, a, b }, attrs: { pads: [1, 1, 1, 1] }, tfjs: 'dynamic',
    ort: dynamicConvGraph({ n, c, m, hw, k, experts }, w.data, b.data),
    feeds: ['x', 'a'],
  };
}

/** deformConv2d 3×3 64→64 56², offsets within ±2 pixels (ORT DeformConv, opset 19; tfjs has none). */
function deformRow(name: string, seed: number): BenchRow {
  const [c, m, hw] = [64, 64, 56];
  const x = input([1, c, hw, hw], seed);
  const w = input([m, c, 3, 3], seed + 1);
  const b = input([m], seed + 2);
  const offset = input([1, 18, hw, hw], seed + 3, 2);
  return {
    name, flops: 2 * m * c * 9 * hw * hw, op: 'deformConv2d', inputs: { x, w, offset, b }, attrs: { pads: [1, 1, 1, 1] },
    ort: {
      nodes: [{ op: 'DeformConv', inputs: ['x', 'w', 'offset', 'b'], outputs: ['y'], attrs: { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } }],
      initializers: [{ name: 'w', dims: w.shape, data: w.data }, { name: 'b', dims: b.shape, data: b.data }],
      inputs: [{ name: 'x', dims: x.shape }, { name: 'offset', dims: offset.shape }], outputs: [{ name: 'y', dims: [1, m, hw, hw] }],
      opset: 19,
    },
    feeds: ['x', 'offset'],
    note:
      "onnxruntime-web has no WebGPU DeformConv kernel: its webgpu session runs the op on its wasm CPU kernel (the same time as a wasm-only session, measured here), so this row compares dcnn's GPU path with ORT's CPU path; tfjs has no deformable conv",
  };
}

export function benchRows(): BenchRow[] {
  return [
    convRow('conv3x3 64→64 56²', 64, 56, 64, 3, 1, 11),
    convRow('depthwise3x3 144ch 56²', 144, 56, 144, 3, 144, 21),
    convRow('pointwise1x1 96→576 28²', 96, 28, 576, 1, 1, 31),
    dynamicRow('dynamic K=4 64→64 56² b1', 1, 41),
    dynamicRow('dynamic K=4 64→64 56² b8', 8, 51),
    deformRow('deform3x3 64→64 56²', 61),
  ];
}
