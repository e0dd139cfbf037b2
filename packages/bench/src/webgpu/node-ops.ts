/**
 * Wall time of the benchmark rows on the webgpu backend alone, in Node (Dawn): a quick check
 * while tuning kernels. The comparison with the peers runs in Chromium (webgpu.bench.browser.ts).
 * It imports @dcnn/backend-webgpu's dist/: rebuild the backend after changing a kernel.
 */
import { runOp, tensor, type Tensor } from '@dcnn/core';
import { createWebGPUBackend } from '@dcnn/backend-webgpu';
import { benchRows } from './rows.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const only = process.env.BENCH_ONLY;
const gpu = await createWebGPUBackend();
console.log(`webgpu in Node: ${gpu.adapterInfo}${gpu.isFallbackAdapter ? ' (software adapter: only ratios between GPU backends mean anything)' : ''}`);
for (const row of benchRows()) {
  if (only && !row.name.includes(only)) continue;
  const inputs: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(row.inputs)) inputs[name] = tensor(gpu, t.data, t.shape);
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const y = runOp(row.op, inputs as never, row.attrs as never) as Tensor;
    await gpu.sync();
    const ms = performance.now() - t0;
    y.dispose();
    return ms;
  };
  const first = await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  console.log(`${row.name.padEnd(32)} first ${first.toFixed(1).padStart(8)} ms   min ${times[0].toFixed(1).padStart(8)} ms   median ${times[times.length >> 1].toFixed(1).padStart(8)} ms`);
  for (const t of Object.values(inputs)) t.dispose();
}
gpu.dispose();
