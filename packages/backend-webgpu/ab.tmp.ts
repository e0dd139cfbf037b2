import { runOp, tensor, type Tensor } from '@dcnn/core';
import { createWebGPUBackend } from './src/index.js';
import { benchRows } from './bench/rows.js';
const a = await createWebGPUBackend({ softwareAdapter: true });
const b = await createWebGPUBackend({ softwareAdapter: false });
const only = process.env.ONLY ?? 'pointwise';
for (const row of benchRows()) {
  if (!row.name.includes(only)) continue;
  const setup = (gpu: typeof a) => {
    const inputs: Record<string, Tensor> = {};
    for (const [n, t] of Object.entries(row.inputs)) inputs[n] = tensor(gpu, t.data, t.shape);
    return () => runOp(row.op, inputs as never, row.attrs as never) as Tensor;
  };
  const ra = setup(a), rb = setup(b);
  await ra().data(); await rb().data();
  const ta: number[] = [], tb: number[] = [];
  for (let i = 0; i < 6; i++) {
    for (const [gpu, r, t] of [[a, ra, ta], [b, rb, tb]] as const) {
      gpu.context.startProfiling();
      r().dispose();
      const e = await gpu.context.stopProfiling();
      t.push(e.reduce((s, x) => s + x.ms, 0));
    }
  }
  const med = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1];
  console.log(`${row.name}: software-tuned ${med(ta).toFixed(1)} ms, hardware-tuned ${med(tb).toFixed(1)} ms, ratios ${ta.map((x, i) => (tb[i] / x).toFixed(2)).join(' ')}`);
}
a.dispose(); b.dispose();
