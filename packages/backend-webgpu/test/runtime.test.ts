/** The runtime around the kernels: batching, readback, caches, the buffer pool, limits. */
import { describe, expect, it } from 'vitest';
import { UnsupportedError, liveTensorCount, ops, scope, tensor } from '@dcnn/core';
import { linearGrid } from '../src/runtime/dispatch.js';
import { sizeClass } from '../src/runtime/buffer-pool.js';
import { useGpu } from './setup.js';

const backend = useGpu();

describe('webgpu runtime', () => {
  it('records ops without submitting until data is read', async () => {
    const gpu = backend();
    const ctx = gpu.context;
    await gpu.sync();
    const submits = ctx.submits;
    const dispatches = ctx.dispatches;
    const x = tensor(gpu, [1, -2, 3, -4], [4]);
    let y = x;
    for (let i = 0; i < 5; i++) y = ops.add({ a: y, b: x });
    expect(ctx.dispatches - dispatches).toBe(5);
    expect(ctx.submits).toBe(submits);
    expect(Array.from(await y.data())).toEqual([6, -12, 18, -24]);
    expect(ctx.submits).toBe(submits + 1);
  });

  it('an empty batch records no dispatch (a 0 in the tiled conv grid)', async () => {
    const gpu = backend();
    const ctx = gpu.context;
    const dispatches = ctx.dispatches;
    // 8 output channels of 16 inputs: the tiled core (conv-gemm.ts), whose grid's z is N · group.
    const y = ops.conv2d({ x: tensor(gpu, new Float32Array(0), [0, 16, 8, 8]), w: tensor(gpu, new Float32Array(8 * 16 * 9), [8, 16, 3, 3]) }, { pads: [1, 1, 1, 1] });
    expect(ctx.dispatches).toBe(dispatches);
    expect(y.shape).toEqual([0, 8, 8, 8]);
    expect((await y.data()).length).toBe(0);
  });

  it('compiles one pipeline per program, whatever the shapes', () => {
    const gpu = backend();
    const before = gpu.context.pipelines.size;
    scope(() => {
      ops.relu({ x: tensor(gpu, new Float32Array(6), [2, 3]) });
      ops.relu({ x: tensor(gpu, new Float32Array(70), [7, 10]) });
      ops.relu({ x: tensor(gpu, new Float32Array(5), [5]) });
    });
    expect(gpu.context.pipelines.size - before).toBeLessThanOrEqual(1);
  });

  it('reuses freed buffers and leaks none', async () => {
    const gpu = backend();
    const pool = gpu.context.pool;
    const live = pool.stats().live;
    const tensors = liveTensorCount(gpu);
    scope(() => {
      ops.sigmoid({ x: tensor(gpu, new Float32Array(1000), [1000]) });
    });
    const hits = pool.stats().hits;
    scope(() => {
      ops.sigmoid({ x: tensor(gpu, new Float32Array(990), [990]) });
    });
    expect(pool.stats().hits - hits).toBe(2);
    expect(pool.stats().live).toBe(live);
    expect(liveTensorCount(gpu)).toBe(tensors);
  });

  it('an upload into a reused buffer waits for recorded reads of it', async () => {
    const gpu = backend();
    const a = tensor(gpu, [1, 2, 3, 4], [4]);
    const b = ops.mul({ a, b: a });
    a.dispose();
    const c = tensor(gpu, [9, 9, 9, 9], [4]);
    expect(Array.from(await b.data())).toEqual([1, 4, 9, 16]);
    expect(Array.from(await c.data())).toEqual([9, 9, 9, 9]);
    b.dispose();
    c.dispose();
  });

  it('an upload submits recorded work only when its buffer was freed while that work was recorded', async () => {
    const gpu = backend();
    const ctx = gpu.context;
    // A buffer pooled before the submit below: safe to write at once later.
    tensor(gpu, new Float32Array(700), [700]).dispose();
    await gpu.sync();
    const submits = ctx.submits;
    const a = tensor(gpu, [1, 2, 3, 4], [4]);
    const b = ops.mul({ a, b: a });
    const hits = ctx.pool.stats().hits;
    const pooledEarlier = tensor(gpu, Float32Array.from({ length: 700 }, (_, i) => i), [700]);
    expect(ctx.pool.stats().hits).toBe(hits + 1);
    const otherSize = tensor(gpu, Float32Array.from({ length: 5000 }, (_, i) => -i), [5000]);
    expect(ctx.submits).toBe(submits);
    a.dispose();
    const reusing = tensor(gpu, [9, 9, 9, 9], [4]);
    expect(ctx.submits).toBe(submits + 1);
    expect(Array.from(await b.data())).toEqual([1, 4, 9, 16]);
    expect(Array.from(await reusing.data())).toEqual([9, 9, 9, 9]);
    expect((await pooledEarlier.data())[699]).toBe(699);
    expect((await otherSize.data())[4999]).toBe(-4999);
    for (const t of [b, pooledEarlier, otherSize, reusing]) t.dispose();
  });

  it('an upload into the buffer of a freed output is not overwritten by the recorded write', async () => {
    const gpu = backend();
    const a = tensor(gpu, [1, 2, 3, 4], [4]);
    const doubled = ops.add({ a, b: a });
    doubled.dispose();
    const c = tensor(gpu, [7, 7, 7, 7], [4]);
    expect(Array.from(await c.data())).toEqual([7, 7, 7, 7]);
    a.dispose();
    c.dispose();
  });

  it('keeps a derived weight layout until the weights are freed', async () => {
    const gpu = backend();
    const live = gpu.context.pool.stats().live;
    const x = tensor(gpu, Float32Array.from({ length: 2 * 8 * 16 }, (_, i) => i % 5), [2, 8, 4, 4]);
    const w = tensor(gpu, Float32Array.from({ length: 8 * 8 }, (_, i) => (i % 3) - 1), [8, 8, 1, 1]);
    const y1 = ops.conv2d({ x, w });
    const afterFirst = gpu.context.pool.stats().live;
    const y2 = ops.conv2d({ x, w });
    expect(gpu.context.pool.stats().live - afterFirst).toBe(1);
    expect(Array.from(await y2.data())).toEqual(Array.from(await y1.data()));
    for (const t of [x, w, y1, y2]) t.dispose();
    expect(gpu.context.pool.stats().live).toBe(live);
  });

  it('reshape is a view that outlives its source', async () => {
    const gpu = backend();
    const x = tensor(gpu, [1, 2, 3, 4, 5, 6], [2, 3]);
    const y = ops.reshape({ x }, { shape: [3, 2] });
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4, 5, 6]);
    y.dispose();
  });

  it('rejects an output over the buffer size limit with the limit named, allocating nothing', () => {
    const gpu = backend();
    const live = gpu.context.pool.stats().live;
    const a = tensor(gpu, new Float32Array(20000), [20000, 1]);
    const b = tensor(gpu, new Float32Array(20000), [1, 20000]);
    let error: unknown;
    try {
      ops.add({ a, b });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as UnsupportedError).expected).toMatch(/maxBufferSize/);
    expect((error as UnsupportedError).actual).toMatch(/over the limit/);
    a.dispose();
    b.dispose();
    expect(gpu.context.pool.stats().live).toBe(live);
  });

  it('folds large dispatches into two dimensions and names the limit beyond', () => {
    expect(linearGrid('op', 100, 65535)).toEqual([100, 1, 1]);
    const [x, y] = linearGrid('op', 200000, 65535);
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y).toBeGreaterThanOrEqual(200000);
    expect(() => linearGrid('op', 65535 * 65535 + 1, 65535)).toThrow(/maxComputeWorkgroupsPerDimension/);
  });

  it('rounds pooled sizes to a few classes', () => {
    expect(sizeClass(4)).toBe(256);
    expect(sizeClass(1000)).toBe(1024);
    expect(sizeClass(5000)).toBeGreaterThanOrEqual(5000);
    expect(sizeClass(5000)).toBeLessThan(5000 * 1.13);
  });
});
