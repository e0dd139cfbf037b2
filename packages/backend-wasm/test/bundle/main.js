// A page as a user's app would write it: the published entry point, bundled by Vite with its
// default settings. It asks for two threads and reports what it got and a conv2d result
// (checked in bundle.test.ts).
import { createWasmBackend } from '@dcnn/backend-wasm';
import { ops, tensor } from '@dcnn/core';
import { bundleConv } from './conv.js';

createWasmBackend({ threads: 2 })
  .then(async (wasm) => {
    const values = Array.from(await bundleConv(wasm, ops, tensor).data());
    window.result = { threads: wasm.threads, variant: wasm.variant, notice: wasm.notice ?? null, values };
  })
  .catch((error) => {
    window.result = { error: String(error) };
  });
