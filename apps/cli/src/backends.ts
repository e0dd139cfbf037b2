/** The backends this CLI knows, in one registry. A new backend package adds its factory here. */
import { BackendRegistry, referenceBackendFactory, referenceF32BackendFactory } from '@dcnn/core';
import { webgpuBackendFactory } from '@dcnn/backend-webgpu';
import { wasmBackendFactory } from '@dcnn/backend-wasm';

export function createRegistry(): BackendRegistry {
  return new BackendRegistry().register(referenceBackendFactory).register(referenceF32BackendFactory).register(webgpuBackendFactory()).register(wasmBackendFactory);
}
