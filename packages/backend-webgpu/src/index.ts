/**
 * @dcnn/backend-webgpu: every op of SPEC.md as WGSL compute kernels, in browsers
 * (`navigator.gpu`) and in Node through the `webgpu` package (Dawn).
 */
export { createWebGPUBackend, type WebGPUBackend, type WebGPUBackendOptions } from './backend.js';
export { webgpuBackendFactory } from './factory.js';
export { DeviceLostError } from './device/errors.js';
export { setupVulkan, SWIFTSHADER_ICD, type VulkanSetup } from './device/node-dawn.js';
export type { GpuTensor, GpuStorage } from './runtime/tensor-storage.js';
export type { GpuContext, ContextOptions } from './runtime/context.js';
export type { PoolStats } from './runtime/buffer-pool.js';
