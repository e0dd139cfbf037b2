/**
 * Device limits on a device with WebGPU's default limits (128 MiB per storage binding, 256 MiB
 * per buffer): element-wise ops split a larger tensor into bindable ranges; an op that cannot
 * says which limit it meets and by how much, leaving nothing allocated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedError, ops, tensor } from '@dcnn/core';
import { nodeGpu } from '../src/device/node-dawn.js';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';
import { expectAgrees } from './helpers.js';

let gpu: WebGPUBackend;
beforeAll(async () => {
  const adapter = await (await nodeGpu()).requestAdapter();
  gpu = await createWebGPUBackend({ device: await adapter!.requestDevice() });
});
afterAll(() => gpu?.dispose());

describe('device limits (default limits)', () => {
  // 36M floats: 144 MB, over the 128 MiB binding limit, under the 256 MiB buffer limit.
  const size = 36 * 2 ** 20;
  const data = Float32Array.from({ length: size }, (_, i) => (i % 13) - 6);

  it('runs element-wise ops over a tensor larger than one binding', async () => {
    expect(size * 4).toBeGreaterThan(gpu.context.limits.maxStorageBufferBindingSize);
    const x = tensor(gpu, data, [size]);
    const y = ops.relu6({ x });
    const z = ops.mul({ a: y, b: x });
    const out = await z.data();
    let wrong = -1;
    for (let i = 0; i < size && wrong < 0; i++) {
      const v = data[i];
      if (out[i] !== Math.min(Math.max(v, 0), 6) * v) wrong = i;
    }
    expect(wrong).toBe(-1);
    for (const t of [x, y, z]) t.dispose();
  }, 120_000);

  it('names the binding limit where an op cannot split its work, and frees its output', () => {
    const live = gpu.context.pool.stats().live;
    const x = tensor(gpu, data, [size / 4, 4]);
    let error: unknown;
    try {
      ops.softmax({ x });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as UnsupportedError).expected).toMatch(/maxStorageBufferBindingSize/);
    expect((error as UnsupportedError).actual).toMatch(/over the limit/);
    x.dispose();
    expect(gpu.context.pool.stats().live).toBe(live);
  }, 120_000);

  // A batch of 65536 gave 65536 workgroups along z: refused, and the output leaked. The GEMM
  // conv now folds pixel blocks and (sample, group) pairs over x and z.
  it('a conv whose pixel blocks times samples pass the per-dimension limit runs, folded', async () => {
    const n = 65536;
    const x = { shape: [n, 2, 1, 1], data: Float32Array.from({ length: n * 2 }, (_, i) => ((i * 7919) % 13) - 6) };
    const w = { shape: [4, 2, 3, 3], data: Float32Array.from({ length: 4 * 2 * 9 }, (_, i) => ((i * 31) % 7) - 3) };
    await expectAgrees(gpu, 'conv2d', { x, w }, { pads: [1, 1, 1, 1] });
  }, 120_000);

  // The grid check came after the outputs were allocated, and did not release them.
  it('a dispatch grid over the per-dimension limit is an UnsupportedError that frees the outputs', () => {
    const live = gpu.context.pool.stats().live;
    const y = gpu.context.allocate('test', 64);
    const spec = { key: 'test/grid', uniforms: [], bindings: [{ name: 'y', access: 'read_write' as const }], workgroup: [64] as [number], body: '  y[0] = 1.0;' };
    const limit = gpu.context.limits.maxComputeWorkgroupsPerDimension;
    expect(() => gpu.context.run('test', spec, [y], {}, { grid: [limit + 1, 1, 1] })).toThrow(
      expect.objectContaining({ name: 'UnsupportedError', expected: expect.stringMatching(/maxComputeWorkgroupsPerDimension/) }),
    );
    expect(gpu.context.pool.stats().live).toBe(live);
  });
});
