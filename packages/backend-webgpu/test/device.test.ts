/** Finding a device, missing adapters and features, device loss and re-initialisation. */
import { describe, expect, it } from 'vitest';
import { BackendInitError, DisposedError, ops, tensor } from '@dcnn/core';
import { nodeGpu } from '../src/device/node-dawn.js';
import { DeviceLostError, createWebGPUBackend } from '../src/index.js';

function fakeGpu(adapter: unknown): GPU {
  return { requestAdapter: async () => adapter, getPreferredCanvasFormat: () => 'rgba8unorm', wgslLanguageFeatures: new Set() } as unknown as GPU;
}

describe('webgpu device', () => {
  it('says when there is no adapter', async () => {
    const error = await createWebGPUBackend({ gpu: fakeGpu(null) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendInitError);
    expect((error as BackendInitError).actual).toMatch(/requestAdapter\(\) returned null/);
  });

  it('says which needed feature the adapter lacks', async () => {
    const adapter = { features: new Set(['timestamp-query']), limits: {}, info: {} };
    const error = await createWebGPUBackend({ gpu: fakeGpu(adapter), requiredFeatures: ['shader-f16', 'timestamp-query'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendInitError);
    expect((error as BackendInitError).actual).toMatch(/without shader-f16/);
  });

  it('surfaces device loss as a typed error and starts again on re-initialisation', async () => {
    const gpu = await createWebGPUBackend();
    const old = tensor(gpu, [1, -1], [2]);
    gpu.context.device.destroy();
    // The context's own `lost` handler was attached first, so it has run once this resolves.
    await gpu.context.device.lost;
    let error: unknown;
    try {
      ops.relu({ x: old });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BackendInitError);
    expect(DeviceLostError.isDeviceLost(error)).toBe(true);
    expect((error as Error).message).toMatch(/device lost/);

    await gpu.reinitialise();
    const x = tensor(gpu, [1, -1], [2]);
    expect(Array.from(await ops.relu({ x }).data())).toEqual([1, 0]);
    expect(() => ops.relu({ x: old })).toThrow(DisposedError);
    gpu.dispose();
  });

  it('refuses reshape and the buffer copies of concat and split after a loss, and old tensors (reads too) after re-initialisation', async () => {
    const gpu = await createWebGPUBackend();
    const old = tensor(gpu, [1, 2, 3, 4], [2, 2]);
    // Along axis 0 each part is one contiguous slab: concat and split copy buffers, no program runs.
    const attempts = {
      reshape: () => ops.reshape({ x: old }, { shape: [4] }),
      concat: () => ops.concat({ xs: [old, old] }, { axis: 0 }),
      split: () => ops.split({ x: old }, { axis: 0, sizes: [1, 1] }),
    };
    const thrown = (attempt: () => unknown): unknown => {
      try {
        attempt();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    gpu.context.device.destroy();
    await gpu.context.device.lost;
    for (const [op, attempt] of Object.entries(attempts)) {
      expect(DeviceLostError.isDeviceLost(thrown(attempt)), `${op} after the loss`).toBe(true);
    }
    await gpu.reinitialise();
    for (const [op, attempt] of Object.entries(attempts)) {
      expect(thrown(attempt), `${op} of a tensor of the lost device`).toBeInstanceOf(DisposedError);
    }
    await expect(old.data()).rejects.toBeInstanceOf(DisposedError);
    gpu.dispose();
  });

  it('refuses an old tensor before allocating the output, and a lost device even where nothing would be dispatched', async () => {
    const gpu = await createWebGPUBackend();
    const old = tensor(gpu, [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const empty = tensor(gpu, [], [2, 0]);
    gpu.context.device.destroy();
    await gpu.context.device.lost;
    expect(() => ops.softmax({ x: empty }, { axis: 1 })).toThrow(expect.objectContaining({ deviceLost: true }));
    await gpu.reinitialise();
    const w = tensor(gpu, [1, 1, 1, 1], [1, 1, 2, 2]);
    const live = gpu.context.pool.stats().live;
    expect(() => ops.conv2d({ x: old, w })).toThrow(DisposedError);
    expect(() => ops.add({ a: old, b: old })).toThrow(DisposedError);
    expect(gpu.context.pool.stats().live).toBe(live);
    w.dispose();
    gpu.dispose();
  });

  it("needs a device to re-initialise a backend made on the caller's device", async () => {
    // An adapter makes one device; each device of the caller's gets its own.
    const callerDevice = async () => (await (await nodeGpu()).requestAdapter())!.requestDevice();
    const mine = await callerDevice();
    const gpu = await createWebGPUBackend({ device: mine });
    const context = gpu.context;
    const error = await gpu.reinitialise().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendInitError);
    expect((error as BackendInitError).arg).toBe('device');
    expect((error as BackendInitError).expected).toMatch(/created on the caller's device/);
    // Refused before anything changed: still the same context on the caller's device.
    expect(gpu.context).toBe(context);
    expect(gpu.context.device).toBe(mine);
    const x = tensor(gpu, [2, -3], [2]);
    expect(Array.from(await ops.relu({ x }).data())).toEqual([2, 0]);

    const notADevice = await gpu.reinitialise({} as GPUDevice).catch((e: unknown) => e);
    expect((notADevice as BackendInitError).arg).toBe('device');
    expect(gpu.context).toBe(context);

    const next = await callerDevice();
    await gpu.reinitialise(next);
    expect(gpu.context.device).toBe(next);
    gpu.dispose();
    mine.destroy();
    next.destroy();
  });
});
