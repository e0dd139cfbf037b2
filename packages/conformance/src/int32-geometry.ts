/**
 * `defineInt32GeometrySuite`: for backends that index with 32-bit integers (wasm, WebGPU),
 * geometry past `checkInt32Geometry`'s bounds must be an UnsupportedError naming the attribute,
 * with nothing left allocated, where it used to wrap around into wrong results, raw traps or a
 * crash of the process; and large pads within the bounds must still match the reference.
 * The reference computes every one of these.
 */
import { type AnyBackend, MAX_PADDED_PLANE, type Tensor, UnsupportedError, compareOutputs, createReferenceBackend, liveTensorCount, ops, sizeOf, tensor, tolerances } from '@dcnn/core';
import type { SuiteApi } from './suite.js';

type Make = (shape: number[]) => Tensor;
type Pads = [number, number, number, number];
type Pair = [number, number];

/** Each once computed garbage or trapped on wasm; the first also on WebGPU, the third crashed it. */
export const int32GeometryCases: readonly { name: string; arg: 'pads' | 'strides' | 'dilations'; run: (t: Make) => Tensor }[] = [
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
  {
    name: 'avgPool2d, pads of 2^15 each side',
    arg: 'pads',
    run: (t) => ops.avgPool2d({ x: t([1, 1, 1, 1]) }, { kernel: [1, 1], pads: [2 ** 15, 2 ** 15, 2 ** 15, 2 ** 15] as Pads, strides: [2 ** 16, 2 ** 16] as Pair }),
  },
];

export interface Int32GeometryOptions {
  /** What the backend holds (bytes, buffers: any count a free returns), checked unchanged after each refusal. */
  inUse?: (backend: AnyBackend) => number;
  title?: string;
}

export function defineInt32GeometrySuite(api: SuiteApi, createBackend: () => Promise<AnyBackend> | AnyBackend, options: Int32GeometryOptions = {}): void {
  api.describe(options.title ?? 'geometry past 32-bit indexing', () => {
    let backend: AnyBackend;
    api.beforeAll(async () => {
      backend = await createBackend();
    });
    api.afterAll(() => backend?.dispose());
    for (const c of int32GeometryCases) {
      api.it(`${c.name}: an UnsupportedError naming ${c.arg}, nothing left allocated`, async () => {
        const held = options.inUse?.(backend);
        const inputs: Tensor[] = [];
        const make: Make = (shape) => {
          const x = tensor(backend, new Float32Array(sizeOf(shape)).fill(1), shape);
          inputs.push(x);
          return x;
        };
        const tensors = liveTensorCount(backend);
        let error: unknown;
        try {
          c.run(make).dispose();
        } catch (e) {
          error = e;
        }
        for (const x of inputs) x.dispose();
        const leftTensors = liveTensorCount(backend) - tensors;
        if (!(error instanceof UnsupportedError)) throw new Error(`expected an UnsupportedError, got ${error === undefined ? 'a result' : String(error)}`);
        if (error.arg !== c.arg || !/32-bit integers/.test(error.expected)) throw new Error(`the error names ${error.arg} (${error.expected}), not ${c.arg}`);
        if (leftTensors !== 0) throw new Error(`${leftTensors} tensor(s) left alive by the refused op`);
        const after = options.inUse?.(backend);
        if (after !== held) throw new Error(`the backend holds ${after} after the refused op, ${held} before`);
      });
    }
    api.it('large pads on a small input within the bounds still compute what the reference computes', async () => {
      const attrs = { strides: [7, 5] as Pair, pads: [900, 3, 1100, 1500] as Pads };
      if ((3 + 2000) * (2 + 1503) >= MAX_PADDED_PLANE) throw new Error('the case is meant to be within the bound');
      const x = Float32Array.from({ length: 2 * 3 * 2 }, (_, i) => i - 5.5);
      const w = Float32Array.from({ length: 3 * 2 * 9 }, (_, i) => Math.sin(i));
      const run = (b: AnyBackend) => ops.conv2d({ x: tensor(b, x, [1, 2, 3, 2]), w: tensor(b, w, [3, 2, 3, 3]) }, attrs).data();
      const [got, want] = [await run(backend), await run(createReferenceBackend())];
      const verdict = compareOutputs(got, want, tolerances[backend.precision]);
      if (verdict.reason) throw new Error(verdict.reason);
    });
  });
}
