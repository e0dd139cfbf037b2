// A page as a user's app would write it: the published entry point, bundled with the bundler's
// default settings. It creates the WebGPU backend and reports what bundleOps computes (checked in
// bundle.test.ts).
import { createWebGPUBackend } from '@dcnn/backend-webgpu';
import { ops, tensor } from '@dcnn/core';
import { bundleOps } from './ops.js';

createWebGPUBackend()
  .then(async (gpu) => {
    const values = Array.from(await bundleOps(gpu, ops, tensor).data());
    window.result = { name: gpu.name, values };
  })
  .catch((error) => {
    window.result = { error: String(error) };
  });
