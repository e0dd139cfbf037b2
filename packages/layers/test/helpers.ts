/** Test helpers: one float64 reference backend, seeded inputs, and comparisons. */
import { createReferenceBackend, tensor, type Shape, type Tensor } from '@dcnn/core';
import { expect } from 'vitest';
import { Rng } from '../src/index.js';

export const backend = createReferenceBackend();

/** A seeded random tensor in [-1, 1). */
export function randomTensor(shape: Shape, seed = 1): Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(backend, Float32Array.from({ length: n }, () => rng.uniform(-1, 1)), shape);
}

export function fromValues(values: number[], shape: Shape): Tensor {
  return tensor(backend, values, shape);
}

/** Max |a − b| over two tensors of one shape. */
export async function maxDiff(a: Tensor, b: Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = await Promise.all([a.data64(), b.data64()]);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

export async function expectClose(a: Tensor, b: Tensor, tol = 1e-9): Promise<void> {
  expect(await maxDiff(a, b)).toBeLessThan(tol);
}

/** Sets a module tensor by dotted name from plain values. */
export function setValues(module: { setTensor(name: string, t: Tensor): void; findSlot(name: string): { shape: Shape } }, name: string, values: number[] | ((i: number) => number)): void {
  const shape = module.findSlot(name).shape;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = typeof values === 'function' ? Array.from({ length: n }, (_, i) => values(i)) : values;
  module.setTensor(name, tensor(backend, data, shape));
}
