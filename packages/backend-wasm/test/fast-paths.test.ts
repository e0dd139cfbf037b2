import { describe, expect, it } from 'vitest';
import { compareOutputs, createReferenceBackend, ops, tensor, tolerances, type AnyBackend, type Tensor } from '@dcnn/core';
import { createWasmBackend } from '../src/index.js';

// The catalogue's shapes are small; these are big enough to take the kernels' fast paths
// (8 pixels on one output row, interior columns, 3×3 depthwise at strides 1 and 2, cached
// packed weights reused across calls and groups).
function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 31 - 1;
  });
}
const t = (b: AnyBackend, shape: number[], seed: number) => tensor(b, random(shape.reduce((p, d) => p * d, 1), seed), shape);

const cases: Record<string, (b: AnyBackend) => Tensor> = {
  'conv 3x3 stride 2 (stem-like)': (b) => ops.conv2d({ x: t(b, [1, 3, 45, 47], 1), w: t(b, [10, 3, 3, 3], 2) }, { strides: [2, 2], pads: [1, 1, 1, 1], activation: 'relu6' }),
  'conv 3x3 stride 2 dilation 2': (b) => ops.conv2d({ x: t(b, [1, 4, 40, 40], 3), w: t(b, [6, 4, 3, 3], 4) }, { strides: [2, 2], pads: [2, 2, 2, 2], dilations: [2, 2] }),
  'conv 3x3 stride 1 wide rows': (b) => ops.conv2d({ x: t(b, [2, 5, 20, 33], 5), w: t(b, [7, 5, 3, 3], 6), b: t(b, [7], 7) }, { pads: [1, 1, 1, 1] }),
  'depthwise 3x3 stride 2': (b) => ops.conv2d({ x: t(b, [1, 12, 30, 31], 8), w: t(b, [12, 1, 3, 3], 9), b: t(b, [12], 10) }, { strides: [2, 2], pads: [1, 1, 1, 1], group: 12, activation: 'relu6' }),
  'depthwise 3x3 stride 1 dilation 2': (b) => ops.conv2d({ x: t(b, [1, 6, 21, 22], 11), w: t(b, [6, 1, 3, 3], 12) }, { pads: [2, 2, 2, 2], dilations: [2, 2], group: 6 }),
  'depthwise 5x5 stride 3': (b) => ops.conv2d({ x: t(b, [1, 4, 26, 27], 13), w: t(b, [8, 1, 5, 5], 14) }, { strides: [3, 3], pads: [2, 1, 2, 1], group: 4 }),
  'deform with mask, 2 offset groups': (b) =>
    ops.deformConv2d(
      { x: t(b, [1, 8, 17, 19], 15), w: t(b, [6, 8, 3, 3], 16), offset: tensor(b, random(36 * 17 * 19, 17).map((v) => 3 * v), [1, 36, 17, 19]), mask: t(b, [1, 18, 17, 19], 18) },
      { pads: [1, 1, 1, 1], offsetGroup: 2 },
    ),
};

describe('fast paths agree with the reference', () => {
  for (const [name, program] of Object.entries(cases)) {
    it(name, async () => {
      const wasm = await createWasmBackend();
      const ref = createReferenceBackend();
      const c = compareOutputs(await program(wasm).data(), await program(ref).data(), tolerances['float32-cpu']);
      expect(c.reason).toBeUndefined();
      wasm.dispose();
    });
  }

  it('repacks a cached weight used with another group count', async () => {
    const wasm = await createWasmBackend();
    const ref = createReferenceBackend();
    const run = async (b: AnyBackend) => {
      const w = t(b, [8, 2, 3, 3], 20);
      const a = ops.conv2d({ x: t(b, [1, 4, 12, 12], 21), w }, { pads: [1, 1, 1, 1], group: 2 });
      const c = ops.conv2d({ x: t(b, [1, 8, 12, 12], 22), w }, { pads: [1, 1, 1, 1], group: 4 });
      return [...(await a.data()), ...(await c.data())];
    };
    expect(compareOutputs(await run(wasm), await run(ref), tolerances['float32-cpu']).reason).toBeUndefined();
    wasm.dispose();
  });
});
