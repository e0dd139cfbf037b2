import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ops, tensor, type AnyBackend, type Tensor } from '@dcnn/core';
import { createWasmBackend, threadSupport, type WasmBackend } from '../src/index.js';

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

type Program = (b: AnyBackend) => Tensor;
const t = (b: AnyBackend, shape: number[], seed: number) => tensor(b, random(shape.reduce((p, d) => p * d, 1), seed), shape);

// Shapes big enough that every parallel kernel splits its range across threads.
const programs: Record<string, Program> = {
  conv: (b) => ops.conv2d({ x: t(b, [2, 16, 19, 17], 1), w: t(b, [24, 8, 3, 3], 2), b: t(b, [24], 3) }, { pads: [1, 1, 1, 1], group: 2, activation: 'silu' }),
  // A small map with many output channels: split by output blocks rather than pixel tiles.
  'pointwise on a 3x5 map': (b) => ops.conv2d({ x: t(b, [2, 128, 3, 5], 18), w: t(b, [100, 128, 1, 1], 19), b: t(b, [100], 20) }, { activation: 'relu6' }),
  // Big enough for the aggregation and the pooling to be split too.
  'dynamic with a large bank': (b) =>
    ops.dynamicConv2d(
      { x: t(b, [2, 64, 6, 6], 21), w: t(b, [4, 64, 64, 3, 3], 22), a: t(b, [2, 4], 23), spatialAttn: t(b, [2, 3, 3], 24), channelAttn: t(b, [2, 64], 25) },
      { pads: [1, 1, 1, 1] },
    ),
  // Winograd 3×3 (≥ 16 channels, stride 1): split by 8-tile batches, padding split by channels.
  winograd: (b) => ops.conv2d({ x: t(b, [2, 16, 13, 27], 27), w: t(b, [20, 16, 3, 3], 28), b: t(b, [20], 29) }, { pads: [1, 1, 1, 1], activation: 'tanh' }),
  'winograd dynamic': (b) =>
    ops.dynamicConv2d(
      { x: t(b, [2, 16, 10, 21], 30), w: t(b, [2, 17, 16, 3, 3], 31), a: t(b, [2, 2], 32), filterAttn: t(b, [2, 17], 33) },
      { pads: [1, 0, 1, 0] },
    ),
  'dynamic depthwise, aggregation split': (b) =>
    ops.dynamicConv2d(
      { x: t(b, [1, 1000, 3, 3], 34), w: t(b, [4, 1000, 1, 3, 3], 35), a: t(b, [1, 4], 36), spatialAttn: t(b, [1, 3, 3], 37), channelAttn: t(b, [1, 1000], 38) },
      { pads: [1, 1, 1, 1], group: 1000 },
    ),
  'dense-like pointwise on 1x1 maps': (b) => ops.conv2d({ x: t(b, [2, 300, 1, 1], 39), w: t(b, [500, 300, 1, 1], 40), b: t(b, [500], 41) }, { activation: 'relu' }),
  'global pooling': (b) => ops.globalAvgPool({ x: t(b, [2, 64, 30, 30], 26) }),
  // Same shapes and a scalar operand: flat ranges split across threads.
  'residual add': (b) => ops.add({ a: t(b, [2, 64, 30, 30], 42), b: t(b, [2, 64, 30, 30], 43) }),
  'scalar div': (b) => ops.div({ a: t(b, [1], 44), b: t(b, [3, 40, 31, 17], 45) }),
  // Broadcasts split by rows of the last axis: a chunk starts mid-way through the outer axes.
  'per-channel scaling (SE)': (b) => ops.mul({ a: t(b, [2, 64, 30, 30], 46), b: t(b, [2, 64, 1, 1], 47) }),
  'a four-axis broadcast': (b) => ops.sub({ a: t(b, [4, 5, 80, 40], 48), b: t(b, [1, 5, 1, 40], 49) }),
  // Unary maps split as flat ranges (vector and f64 ones), batchNorm by planes.
  relu6: (b) => ops.relu6({ x: t(b, [3, 40, 31, 17], 50) }),
  sigmoid: (b) => ops.sigmoid({ x: t(b, [2, 10, 31, 17], 51) }),
  batchNorm: (b) =>
    ops.batchNorm({ x: t(b, [2, 48, 30, 30], 52), scale: t(b, [48], 53), bias: t(b, [48], 54), mean: t(b, [48], 55), var: ops.exp({ x: t(b, [48], 56) }) }, { epsilon: 1e-5 }),
  // Plane by plane (rows wider than 32 outputs), split by channels.
  'depthwise, planar': (b) => ops.conv2d({ x: t(b, [1, 40, 12, 40], 4), w: t(b, [40, 1, 3, 3], 5) }, { pads: [1, 1, 1, 1], group: 40, activation: 'relu6' }),
  'depthwise stride 2': (b) => ops.conv2d({ x: t(b, [1, 40, 23, 21], 4), w: t(b, [40, 1, 3, 3], 5) }, { pads: [1, 1, 1, 1], strides: [2, 2], group: 40, activation: 'relu6' }),
  // Four channels at a time, split in units of four channels (38: a short last group).
  'depthwise, channel-interleaved': (b) => ops.conv2d({ x: t(b, [1, 38, 14, 14], 57), w: t(b, [38, 1, 3, 3], 58), b: t(b, [38], 59) }, { pads: [1, 1, 1, 1], group: 38, activation: 'relu6' }),
  dynamic: (b) =>
    ops.dynamicConv2d(
      { x: t(b, [3, 12, 15, 15], 6), w: t(b, [4, 16, 12, 3, 3], 7), a: t(b, [3, 4], 8), filterAttn: t(b, [3, 16], 9), channelAttn: t(b, [3, 12], 10) },
      { pads: [1, 1, 1, 1] },
    ),
  deform: (b) =>
    ops.deformConv2d(
      { x: t(b, [1, 8, 20, 20], 11), w: t(b, [16, 8, 3, 3], 12), offset: t(b, [1, 18, 20, 20], 13), mask: t(b, [1, 9, 20, 20], 14) },
      { pads: [1, 1, 1, 1] },
    ),
  dense: (b) => ops.dense({ x: t(b, [3, 300], 15), w: t(b, [700, 300], 16), b: t(b, [700], 17) }, { activation: 'gelu' }),
};

describe('thread fallback', () => {
  it('runs one thread, with a notice saying why, in a page that is not cross-origin isolated', async () => {
    const page = { node: false, sharedArrayBuffer: false, crossOriginIsolated: false, worker: true };
    expect(threadSupport(page)).toEqual({ ok: false, reason: expect.stringMatching(/cross-origin isolated.*COOP.*COEP/) });
    const b = await createWasmBackend({ threads: 4, threadEnvironment: page });
    expect(b.threads).toBe(1);
    expect(b.variant.endsWith('-mt')).toBe(false);
    expect(b.notice).toMatch(/running 1 thread instead of 4: the page is not cross-origin isolated/);
    b.dispose();
  });

  it('needs Web Workers in a page even when isolated', () => {
    expect(threadSupport({ node: false, sharedArrayBuffer: true, crossOriginIsolated: true, worker: false }).reason).toMatch(/Web Workers/);
    expect(threadSupport({ node: true, sharedArrayBuffer: true, worker: false }).ok).toBe(true);
  });
});

describe('options', () => {
  it.each([
    ['threads', NaN], ['threads', 0], ['threads', -3], ['threads', 1.5], ['threads', '2'], ['threads', 100_000],
    ['relaxedSimd', 'yes'], ['winograd', 'no'], ['spinMs', -1], ['spinMs', Infinity],
    ['wasmPaths', ''], ['wasmPaths', 42], ['workerUrl', ''], ['workerUrl', false],
  ])('rejects %s = %s with a BackendInitError naming it', async (arg, value) => {
    await expect(createWasmBackend({ [arg]: value } as never)).rejects.toEqual(
      expect.objectContaining({ name: 'BackendInitError', op: 'wasm', arg, actual: typeof value === 'string' ? JSON.stringify(value) : String(value) }),
    );
  });
});

describe('location options', () => {
  it.each([['wasmPaths'], ['workerUrl']])('rejects %s that is no URL with a BackendInitError naming it', async (arg) => {
    await expect(createWasmBackend({ threads: 2, [arg]: 'http://[not-a-host' })).rejects.toEqual(
      expect.objectContaining({ name: 'BackendInitError', op: 'wasm', arg, actual: expect.stringContaining('http://[not-a-host') }),
    );
  });
});

describe('a disposed backend', () => {
  it('rejects ops, uploads and reads with a DisposedError instead of waiting on its workers', async () => {
    const b = await createWasmBackend({ threads: 2 });
    const x = tensor(b, random(4 * 64 * 8 * 8, 50), [4, 64, 8, 8]);
    const w = tensor(b, random(64 * 64, 51), [64, 64, 1, 1]);
    b.dispose();
    const disposed = expect.objectContaining({ name: 'DisposedError', arg: 'backend' });
    expect(() => ops.conv2d({ x, w }, {})).toThrow(disposed);
    expect(() => tensor(b, new Float32Array(4), [4])).toThrow(disposed);
    await expect(x.data()).rejects.toEqual(disposed);
  });
});

describe('threads', () => {
  const backends: WasmBackend[] = [];
  beforeAll(async () => {
    for (const threads of [1, 2, 3]) backends.push(await createWasmBackend({ threads, relaxedSimd: false }));
    // A pool that never polls (blocks at once) must hand work over just as well.
    backends.push(await createWasmBackend({ threads: 2, relaxedSimd: false, spinMs: 0 }));
  });
  afterAll(() => backends.forEach((b) => b.dispose()));

  it('runs the threads it was asked for in Node', () => {
    expect(threadSupport().ok).toBe(true);
    expect(backends.map((b) => b.threads)).toEqual([1, 2, 3, 2]);
    expect(backends[1].variant).toBe('dcnn-simd-mt');
    expect(backends[1].notice).toBeUndefined();
  });

  for (const [name, program] of Object.entries(programs)) {
    it(`${name}: identical bits for 1, 2 and 3 threads (and 2 without polling)`, async () => {
      const outputs = await Promise.all(backends.map((b) => program(b).data()));
      expect(Array.from(outputs[1])).toEqual(Array.from(outputs[0]));
      expect(Array.from(outputs[2])).toEqual(Array.from(outputs[0]));
      expect(Array.from(outputs[3])).toEqual(Array.from(outputs[0]));
      expect(outputs[0].some((v) => v !== 0)).toBe(true);
    });
  }
});
