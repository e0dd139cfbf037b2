// A Node script as a user's service would write it, bundled into one file by esbuild
// (node-bundle.test.ts). Its options come as JSON in argv[2]; it prints one JSON line: what ran
// and the conv2d result, or the error.
import { createWasmBackend } from '@dcnn/backend-wasm';
import { ops, tensor } from '@dcnn/core';
import { bundleConv } from '../bundle/conv.js';

const options = JSON.parse(process.argv[2] ?? '{}');
try {
  const wasm = await createWasmBackend(options);
  const values = Array.from(await bundleConv(wasm, ops, tensor).data());
  console.log(JSON.stringify({ threads: wasm.threads, values }));
  wasm.dispose();
} catch (error) {
  console.log(JSON.stringify({ error: { name: error.name, arg: error.arg, message: error.message } }));
}
