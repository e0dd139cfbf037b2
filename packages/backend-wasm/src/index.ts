/**
 * @dcnn/backend-wasm: the WebAssembly SIMD backend of dcnn. Register `wasmBackendFactory` with a
 * `BackendRegistry`, or call `createWasmBackend({ threads })`.
 */
export { createWasmBackend, wasmBackendFactory, wasmBackendFactoryWith, type WasmBackend, type WasmBackendOptions } from './backend.js';
export type { WasmTensor } from './kernels/context.js';
export { relaxedSimdSupported, simdSupported, type Variant } from './load.js';
export { threadSupport, type ThreadEnvironment } from './threads/pool.js';
