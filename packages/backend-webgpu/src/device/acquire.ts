/**
 * Finding a GPUDevice: the one given, or `navigator.gpu` in a browser, or Dawn in Node. Every
 * failure is a BackendInitError that says what is missing. The device gets the adapter's
 * highest limits for what the kernels use (binding sizes, workgroup storage and size,
 * dispatch dimensions), so work is split only where the hardware requires it.
 */
import { BackendInitError } from '@dcnn/core';
import { lastVulkanSetup, nodeGpu } from './node-dawn.js';

export interface DeviceOptions {
  /** Use this device (the caller keeps ownership: dispose() will not destroy it). */
  device?: GPUDevice;
  /** Use this GPU object instead of navigator.gpu / Dawn. */
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
  /** Features the caller needs; missing ones are a BackendInitError. */
  requiredFeatures?: GPUFeatureName[];
}

export interface AcquiredDevice {
  device: GPUDevice;
  /** Held so the GPU instance lives as long as the device. */
  gpu: GPU | undefined;
  owned: boolean;
  adapterInfo: string;
  isFallbackAdapter: boolean;
}

const RAISED_LIMITS = [
  'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxComputeWorkgroupsPerDimension', 'maxStorageBuffersPerShaderStage',
] as const;

/** Features used when present (timestamps for benchmarks). */
const OPTIONAL_FEATURES: GPUFeatureName[] = ['timestamp-query'];

function initError(arg: string, expected: string, actual: string): BackendInitError {
  return new BackendInitError({ op: 'webgpu', arg, expected, actual });
}

async function findGpu(options: DeviceOptions): Promise<GPU> {
  if (options.gpu) return options.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (typeof process !== 'undefined' && process.versions?.node) return nodeGpu();
  throw initError('navigator.gpu', 'a browser with WebGPU (Chromium: start with --enable-unsafe-webgpu where it is not on by default)', 'navigator.gpu is undefined');
}

function describeAdapter(adapter: GPUAdapter): { text: string; fallback: boolean } {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean);
  const fallback = Boolean(info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  return { text: parts.join(' ') || 'unknown adapter', fallback };
}

export async function acquireDevice(options: DeviceOptions = {}): Promise<AcquiredDevice> {
  if (options.device) return { device: options.device, gpu: options.gpu, owned: false, adapterInfo: 'caller-provided device', isFallbackAdapter: false };
  const gpu = await findGpu(options);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference });
  } catch (error) {
    throw initError('adapter', 'a WebGPU adapter', `requestAdapter() failed: ${(error as Error).message}`);
  }
  if (!adapter) {
    const vulkan = lastVulkanSetup && !options.gpu
      ? ` (Dawn found no usable Vulkan device: loader ${lastVulkanSetup.loader ?? 'the system default'}, driver manifest ${lastVulkanSetup.icd ?? 'the system default'})`
      : '';
    throw initError('adapter', 'a WebGPU adapter (a GPU driver; in Node a Vulkan driver such as SwiftShader via VK_ICD_FILENAMES)', `requestAdapter() returned null${vulkan}`);
  }
  const missing = (options.requiredFeatures ?? []).filter((f) => !adapter.features.has(f));
  if (missing.length) throw initError('adapter features', `the features ${(options.requiredFeatures ?? []).join(', ')}`, `an adapter without ${missing.join(', ')}`);
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const requiredFeatures = [...(options.requiredFeatures ?? []), ...OPTIONAL_FEATURES.filter((f) => adapter.features.has(f))];
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures: [...new Set(requiredFeatures)] });
  } catch (error) {
    throw initError('device', 'a WebGPU device', `requestDevice() failed: ${(error as Error).message}`);
  }
  const { text, fallback } = describeAdapter(adapter);
  return { device, gpu, owned: true, adapterInfo: text, isFallbackAdapter: fallback };
}
