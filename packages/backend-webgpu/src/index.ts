/**
 * @dcnn/backend-webgpu: every op of SPEC.md as WGSL compute kernels, in browsers
 * (`navigator.gpu`) and in Node through the `webgpu` package (Dawn).
 */
export { createWebGPUBackend, type WebGPUBackend, type WebGPUBackendOptions } from './backend.js';
export { webgpuBackendFactory } from './factory.js';
export { DeviceLostError } from './device/errors.js';
export { setupVulkan, SWIFTSHADER_ICD, type VulkanSetup } from './device/node-dawn.js';
export type { GpuTensor, GpuStorage } from './runtime/tensor-storage.js';
export type { ContextOptions } from './runtime/context.js';
// A type only (the backend's `context`), not a constructor to import. A type alias because the
// dts bundler writes a class re-exported with `export type { GpuContext }` as a value export.
import type { GpuContext as Context } from './runtime/context.js';
export type GpuContext = Context;
export type { PoolStats } from './runtime/buffer-pool.js';
