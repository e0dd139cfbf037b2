/**
 * The kernel rows of the benchmark: each case builds its inputs once (seeded, shared by dcnn and
 * the peers) and gives a runner per implementation. Peers run the equivalent graph in their own
 * ops: a dynamic convolution is the kernel aggregation as a MatMul, then (ORT) one grouped Conv
 * with the batch folded into groups or (tfjs, which has no grouped conv) one conv per sample.
 */
import { ops, tensor, type AnyBackend, type Tensor } from '@dcnn/core';
import { randomData, sizeOf, softmaxRows } from './data.js';
import { dynamicConvGraph } from './onnx/dynamic-conv.js';
import type { OnnxGraphSpec } from './onnx/model.js';
import { depthwiseFilter, hwio, nhwc, type Tf } from './peers/tfjs.js';

export interface Runner {
  run(): unknown;
  dispose(): unknown;
}

export interface OrtCase {
  spec: OnnxGraphSpec;
  feeds: Record<string, Float32Array>;
}

export interface BenchCase {
  name: string;
  /** 2 · multiply-adds of the convolution itself (aggregation and layout changes excluded). */
  flops: number;
  /** dcnn backend options this row needs beyond the thread count (a second backend runs it). */
  backendOptions?: { winograd?: boolean };
  ours(backend: AnyBackend): Runner;
  tfjs?(tf: Tf): Runner;
  ort?(): OrtCase;
}

function upload(b: AnyBackend, arrays: Record<string, [Float32Array, number[]]>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(arrays).map(([k, [d, s]]) => [k, tensor(b, d, s)]));
}

function disposeAll(ts: Record<string, { dispose(): void }>): void {
  for (const t of Object.values(ts)) t.dispose();
}

function oursRunner(b: AnyBackend, arrays: Record<string, [Float32Array, number[]]>, op: (t: Record<string, Tensor>) => Tensor): Runner {
  const t = upload(b, arrays);
  return { run: () => op(t).dispose(), dispose: () => disposeAll(t) };
}

interface ConvShape {
  n: number; c: number; hw: number; m: number; k: number; group: number; stride: number;
}

const convFlops = (s: ConvShape): number => {
  const o = Math.floor((s.hw + 2 * ((s.k - 1) >> 1) - s.k) / s.stride) + 1;
  return 2 * s.n * s.m * (s.c / s.group) * s.k * s.k * o * o;
};

/** A plain conv2d case (bias, no activation) with its tfjs and ORT twins. */
function convCase(name: string, s: ConvShape, seed: number): BenchCase {
  const p = (s.k - 1) >> 1;
  const xShape = [s.n, s.c, s.hw, s.hw];
  const wShape = [s.m, s.c / s.group, s.k, s.k];
  const x = randomData(sizeOf(xShape), seed);
  const w = randomData(sizeOf(wShape), seed + 1);
  const b = randomData(s.m, seed + 2);
  const attrs = { strides: [s.stride, s.stride] as [number, number], pads: [p, p, p, p] as [number, number, number, number], group: s.group };
  const o = Math.floor((s.hw + 2 * p - s.k) / s.stride) + 1;
  const depthwise = s.group === s.c && s.group > 1;
  return {
    name,
    flops: convFlops(s),
    ours: (be) => oursRunner(be, { x: [x, xShape], w: [w, wShape], b: [b, [s.m]] }, (t) => ops.conv2d({ x: t.x, w: t.w, b: t.b }, attrs)),
    tfjs: (tf) => {
      const tx = nhwc(tf, x, xShape);
      const tw = depthwise ? depthwiseFilter(tf, w, wShape) : hwio(tf, w, wShape);
      const tb = tf.tensor1d(b);
      // Every case here has odd k, stride 1 and pads (k-1)/2: tfjs' 'same'.
      const pad = 'same' as const;
      return {
        run: () =>
          (depthwise
            ? tf.fused.depthwiseConv2d({ x: tx, filter: tw, strides: s.stride, pad, bias: tb })
            : tf.fused.conv2d({ x: tx, filter: tw, strides: s.stride, pad, bias: tb })
          ).dispose(),
        dispose: () => [tx, tw, tb].forEach((t) => t.dispose()),
      };
    },
    ort: () => ({
      spec: {
        nodes: [{ op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['y'], attrs: { pads: [p, p, p, p], strides: [s.stride, s.stride], group: s.group } }],
        initializers: [{ name: 'w', dims: wShape, data: w }, { name: 'b', dims: [s.m], data: b }],
        inputs: [{ name: 'x', dims: xShape }],
        outputs: [{ name: 'y', dims: [s.n, s.m, o, o] }],
      },
      feeds: { x },
    }),
  };
}

/** DyConv with K kernels over the conv3x3 shape, batch n: dcnn's fused op vs the peers' graphs. */
function dynamicCase(name: string, n: number, experts: number, seed: number): BenchCase {
  const c = 64, m = 64, hw = 56, k = 3;
  const xShape = [n, c, hw, hw];
  const bankShape = [experts, m, c, k, k];
  const x = randomData(sizeOf(xShape), seed);
  const bank = randomData(sizeOf(bankShape), seed + 1);
  const biasBank = randomData(experts * m, seed + 2);
  const a = softmaxRows(randomData(n * experts, seed + 3), n, experts);
  const kernel = m * c * k * k;
  return {
    name,
    flops: convFlops({ n, c, hw, m, k, group: 1, stride: 1 }),
    ours: (be) =>
      oursRunner(be, { x: [x, xShape], w: [bank, bankShape], a: [a, [n, experts]], b: [biasBank, [experts, m]] }, (t) =>
        ops.dynamicConv2d({ x: t.x, w: t.w, a: t.a, b: t.b }, { pads: [1, 1, 1, 1] }),
      ),
    tfjs: (tf) => {
      // The bank kept in tfjs' filter layout [K, kh·kw·C·M], so the aggregate reshapes to HWIO.
      const bankHwio = tf.tidy(() => tf.reshape(tf.transpose(tf.tensor5d(bank, bankShape as [number, number, number, number, number]), [0, 3, 4, 2, 1]), [experts, kernel]));
      const tb = tf.tensor2d(biasBank, [experts, m]);
      const ta = tf.tensor2d(a, [n, experts]);
      const tx = nhwc(tf, x, xShape);
      return {
        run: () =>
          tf.tidy(() => {
            const filters = tf.matMul(ta, bankHwio);
            const biases = tf.matMul(ta, tb);
            const ys = [];
            for (let i = 0; i < n; i++) {
              const filter = tf.reshape(tf.slice(filters, [i, 0], [1, kernel]), [k, k, c, m]) as import('@tensorflow/tfjs-core').Tensor4D;
              const bias = tf.reshape(tf.slice(biases, [i, 0], [1, m]), [m]);
              const xi = n === 1 ? tx : tf.slice(tx, [i, 0, 0, 0], [1, hw, hw, c]);
              // Unfused bias: tfjs' fused conv rejects a bias computed by reshape(matMul(...)).
              ys.push(tf.add(tf.conv2d(xi as import('@tensorflow/tfjs-core').Tensor4D, filter, 1, 'same'), bias));
            }
            return n === 1 ? ys[0] : tf.concat(ys, 0);
          }).dispose(),
        dispose: () => [bankHwio, tb, ta, tx].forEach((t) => t.dispose()),
      };
    },
    ort: () => ({
      spec: dynamicConvGraph({ n, c, m, hw, k, experts }, bank, biasBank),
      feeds: { x, a },
    }),
  };
}

/** deformConv2d 3×3 64→64 56×56 with offsets in ±2 pixels (ORT DeformConv, opset 19; tfjs has none). */
function deformCase(name: string, seed: number): BenchCase {
  const c = 64, m = 64, hw = 56;
  const xShape = [1, c, hw, hw];
  const wShape = [m, c, 3, 3];
  const offShape = [1, 18, hw, hw];
  const x = randomData(sizeOf(xShape), seed);
  const w = randomData(sizeOf(wShape), seed + 1);
  const b = randomData(m, seed + 2);
  const offset = randomData(sizeOf(offShape), seed + 3).map((v) => 2 * v);
  return {
    name,
    flops: convFlops({ n: 1, c, hw, m, k: 3, group: 1, stride: 1 }),
    ours: (be) =>
      oursRunner(be, { x: [x, xShape], w: [w, wShape], b: [b, [m]], offset: [offset, offShape] }, (t) =>
        ops.deformConv2d({ x: t.x, w: t.w, b: t.b, offset: t.offset }, { pads: [1, 1, 1, 1] }),
      ),
    ort: () => ({
      spec: {
        nodes: [{ op: 'DeformConv', inputs: ['x', 'w', 'offset', 'b'], outputs: ['y'], attrs: { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } }],
        initializers: [{ name: 'w', dims: wShape, data: w }, { name: 'b', dims: [m], data: b }],
        inputs: [{ name: 'x', dims: xShape }, { name: 'offset', dims: offShape }],
        outputs: [{ name: 'y', dims: [1, m, hw, hw] }],
        opset: 19,
      },
      feeds: { x, offset },
    }),
  };
}

/** The kernel rows, in the order of the report (the smoke suite's small shapes are `tinyCases`). */
export function kernelCases(): BenchCase[] {
  return [
    convCase('conv3x3', { n: 1, c: 64, hw: 56, m: 64, k: 3, group: 1, stride: 1 }, 11),
    // The same conv without the Winograd path: the im2col + GEMM figure deform3x3 compares with.
    { ...convCase('conv3x3-im2col', { n: 1, c: 64, hw: 56, m: 64, k: 3, group: 1, stride: 1 }, 11), backendOptions: { winograd: false } },
    convCase('depthwise3x3', { n: 1, c: 144, hw: 56, m: 144, k: 3, group: 144, stride: 1 }, 21),
    // MobileNetV2's late depthwise layers: many channels on a small map (dcnn's four-channel kernel).
    convCase('depthwise3x3-14x14', { n: 1, c: 576, hw: 14, m: 576, k: 3, group: 576, stride: 1 }, 23),
    convCase('pointwise1x1', { n: 1, c: 96, hw: 28, m: 576, k: 1, group: 1, stride: 1 }, 31),
    dynamicCase('dynamic-k4-b1', 1, 4, 41),
    dynamicCase('dynamic-k4-b8', 8, 4, 51),
    convCase('static-twin-b8', { n: 8, c: 64, hw: 56, m: 64, k: 3, group: 1, stride: 1 }, 51),
    deformCase('deform3x3', 61),
  ];
}

/** Tiny versions of the same cases, for the harness smoke test. */
export function tinyCases(): BenchCase[] {
  return [
    convCase('conv3x3', { n: 1, c: 8, hw: 12, m: 8, k: 3, group: 1, stride: 1 }, 11),
    convCase('depthwise3x3', { n: 1, c: 8, hw: 12, m: 8, k: 3, group: 8, stride: 1 }, 21),
  ];
}
