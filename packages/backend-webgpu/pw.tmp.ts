import { runOp, tensor, type Tensor } from '@dcnn/core';
import { createWebGPUBackend } from '/work/main/packages/backend-webgpu/src/index.js';
import { benchRows } from '/work/main/packages/backend-webgpu/bench/rows.js';
const gpu = await createWebGPUBackend();
const only = process.env.ONLY ?? 'pointwise';
for (const row of benchRows()) {
  if (!row.name.includes(only)) continue;
  const inputs: Record<string, Tensor> = {};
  for (const [n, t] of Object.entries(row.inputs)) inputs[n] = tensor(gpu, t.data, t.shape);
  const once = () => (runOp(row.op, inputs as never, row.attrs as never) as Tensor);
  await once().data();
  gpu.context.startProfiling();
  for (let i = 0; i < 5; i++) once().dispose();
  const e = await gpu.context.stopProfiling();
  const per = e.map((x) => `${x.key} ${(x.ms / 5).toFixed(1)}ms`).join(' | ');
  console.log(`${process.env.DCNN_WEBGPU_TILE ?? 'auto'} ${row.name}: ${per}`);
}
gpu.dispose();
