/**
 * The webgpu backend object: kernels from `kernels/`, storage and command batching from
 * `runtime/`. Tensors stay in GPU buffers; `read` is the only place that waits for the GPU.
 */
import { BACKEND_SPEC_VERSION, type Backend, type KernelMap, type Shape } from '@dcnn/core';
import { acquireDevice, type AcquiredDevice, type DeviceOptions } from './device/acquire.js';
import { createKernels } from './kernels/index.js';
import { checkOptions, checkReinitialiseDevice } from './options.js';
import { GpuContext, type ContextOptions } from './runtime/context.js';
import type { GpuTensor } from './runtime/tensor-storage.js';

export interface WebGPUBackendOptions extends DeviceOptions, ContextOptions {}

export interface WebGPUBackend extends Backend<GpuTensor> {
  /** The live context (device, pipeline cache, buffer pool); replaced by `reinitialise()`. */
  readonly context: GpuContext;
  readonly adapterInfo: string;
  /** True on a software adapter (SwiftShader): timings then only compare GPU backends. */
  readonly isFallbackAdapter: boolean;
  /** Waits until every submitted command has finished. */
  sync(): Promise<void>;
  /**
   * Starts again on a new device (after a DeviceLostError). Tensors of the old device are
   * invalid afterwards; using one throws DisposedError. A backend created on your `{ device }`
   * needs your new device here (without one: BackendInitError, and nothing changes).
   */
  reinitialise(device?: GPUDevice): Promise<void>;
}

/** The GPU tensors among a kernel's inputs (a list for concat's `xs`; optional inputs may be absent). */
function inputTensors(inputs: Record<string, { handle: GpuTensor } | { handle: GpuTensor }[] | undefined>): GpuTensor[] {
  return Object.values(inputs).flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v.map((t) => t.handle) : [v.handle]));
}

/**
 * Every kernel checks the device and its inputs before it runs: a kernel allocates its output
 * before its first dispatch, so a lost device or a tensor of an earlier device found only then
 * left that buffer allocated (and an op with nothing to dispatch, such as a softmax over an
 * empty axis, found nothing at all).
 */
function checkedKernels(kernels: KernelMap<GpuTensor>, context: () => GpuContext): KernelMap<GpuTensor> {
  return Object.fromEntries(
    Object.entries(kernels).map(([op, kernel]) => [
      op,
      (inputs: Record<string, { handle: GpuTensor } | { handle: GpuTensor }[] | undefined>, ...rest: unknown[]) => {
        context().checkInputs(op, inputTensors(inputs));
        return (kernel as (...a: unknown[]) => unknown)(inputs, ...rest);
      },
    ]),
  ) as unknown as KernelMap<GpuTensor>;
}

/** The context's options: the caller's, with the adapter's kind where `softwareAdapter` is not given. */
function contextOptions(options: WebGPUBackendOptions, acquired: AcquiredDevice): ContextOptions {
  const { poolBudgetBytes, batchSize, softwareAdapter = acquired.isFallbackAdapter } = options;
  return { poolBudgetBytes, batchSize, softwareAdapter };
}

export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  checkOptions(options);
  let acquired = await acquireDevice(options);
  let generation = 0;
  let context = new GpuContext(acquired.device, generation, contextOptions(options, acquired));
  const kernels = checkedKernels(createKernels(() => context), () => context);
  const backend: WebGPUBackend = {
    specificationVersion: BACKEND_SPEC_VERSION,
    name: 'webgpu',
    precision: 'float32-gpu',
    kernels,
    get context() {
      return context;
    },
    get adapterInfo() {
      return acquired.adapterInfo;
    },
    get isFallbackAdapter() {
      return acquired.isFallbackAdapter;
    },
    // The registry's automatic choice prefers hardware backends (e.g. wasm) over a software GPU.
    get software() {
      return acquired.isFallbackAdapter;
    },
    upload: (data: Float32Array) => context.upload(data),
    read: (handle: GpuTensor, _shape: Shape) => context.read(handle),
    free: (handle: GpuTensor) => context.release(handle),
    sync: () => context.sync(),
    async reinitialise(device?: GPUDevice) {
      checkReinitialiseDevice(options, device);
      context.dispose();
      if (acquired.owned && !context.isLost) acquired.device.destroy();
      acquired = await acquireDevice({ ...options, device });
      context = new GpuContext(acquired.device, ++generation, contextOptions(options, acquired));
    },
    dispose() {
      context.flush();
      context.dispose();
      if (acquired.owned) acquired.device.destroy();
    },
  };
  return backend;
}
