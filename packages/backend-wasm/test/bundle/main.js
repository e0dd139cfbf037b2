// A page as a user's app would write it: the published entry point, bundled by Vite. It asks
// for two threads and reports what it got and a conv2d result (checked in bundle.test.ts).
import { createWasmBackend } from '@dcnn/backend-wasm';
import { ops, tensor } from '@dcnn/core';
import { bundleConv } from './conv.js';

try {
  const wasm = await createWasmBackend({ threads: 2 });
  const y = bundleConv(wasm, ops, tensor);
  window.result = { threads: wasm.threads, variant: wasm.variant, notice: wasm.notice ?? null, values: Array.from(await y.data()) };
} catch (error) {
  window.result = { error: String(error) };
}
