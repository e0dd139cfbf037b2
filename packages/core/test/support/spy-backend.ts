/**
 * A reference backend that counts kernel calls, uploads, frees and disposals, so tests can show
 * that a rejected call reached no kernel and that every handle is freed exactly once.
 */
import { createReferenceBackend, type Backend, type KernelMap } from '../../src/index.js';

export interface SpyBackend extends Backend<Float64Array> {
  readonly counts: { kernels: number; uploads: number; frees: number; disposes: number };
}

export function spyBackend(name = 'spy'): SpyBackend {
  const inner = createReferenceBackend();
  const counts = { kernels: 0, uploads: 0, frees: 0, disposes: 0 };
  const kernels: Record<string, unknown> = {};
  for (const [op, kernel] of Object.entries(inner.kernels) as [string, (...args: unknown[]) => unknown][]) {
    kernels[op] = (...args: unknown[]) => {
      counts.kernels++;
      return kernel(...args);
    };
  }
  return {
    ...inner,
    name,
    counts,
    kernels: kernels as KernelMap<Float64Array>,
    upload: (data, shape) => {
      counts.uploads++;
      return inner.upload(data, shape);
    },
    free: (handle) => {
      counts.frees++;
      inner.free(handle);
    },
    dispose: () => {
      counts.disposes++;
      inner.dispose();
    },
  };
}
