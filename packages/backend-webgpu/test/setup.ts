/** One webgpu backend per test file, disposed at the end. */
import { afterAll, beforeAll } from 'vitest';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';

export function useGpu(): () => WebGPUBackend {
  let gpu: WebGPUBackend | undefined;
  beforeAll(async () => {
    gpu = await createWebGPUBackend();
  });
  afterAll(() => gpu?.dispose());
  return () => gpu!;
}
