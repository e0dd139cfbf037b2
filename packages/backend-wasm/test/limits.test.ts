// Geometry the wasm kernels cannot index (they use 32-bit integers) is refused with a typed error
// naming the attribute, where it once wrapped around into wrong results or a raw trap; and a trap
// is the same typed error whichever thread hit it.
import { describe, expect, it } from 'vitest';
import { type AnyBackend, UnsupportedError, compareOutputs, createReferenceBackend, ops, tensor, tolerances, type Tensor } from '@dcnn/core';
import { createWasmBackend } from '../src/index.js';
import { MAX_PADDED_PLANE } from '../src/kernels/spatial-limits.js';

type Pads = [number, number, number, number];
type Pair = [number, number];
const ones = (shape: number[]) => new Float32Array(shape.reduce((p, d) => p * d, 1)).fill(1);

describe('geometry beyond what the kernels index', () => {
  // Each of these once gave a wrong result or a RuntimeError on wasm (the reference computes them).
  const refused: { name: string; arg: string; run: (t: (shape: number[]) => Tensor) => Tensor }[] = [
    { name: 'conv2d, strides and pads of 2^32', arg: 'strides', run: (t) => ops.conv2d({ x: t([1, 2, 1, 1]), w: t([2, 2, 1, 1]) }, { strides: [2 ** 32, 1], pads: [2 ** 32, 0, 0, 0] }) },
    { name: 'conv2d, pads of 2^30', arg: 'pads', run: (t) => ops.conv2d({ x: t([1, 1, 1, 1]), w: t([1, 1, 1, 1]) }, { strides: [2 ** 28, 1], pads: [2 ** 30, 0, 2 ** 30, 0] }) },
    { name: 'conv2d, pads of 1e5 on a 1×1 input', arg: 'pads', run: (t) => ops.conv2d({ x: t([1, 1, 1, 1]), w: t([1, 1, 1, 1]) }, { strides: [1e5, 1e5], pads: [1e5, 1e5, 1e5, 1e5] }) },
    {
      name: 'dynamicConv2d, dilations of 2^31',
      arg: 'dilations',
      run: (t) => ops.dynamicConv2d({ x: t([1, 1, 4, 4]), w: t([2, 1, 1, 1, 1]), a: t([1, 2]) }, { dilations: [2 ** 31, 1] }),
    },
    {
      name: 'deformConv2d, pads of 2^15 each side',
      arg: 'pads',
      run: (t) => ops.deformConv2d({ x: t([1, 1, 1, 1]), w: t([1, 1, 1, 1]), offset: t([1, 2, 2, 2]) }, { pads: [2 ** 15, 2 ** 15, 2 ** 15, 2 ** 15], strides: [2 ** 16, 2 ** 16] }),
    },
    { name: 'maxPool2d, strides of 2^31', arg: 'strides', run: (t) => ops.maxPool2d({ x: t([1, 1, 2, 2]) }, { kernel: [1, 1], strides: [2 ** 31, 1] }) },
    { name: 'avgPool2d, pads of 2^15 each side', arg: 'pads', run: (t) => ops.avgPool2d({ x: t([1, 1, 1, 1]) }, { kernel: [1, 1], pads: [2 ** 15, 2 ** 15, 2 ** 15, 2 ** 15] as Pads, strides: [2 ** 16, 2 ** 16] as Pair }) },
  ];

  it.each(refused)('$name: an UnsupportedError naming $arg, nothing left allocated', async ({ arg, run }) => {
    const wasm = await createWasmBackend();
    const before = wasm.liveBytes();
    const inputs: Tensor[] = [];
    const t = (shape: number[]) => {
      const x = tensor(wasm, ones(shape), shape);
      inputs.push(x);
      return x;
    };
    let error: unknown;
    try {
      run(t).dispose();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(error).toMatchObject({ arg, expected: expect.stringMatching(/32-bit integers/) });
    for (const x of inputs) x.dispose();
    expect(wasm.liveBytes()).toBe(before);
    wasm.dispose();
  });

  it('large pads on a small input within the bound still compute what the reference computes', async () => {
    const wasm = await createWasmBackend();
    const ref = createReferenceBackend();
    const attrs = { strides: [7, 5] as Pair, pads: [900, 3, 1100, 1500] as Pads };
    expect((3 + 2000) * (2 + 1503)).toBeLessThan(MAX_PADDED_PLANE);
    const x = Float32Array.from({ length: 2 * 3 * 2 }, (_, i) => i - 5.5);
    const w = Float32Array.from({ length: 3 * 2 * 9 }, (_, i) => Math.sin(i));
    const run = (b: AnyBackend) => ops.conv2d({ x: tensor(b, x, [1, 2, 3, 2]), w: tensor(b, w, [3, 2, 3, 3]) }, attrs).data();
    const [got, want] = await Promise.all([run(wasm), run(ref)]);
    expect(got.length).toBe(want.length);
    expect(compareOutputs(got, want, tolerances['float32-cpu']).reason).toBeUndefined();
    wasm.dispose();
  });
});

describe('a trap inside a kernel', () => {
  it.each([1, 2])('is an UnsupportedError naming the op on %i thread(s), and frees the output', async (threads) => {
    const wasm = await createWasmBackend({ threads });
    const before = wasm.liveBytes();
    // A handle past the end of memory: the kernel's first load traps (on every thread's chunk).
    const length = 1 << 16;
    const bogus = { handle: { ptr: 2 ** 32 - 64, length }, shape: [length] };
    let error: unknown;
    try {
      (wasm.kernels.relu as (...a: unknown[]) => unknown)({ x: bogus }, {}, [[length]]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(error).toMatchObject({ op: 'relu' });
    expect(wasm.liveBytes()).toBe(before);
    wasm.dispose();
  });
});
