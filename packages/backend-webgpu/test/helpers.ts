/**
 * Test helpers: one shared webgpu backend per test file, random inputs, and a check that runs
 * an op on it and on the float64 reference and compares at SPEC.md's GPU tolerance.
 */
import { compareOutputs, createReferenceBackend, runOp, tensor, tolerances, type AnyBackend, type OpName, type Tensor } from '@dcnn/core';
import { expect } from 'vitest';

export const reference = createReferenceBackend();

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type InputSpec = number[] | { shape: number[]; data: Float32Array } | { list: number[][] };

function fill(shape: number[], next: () => number, lo = -1, hi = 1): Float32Array {
  const n = shape.reduce((p, d) => p * d, 1);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * next());
}

/** Runs `op` on both backends with the same random inputs and expects agreement. */
export async function expectAgrees(backend: AnyBackend, op: OpName, inputs: Record<string, InputSpec>, attrs: Record<string, unknown> = {}, seed = 1): Promise<void> {
  const next = random(seed);
  const data: Record<string, { shape: number[]; data: Float32Array } | Array<{ shape: number[]; data: Float32Array }>> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    if (Array.isArray(spec)) data[name] = { shape: spec, data: fill(spec, next) };
    else if ('list' in spec) data[name] = spec.list.map((s) => ({ shape: s, data: fill(s, next) }));
    else data[name] = spec;
  }
  const make = (b: AnyBackend): Record<string, Tensor | Tensor[]> =>
    Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.map((t) => tensor(b, t.data, t.shape)) : tensor(b, v.data, v.shape)]));
  const refOut = runOp(op, make(reference) as never, attrs as never) as Tensor | Tensor[];
  const gpuInputs = make(backend);
  const gpuOut = runOp(op, gpuInputs as never, attrs as never) as Tensor | Tensor[];
  const refs = Array.isArray(refOut) ? refOut : [refOut];
  const gpus = Array.isArray(gpuOut) ? gpuOut : [gpuOut];
  expect(gpus.length).toBe(refs.length);
  for (let k = 0; k < refs.length; k++) {
    expect(gpus[k].shape).toEqual(refs[k].shape);
    const cmp = compareOutputs(await gpus[k].data(), await refs[k].data64(), tolerances['float32-gpu']);
    expect(cmp.reason ?? 'ok', `${op} output ${k}`).toBe('ok');
  }
  for (const t of [...Object.values(gpuInputs).flat(), ...gpus]) t.dispose();
}
