import { describe, expect, it } from 'vitest';
import { ops, scope, tensor, liveTensorCount, ShapeError, UnsupportedError } from '@dcnn/core';
import { Heap, sizeClass } from '../src/heap.js';
import { checkStatus } from '../src/status.js';
import { loadModule } from '../src/load.js';
import { createMemory } from '../src/memory.js';
import type { WasmExports } from '../src/exports.js';
import { broadcastPlan } from '../src/kernels/elementwise.js';
import { createWasmBackend } from '../src/index.js';

describe('heap', () => {
  it('rounds requests to size classes that hold them', () => {
    for (const bytes of [1, 63, 64, 65, 4096, 4097, 10_000, 123_456_789]) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      expect(c % 64).toBe(0);
      expect(c).toBeLessThanOrEqual(Math.max(64, bytes * 1.125 + 64));
    }
  });

  it('reuses freed blocks and re-creates views after the memory grows', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 100 });
    const heap = new Heap(memory, 1024, 100 * 65536);
    const a = heap.writeF32([1, 2, 3]);
    const view = heap.f32;
    const big = heap.alloc(3 * 65536);
    expect(memory.buffer.byteLength).toBeGreaterThan(3 * 65536);
    expect(view.length).toBe(0); // detached by the growth
    expect(Array.from(heap.readF32(a, 3))).toEqual([1, 2, 3]);
    heap.free(big);
    expect(heap.alloc(3 * 65536 - 100)).toBe(big);
    expect(() => heap.alloc(200 * 65536)).toThrow(UnsupportedError);
  });
});

describe('backend memory', () => {
  it('frees every tensor on dispose and leaves nothing after a rejected op', async () => {
    const b = await createWasmBackend();
    const before = b.liveBytes();
    const x = tensor(b, new Float32Array(2 * 3 * 8 * 8).fill(0.5), [2, 3, 8, 8]);
    const w = tensor(b, new Float32Array(4 * 3 * 3 * 3).fill(0.25), [4, 3, 3, 3]);
    const y = scope(() => ops.relu({ x: ops.conv2d({ x, w }, { pads: [1, 1, 1, 1] }) }));
    expect((await y.data()).length).toBe(2 * 4 * 8 * 8);
    expect(() => ops.conv2d({ x, w: tensor(b, new Float32Array(9), [1, 1, 3, 3]) })).toThrow(ShapeError);
    for (const t of [x, w, y]) t.dispose();
    // The rejected op's kernel tensor was created by the test and is still live: count it.
    expect(liveTensorCount(b)).toBe(1);
    expect(b.liveBytes()).toBe(before + 64);
    b.dispose();
  });

  it('keeps tensors readable across heap growth', async () => {
    const b = await createWasmBackend();
    const first = tensor(b, [1, 2, 3, 4], [4]);
    const big = tensor(b, new Float32Array(8 * 1024 * 1024), [8 * 1024 * 1024]);
    expect(Array.from(await first.data())).toEqual([1, 2, 3, 4]);
    expect((await big.data()).length).toBe(8 * 1024 * 1024);
    b.dispose();
  });
});

describe('kernel status', () => {
  it('turns a non-zero status into an UnsupportedError naming the op', () => {
    expect(() => checkStatus(0, 'conv2d', 'convSample')).not.toThrow();
    try {
      checkStatus(2, 'conv2d', 'convSample');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedError);
      expect((error as UnsupportedError).op).toBe('conv2d');
      expect((error as UnsupportedError).arg).toContain('convSample');
    }
  });
});

describe('the backend memory', () => {
  it('tries smaller maximums where a shared 4 GiB reservation is refused, then gives up with a typed error', () => {
    const tried: number[] = [];
    const refuseAbove = (pages: number) =>
      class {
        constructor(d: { maximum?: number; shared?: boolean }) {
          tried.push(d.maximum ?? 0);
          if ((d.maximum ?? 0) > pages) throw new RangeError('could not allocate memory');
          return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: d.shared } as WebAssembly.MemoryDescriptor);
        }
      } as unknown as typeof WebAssembly.Memory;
    const { maxBytes } = createMemory(true, refuseAbove(4096));
    expect(tried).toEqual([65536, 16384, 4096]);
    expect(maxBytes).toBe(4096 * 65536);
    expect(() => createMemory(true, refuseAbove(0))).toThrow(
      expect.objectContaining({ name: 'BackendInitError', arg: 'memory', actual: expect.stringContaining('could not allocate memory') }),
    );
    // The real constructor here grants the full 4 GiB.
    expect(createMemory(false).maxBytes).toBe(65536 * 65536);
  });
});

describe('kernel preconditions', () => {
  // Every kernel the glue calls returns a status; after the core's validation none should ever be
  // non-zero, so these call the exports directly with arguments the glue never passes.
  it('report a range or geometry they cannot run as a status instead of touching memory', async () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const instance = await WebAssembly.instantiate(await loadModule('dcnn-simd'), { env: { memory } });
    const k = instance.exports as unknown as WasmExports;
    const p = 1024;
    expect(k.dense(p, p, 0, p, 1, 4, 8, 0, 0, 9)).toBe(2); // outputs past O
    expect(k.dense(p, p, 0, p, 1, 4, 8, 0, 3, 2)).toBe(2); // a reversed range
    expect(k.unary(p, p, 0, 0, 0, 2, 1)).toBe(1);
    expect(k.batchNorm(p, p, p, p, p, p, -2, 4, 1e-5, 0, 1)).toBe(1);
    expect(k.batchNorm(p, p, p, p, p, p, 0, 4, 1e-5, 0, 1)).toBe(1);
    expect(k.binary(p, p, p, p, 1, 0, p, 0, -1)).toBe(1);
    expect(k.pool2d(p, p, 1, 4, 4, 2, 2, 0, 2, 2, 2, 1, 1, 0, 0, 0, 0, 1, 0)).toBe(1); // a 0-tap window
    expect(k.softmax(p, p, 1, -1, 1, 1)).toBe(1);
    expect(k.copyBlocks(p, p, -1, 4, 0, 0)).toBe(1);
    expect(k.aggregateBias(p, p, -1, 4, p)).toBe(1);
    expect(k.packWeights(p, p, -4, 9)).toBe(1);
    // And the same calls in range succeed.
    expect(k.dense(p, p, 0, 2048, 1, 4, 8, 0, 0, 8)).toBe(0);
    expect(k.softmax(p, 2048, 1, 4, 1, 1)).toBe(0);
  });
});

describe('broadcast plan', () => {
  it('merges contiguous axes and drops unit axes', () => {
    // Per-channel broadcast: [2,3,4,5] * [1,3,1,1] → runs of 20 with b fixed per channel.
    expect(broadcastPlan([2, 3, 4, 5], [1, 3, 1, 1], [2, 3, 4, 5])).toEqual([[2, 60, 0], [3, 20, 1], [20, 1, 0]]);
    expect(broadcastPlan([4, 5], [4, 5], [4, 5])).toEqual([[20, 1, 1]]);
    expect(broadcastPlan([], [], [])).toEqual([[1, 0, 0]]);
  });
});
