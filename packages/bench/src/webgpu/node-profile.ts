/**
 * GPU time by program for one forward pass of a model on the webgpu backend in Node (Dawn,
 * timestamp queries): where the time goes. MODEL picks the model (default mobilenetv2).
 * It imports @dcnn/backend-webgpu's dist/: rebuild the backend after changing a kernel.
 */
import { ops, tensor } from '@dcnn/core';
import { buildModel } from '@dcnn/layers';
import { createWebGPUBackend } from '@dcnn/backend-webgpu';
import { noise } from './rows.js';

const gpu = await createWebGPUBackend();
const model = buildModel(process.env.MODEL ?? 'mobilenetv2', { backend: gpu, seed: 0 });
const x = tensor(gpu, noise(3 * 224 * 224, 7), [1, 3, 224, 224]);
await ops.softmax({ x: model.forward(x) }).data();
gpu.context.startProfiling();
const t0 = performance.now();
await ops.softmax({ x: model.forward(x) }).data();
const wall = performance.now() - t0;
const entries = await gpu.context.stopProfiling();
const total = entries.reduce((s, e) => s + e.ms, 0);
console.log(`wall ${wall.toFixed(1)} ms (profiled: one pass per dispatch), GPU total ${total.toFixed(1)} ms`);
for (const e of entries.slice(0, 25)) console.log(`${e.ms.toFixed(2).padStart(9)} ms  ${String(e.count).padStart(4)}×  ${e.key}`);
gpu.dispose();
