/**
 * The reference backend: the executable meaning of SPEC.md and the oracle for every other
 * backend. Data is held as Float64Array and every kernel accumulates in float64. The
 * `float32` variant rounds each op's output to float32, the "reference in float32" row of
 * SPEC.md's tolerance table.
 */
import { BACKEND_SPEC_VERSION, type Backend, type BackendFactory, type KernelMap } from '../backend.js';
import type { OpName } from '../ops/signatures.js';
import { referenceKernels } from './kernels.js';

export interface ReferenceOptions {
  /** `float64` (default): the oracle. `float32`: outputs rounded to float32 after each op. */
  precision?: 'float64' | 'float32';
}

function roundToFloat32(kernels: KernelMap<Float64Array>): KernelMap<Float64Array> {
  const rounded: Record<string, unknown> = {};
  for (const [op, kernel] of Object.entries(kernels) as [OpName, (...args: unknown[]) => Float64Array | Float64Array[]][]) {
    rounded[op] = (...args: unknown[]) => {
      const out = kernel(...args);
      const round = (a: Float64Array) => Float64Array.from(new Float32Array(a));
      return Array.isArray(out) ? out.map(round) : round(out);
    };
  }
  return rounded as KernelMap<Float64Array>;
}

export function createReferenceBackend(options: ReferenceOptions = {}): Backend<Float64Array> {
  const precision = options.precision ?? 'float64';
  const kernels: KernelMap<Float64Array> = precision === 'float32' ? roundToFloat32(referenceKernels) : referenceKernels;
  return {
    specificationVersion: BACKEND_SPEC_VERSION,
    name: precision === 'float32' ? 'reference-f32' : 'reference',
    precision: precision === 'float32' ? 'float32-cpu' : 'float64',
    kernels,
    upload: (data) => Float64Array.from(data),
    read: async (handle) => new Float32Array(handle),
    readFloat64: async (handle) => handle.slice(),
    free: () => {},
    dispose: () => {},
  };
}

export const referenceBackendFactory: BackendFactory = {
  name: 'reference',
  priority: 0,
  description: 'plain TypeScript, float64 accumulation: the oracle (always available, slowest)',
  create: async () => createReferenceBackend(),
};

export const referenceF32BackendFactory: BackendFactory = {
  name: 'reference-f32',
  priority: -1,
  description: 'the reference with every op output rounded to float32 (a float32 CPU baseline)',
  create: async () => createReferenceBackend({ precision: 'float32' }),
};
