/**
 * WebGPU in Node through the `webgpu` package (Dawn). Dawn needs a Vulkan loader and driver;
 * on a machine without a GPU, Chromium's bundled SwiftShader ICD serves as the driver. This
 * module points Vulkan at it when nothing else is configured and, when the system has no
 * Vulkan loader, preloads Chromium's copy, so `dcnn ... --backend webgpu` works out of the box.
 */
import { BackendInitError } from '@dcnn/core';
import { privateRuntimeDir } from './runtime-dir.js';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const CHROMIUM_VULKAN = '/usr/lib/chromium/libvulkan.so.1';
const LOADER_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/usr/local/lib'];
/** dlopen flag: keep the library mapped even when Node closes the handle. */
const RTLD_NODELETE = 0x1000;

/** What `setupVulkan` found or changed, for diagnostics. */
export interface VulkanSetup {
  icd: string | undefined;
  loader: string | undefined;
}

function nodeInit(reason: string, expected: string): BackendInitError {
  return new BackendInitError({ op: 'webgpu', arg: 'Node WebGPU (Dawn)', expected, actual: reason });
}

/** What the last `setupVulkan()` chose (for error messages). */
export let lastVulkanSetup: VulkanSetup | undefined;

/** Chooses the Vulkan driver and loader; throws BackendInitError when there is no loader. */
export async function setupVulkan(): Promise<VulkanSetup> {
  lastVulkanSetup = await chooseVulkan();
  return lastVulkanSetup;
}

async function chooseVulkan(): Promise<VulkanSetup> {
  // Node-only: the comments keep bundlers from resolving it for a browser build (webpack fails on Node's modules).
  const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs');
  const path = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:path');
  const os = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:os');
  const env = process.env;
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && fs.existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (process.platform !== 'linux') return { icd: env.VK_ICD_FILENAMES, loader: undefined };
  // Without XDG_RUNTIME_DIR (CI, containers, root shells) the Vulkan WSI layer prints an
  // "XDG_RUNTIME_DIR is invalid" line on every start; compute never needs it, so give it the
  // user's private folder (one for all processes, see runtime-dir.ts).
  if (!env.XDG_RUNTIME_DIR) {
    const dir = await privateRuntimeDir();
    if (dir) env.XDG_RUNTIME_DIR = dir;
  }
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LOADER_DIRS];
  const system = dirs.map((d) => path.join(d, 'libvulkan.so.1')).find((p) => fs.existsSync(p));
  if (system) return { icd: env.VK_ICD_FILENAMES, loader: system };
  if (!fs.existsSync(CHROMIUM_VULKAN)) {
    throw nodeInit('no Vulkan loader (libvulkan.so.1) on this machine', 'a Vulkan loader: apt-get install -y libvulkan1 (and a driver, e.g. Chromium\'s SwiftShader)');
  }
  // Dawn dlopens "libvulkan.so.1"; once a library of that soname is loaded, the dynamic linker
  // hands it out. process.dlopen rejects it as "not a Node module" after loading it; NODELETE
  // keeps it loaded through that rejection.
  const flags = os.constants.dlopen.RTLD_NOW | os.constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE;
  try {
    process.dlopen({ exports: {} } as NodeJS.Module, CHROMIUM_VULKAN, flags);
  } catch {
    // Expected: the library loaded but registered no Node module.
  }
  return { icd: env.VK_ICD_FILENAMES, loader: CHROMIUM_VULKAN };
}

/**
 * Dawn's instance must outlive every device made from it (collecting it while a device lives
 * crashes the process), so one instance serves the whole process.
 */
let instance: Promise<GPU> | undefined;

/** The process's `GPU` from the `webgpu` package, or BackendInitError saying what is missing. */
export function nodeGpu(): Promise<GPU> {
  instance ??= createNodeGpu().catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

async function createNodeGpu(): Promise<GPU> {
  await setupVulkan();
  const name = 'webgpu';
  let mod: { create(options: string[]): GPU };
  try {
    mod = (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as typeof mod;
  } catch (error) {
    throw nodeInit(`the 'webgpu' package could not be loaded (${(error as Error).message})`, "the 'webgpu' npm package (Dawn for Node), e.g. pnpm add webgpu@0.6.2");
  }
  return mod.create([]);
}
