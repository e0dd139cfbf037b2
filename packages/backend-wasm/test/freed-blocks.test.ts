/**
 * Use-after-free: every test of this package runs with freed blocks poisoned
 * (setup-poison-freed.ts, vitest.config.ts); this checks the poisoning itself, and a path that
 * once read a freed block (the fuzz regressions hold a case for it too).
 */
import { describe, expect, it, vi } from 'vitest';
import { UnsupportedError, compareOutputs, createReferenceBackend, ops, tensor, tolerances } from '@dcnn/core';
import { Heap } from '../src/heap.js';
import { createWasmBackend } from '../src/index.js';

function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}

describe('no kernel reads a freed block', () => {
  it('the poisoning works: a freed block reads NaN', () => {
    const heap = new Heap(new WebAssembly.Memory({ initial: 1 }), 64, 65536);
    const ptr = heap.alloc(16);
    heap.f32.set([1, 2, 3, 4], ptr >>> 2);
    heap.free(ptr);
    expect([...heap.f32.subarray(ptr >>> 2, (ptr >>> 2) + 4)].every(Number.isNaN)).toBe(true);
  });

  it.each([1, 2])('conv2d on the Winograd path, a batch whose first sample holds +Infinity (%i threads)', async (threads) => {
    const ref = createReferenceBackend();
    const wasm = await createWasmBackend({ threads });
    const [N, C, M, H] = [3, 16, 16, 10];
    const xData = seeded(N * C * H * H, 7);
    xData[5] = Infinity; // sample 0 only: it takes the GEMM, samples 1 and 2 stay on Winograd
    const wData = seeded(M * C * 9, 8);
    const attrs = { pads: [1, 1, 1, 1] as [number, number, number, number] };
    // A first call caches the Winograd transform of w, as a model's earlier pass would.
    const w = tensor(wasm, wData, [M, C, 3, 3]);
    ops.conv2d({ x: tensor(wasm, seeded(C * H * H, 9), [1, C, H, H]), w }, attrs).dispose();
    const got = await ops.conv2d({ x: tensor(wasm, xData, [N, C, H, H]), w }, attrs).data();
    const want = await ops.conv2d({ x: tensor(ref, xData, [N, C, H, H]), w: tensor(ref, wData, [M, C, 3, 3]) }, attrs).data();
    const per = M * H * H;
    for (let n = 1; n < N; n++) {
      const verdict = compareOutputs(got.subarray(n * per, (n + 1) * per), want.subarray(n * per, (n + 1) * per), tolerances['float32-cpu']);
      expect(verdict.reason, `sample ${n}`).toBeUndefined();
    }
    wasm.dispose();
  });

  it('a weight whose cached form could not be replaced (heap full) is packed afresh, not read from the freed block', async () => {
    const ref = createReferenceBackend();
    const wasm = await createWasmBackend();
    const [C, M] = [16, 16];
    const wData = seeded(M * C * 9, 3);
    const bigData = seeded(C * 100, 4);
    const w = tensor(wasm, wData, [M, C, 3, 3]);
    // A 10×10 map takes Winograd, which caches the weight's transform (16 KiB).
    const first = await ops.conv2d({ x: tensor(wasm, bigData, [1, C, 10, 10]), w }).data();
    // A 4×4 map takes the GEMM, which needs the im2col panels (9 KiB) instead: the heap is full.
    const panelBytes = Math.ceil(M / 4) * 4 * C * 9 * 4;
    const alloc = Heap.prototype.alloc;
    const spy = vi.spyOn(Heap.prototype, 'alloc').mockImplementation(function (this: Heap, bytes: number, op?: string) {
      if (bytes === panelBytes) throw new UnsupportedError({ op: op ?? '?', arg: 'wasm heap', expected: 'room', actual: 'none (simulated)' });
      return alloc.call(this, bytes, op);
    });
    try {
      expect(() => ops.conv2d({ x: tensor(wasm, seeded(C * 16, 5), [1, C, 4, 4]), w })).toThrow(UnsupportedError);
    } finally {
      spy.mockRestore();
    }
    // The freed transform's block now belongs to another tensor.
    const other = tensor(wasm, new Float32Array(4096).fill(0.5), [4096]);
    const again = await ops.conv2d({ x: tensor(wasm, bigData, [1, C, 10, 10]), w }).data();
    const want = await ops.conv2d({ x: tensor(ref, bigData, [1, C, 10, 10]), w: tensor(ref, wData, [M, C, 3, 3]) }).data();
    expect(compareOutputs(again, want, tolerances['float32-cpu']).reason).toBeUndefined();
    expect([...again]).toEqual([...first]);
    // Freeing the weight frees its own cached form, not the other tensor's block.
    w.dispose();
    const filler = tensor(wasm, new Float32Array(4096).fill(5), [4096]);
    expect((await other.data()).every((v) => v === 0.5)).toBe(true);
    filler.dispose();
    wasm.dispose();
  });
});
