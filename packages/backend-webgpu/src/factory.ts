/** How the registry and the CLI know the webgpu backend without starting it. */
import type { BackendFactory } from '@dcnn/core';
import { createWebGPUBackend, type WebGPUBackendOptions } from './backend.js';

export function webgpuBackendFactory(options: WebGPUBackendOptions = {}): BackendFactory {
  return {
    name: 'webgpu',
    priority: 80,
    description: 'WGSL compute kernels on a GPU (browser navigator.gpu, or Dawn in Node; float32)',
    create: () => createWebGPUBackend(options),
  };
}
