/**
 * The webgpu benchmark, in headless Chromium: dcnn's webgpu backend side by side with
 * tfjs-backend-webgpu and onnxruntime-web's webgpu EP on the same inputs, then the end-to-end
 * models on dcnn. Run with `pnpm --filter @dcnn/backend-webgpu bench` (vitest.bench.config.ts);
 * the report is printed and written as JSON.
 */
import { it } from 'vitest';
import { commands } from 'vitest/browser';
import { compareOutputs, ops, runOp, tensor, tolerances, type Tensor } from '@dcnn/core';
import { buildModel } from '@dcnn/layers';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';
import { loadOrt, loadTfjs, ortRunner, tfjsRunner, type Runner } from './peers.js';
import { renderText, type ReportRow, type Runtime, type Timing, type WebGPUBenchReport } from './report.js';
import { benchRows, noise } from './rows.js';

declare const __ORT_WASM_DIR__: string;
declare const __BENCH_OUT__: string;
declare const __BENCH_RUNS__: number;
declare const __BENCH_ONLY__: string;

const runs = __BENCH_RUNS__;

async function time(runner: Runner): Promise<Timing> {
  let t = performance.now();
  await runner.run();
  const firstMs = performance.now() - t;
  await runner.run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await runner.run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { firstMs, medianMs: times[times.length >> 1], runs };
}

function oursRunner(gpu: WebGPUBackend, row: ReturnType<typeof benchRows>[number]): Runner {
  const inputs = Object.fromEntries(Object.entries(row.inputs).map(([k, t]) => [k, tensor(gpu, t.data, t.shape)]));
  return {
    run: async () => {
      const y = runOp(row.op, inputs as never, row.attrs as never) as Tensor;
      const data = await y.data();
      y.dispose();
      return data;
    },
    dispose: () => Object.values(inputs).forEach((t) => t.dispose()),
  };
}

async function attempt(rowResults: ReportRow['results'], runtime: Runtime, make: () => Promise<Runner | undefined> | Runner | undefined): Promise<Float32Array | undefined> {
  let runner: Runner | undefined;
  try {
    runner = await make();
    if (!runner) return undefined;
    rowResults[runtime] = await time(runner);
    return await runner.run();
  } catch (error) {
    rowResults[runtime] = { error: String((error as Error).message ?? error) };
    return undefined;
  } finally {
    await runner?.dispose();
  }
}

it('webgpu benchmark', async () => {
  const gpu = await createWebGPUBackend();
  const tf = await loadTfjs();
  const ort = await loadOrt(__ORT_WASM_DIR__);
  const rows: ReportRow[] = [];
  for (const row of benchRows()) {
    if (__BENCH_ONLY__ && !row.name.includes(__BENCH_ONLY__)) continue;
    const results: ReportRow['results'] = {};
    const ours = await attempt(results, 'dcnn-webgpu', () => oursRunner(gpu, row));
    await attempt(results, 'tfjs-webgpu', () => tfjsRunner(tf, row));
    // ORT: its default NHWC layout and NCHW, keeping the faster (its best, as in the baselines).
    const nhwc: ReportRow['results'] = {};
    const theirs = await attempt(nhwc, 'ort-webgpu', () => ortRunner(ort, row, 'NHWC'));
    const nchw: ReportRow['results'] = {};
    await attempt(nchw, 'ort-webgpu', () => ortRunner(ort, row, 'NCHW'));
    const pick = [nhwc['ort-webgpu'], nchw['ort-webgpu']].filter((v): v is Timing => !!v && 'medianMs' in v);
    results['ort-webgpu'] = pick.sort((a, b) => a.medianMs - b.medianMs)[0] ?? nhwc['ort-webgpu'];
    const agreement = ours && theirs ? compareOutputs(ours, theirs, tolerances['float32-gpu']).relL2 : undefined;
    rows.push({ name: row.name, flops: row.flops, results, agreement });
    console.log(JSON.stringify(rows[rows.length - 1]));
  }
  for (const name of ['mobilenetv2', 'dy-mobilenetv2']) {
    if (__BENCH_ONLY__ && !name.includes(__BENCH_ONLY__)) continue;
    const model = buildModel(name, { backend: gpu, seed: 0 });
    const x = tensor(gpu, noise(3 * 224 * 224, 7), [1, 3, 224, 224]);
    const results: ReportRow['results'] = {};
    await attempt(results, 'dcnn-webgpu', () => ({
      run: async () => {
        const y = ops.softmax({ x: model.forward(x) }, { axis: -1 });
        const data = await y.data();
        y.dispose();
        return data;
      },
      dispose: () => x.dispose(),
    }));
    rows.push({ name: `${name} 224² end to end`, results });
    console.log(JSON.stringify(rows[rows.length - 1]));
  }
  const report: WebGPUBenchReport = {
    adapter: gpu.adapterInfo,
    fallbackAdapter: gpu.isFallbackAdapter,
    clock: `wall time (performance.now) of one run including the readback of its output, median of ${runs}`,
    note: gpu.isFallbackAdapter
      ? 'SOFTWARE ADAPTER (SwiftShader): absolute times mean nothing for real GPUs; only the ratios between the GPU backends do.'
      : 'hardware adapter',
    rows,
  };
  console.log(renderText(report));
  await commands.writeFile(__BENCH_OUT__, JSON.stringify(report, null, 2));
  gpu.dispose();
}, 1_800_000);
