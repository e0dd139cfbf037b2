/**
 * The webgpu benchmark, in headless Chromium: dcnn's webgpu backend side by side with
 * tfjs-backend-webgpu and onnxruntime-web's webgpu EP on the same inputs, then the end-to-end
 * models on dcnn. Run with `pnpm --filter @dcnn/bench bench:webgpu` (vitest.webgpu.config.ts);
 * the report is printed and written as JSON.
 */
import { it } from 'vitest';
import { commands } from 'vitest/browser';
import { compareOutputs, runOp, tensor, tolerances, type Tensor } from '@dcnn/core';
import { buildModel } from '@dcnn/layers';
import { createWebGPUBackend, type WebGPUBackend } from '@dcnn/backend-webgpu';
import { loadOrt, loadTfjs, ortModelRunner, ortRunner, tfjsRunner, type Runner } from './peers.js';
// The wasm benchmark's model tracing (browser-safe modules; the package's entry is Node-only):
// the same folded network for dcnn, tfjs and ORT.
import { foldTrace } from '../fold.js';
import { encodeModel as encodeOnnx } from '../onnx/model.js';
import { traceModel } from '../trace.js';
import { dcnnProgram } from '../trace-dcnn.js';
import { traceToOnnx } from '../trace-onnx.js';
import { tfjsProgram } from '../trace-tfjs.js';
import { renderText, type ReportRow, type Runtime, type Timing, type WebGPUBenchReport } from './report.js';
import { benchRows, noise } from './rows.js';

declare const __ORT_WASM_DIR__: string;
declare const __BENCH_OUT__: string;
declare const __BENCH_RUNS__: number;
declare const __BENCH_ONLY__: string;

const runs = __BENCH_RUNS__;

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
    gpuTime: () => gpuTimeOf(gpu, async () => (runOp(row.op, inputs as never, row.attrs as never) as Tensor).dispose()),
  };
}

/** GPU ms of one run from dcnn's timestamp queries (undefined without `timestamp-query`). */
async function gpuTimeOf(gpu: WebGPUBackend, run: () => Promise<void> | void): Promise<number | undefined> {
  if (!gpu.context.canProfile) return undefined;
  gpu.context.startProfiling();
  await run();
  const entries = await gpu.context.stopProfiling();
  return entries.reduce((sum, e) => sum + e.ms, 0);
}

interface Entry {
  runtime: Runtime;
  runner: Runner;
  firstMs: number;
  times: number[];
  output?: Float32Array;
}

/** Builds a runner and takes its first (compiling) run; a failure is recorded as the row's error. */
async function prepare(results: ReportRow['results'], runtime: Runtime, make: () => Promise<Runner | undefined> | Runner | undefined): Promise<Entry | undefined> {
  try {
    const runner = await make();
    if (!runner) return undefined;
    const t = performance.now();
    const output = await runner.run();
    const firstMs = performance.now() - t;
    await runner.run();
    return { runtime, runner, firstMs, times: [], output };
  } catch (error) {
    results[runtime] = { error: String((error as Error).message ?? error) };
    return undefined;
  }
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];

/**
 * Times the runtimes round-robin (one run of each per round), so load changes on a shared
 * machine hit all of them alike; ratios are the median of the per-round ratios.
 */
async function race(entries: Entry[], results: ReportRow['results']): Promise<Partial<Record<Runtime, number>>> {
  for (let i = 0; i < runs; i++) {
    for (const e of entries) {
      const t = performance.now();
      await e.runner.run();
      e.times.push(performance.now() - t);
    }
  }
  const ours = entries.find((e) => e.runtime === 'dcnn-webgpu');
  const ratios: Partial<Record<Runtime, number>> = {};
  for (const e of entries) {
    const gpuMs = await e.runner.gpuTime?.().catch(() => undefined);
    results[e.runtime] = { firstMs: e.firstMs, medianMs: median(e.times), runs, ...(gpuMs === undefined ? {} : { gpuMs }) };
    if (ours && e !== ours) ratios[e.runtime] = median(e.times.map((t, i) => t / ours.times[i]));
    await e.runner.dispose();
  }
  return ratios;
}

it('webgpu benchmark', async () => {
  const gpu = await createWebGPUBackend();
  const tf = await loadTfjs();
  const ort = await loadOrt(__ORT_WASM_DIR__);
  const rows: ReportRow[] = [];
  for (const row of benchRows()) {
    if (__BENCH_ONLY__ && !row.name.includes(__BENCH_ONLY__)) continue;
    const results: ReportRow['results'] = {};
    const entries: Entry[] = [];
    const add = (e: Entry | undefined) => e && entries.push(e);
    add(await prepare(results, 'dcnn-webgpu', () => oursRunner(gpu, row)));
    add(await prepare(results, 'tfjs-webgpu', () => tfjsRunner(tf, row)));
    // ORT: its default NHWC layout or NCHW, whichever its first timed runs say is faster.
    const layouts: Entry[] = [];
    for (const layout of ['NHWC', 'NCHW'] as const) {
      const e = await prepare(results, 'ort-webgpu', () => ortRunner(ort, row, layout));
      if (!e) continue;
      const t = performance.now();
      await e.runner.run();
      e.times.push(performance.now() - t);
      layouts.push(e);
    }
    layouts.sort((a, b) => a.times[0] - b.times[0]);
    for (const e of layouts.slice(1)) await e.runner.dispose();
    if (layouts[0]) add({ ...layouts[0], times: [] });
    const ours = entries.find((e) => e.runtime === 'dcnn-webgpu')?.output;
    const theirs = entries.find((e) => e.runtime === 'ort-webgpu')?.output;
    const ratios = await race(entries, results);
    const agreement = ours && theirs ? compareOutputs(ours, theirs, tolerances['float32-gpu']).relL2 : undefined;
    rows.push({ name: row.name, flops: row.flops, results, ratios, agreement, note: row.note });
    console.log(JSON.stringify(rows[rows.length - 1]));
  }
  for (const name of ['mobilenetv2', 'dy-mobilenetv2']) {
    if (__BENCH_ONLY__ && !name.includes(__BENCH_ONLY__)) continue;
    const shape = [1, 3, 224, 224];
    const trace = foldTrace(traceModel((b) => buildModel(name, { backend: b, seed: 1 }), shape));
    const x = noise(3 * 224 * 224, 71);
    const results: ReportRow['results'] = {};
    const entries: Entry[] = [];
    const add = (e: Entry | undefined) => e && entries.push(e);
    add(await prepare(results, 'dcnn-webgpu', () => {
      const program = dcnnProgram(gpu, trace);
      const input = tensor(gpu, x, shape);
      return {
        run: async () => {
          const y = program.run(input);
          const data = await y.data();
          y.dispose();
          return data;
        },
        dispose: () => (program.dispose(), input.dispose()),
        gpuTime: () => gpuTimeOf(gpu, () => program.run(input).dispose()),
      };
    }));
    add(await prepare(results, 'tfjs-webgpu', () => {
      const program = tfjsProgram(tf as never, trace);
      const input = tf.tidy(() => tf.transpose(tf.tensor4d(x, [1, 3, 224, 224]), [0, 2, 3, 1]));
      return {
        run: async () => {
          const y = program.run(input);
          const data = (await y.data()) as Float32Array;
          y.dispose();
          return data;
        },
        dispose: () => (program.dispose(), input.dispose()),
        gpuTime: async () => {
          const info = await tf.time(() => program.run(input).dispose());
          return typeof info.kernelMs === 'number' ? info.kernelMs : undefined;
        },
      };
    }));
    const graph = traceToOnnx(trace);
    add(await prepare(results, 'ort-webgpu', () => ortModelRunner(ort, encodeOnnx(graph), { [`v${trace.input}`]: { data: x, shape } }, graph.outputs[0].name, 'NHWC')));
    const ours = entries.find((e) => e.runtime === 'dcnn-webgpu')?.output;
    const theirs = entries.find((e) => e.runtime === 'ort-webgpu')?.output;
    const ratios = await race(entries, results);
    const agreement = ours && theirs ? compareOutputs(ours, theirs, tolerances['float32-gpu']).relL2 : undefined;
    rows.push({ name: `${name} 224² end to end`, results, ratios, agreement });
    console.log(JSON.stringify(rows[rows.length - 1]));
  }
  const report: WebGPUBenchReport = {
    adapter: gpu.adapterInfo,
    fallbackAdapter: gpu.isFallbackAdapter,
    clock: `wall time (performance.now) of one run including the readback of its output; runtimes interleaved round-robin, ${runs} rounds; medians, and ratios as the median of per-round ratios (GPU time from timestamp queries is listed where dcnn and tfjs report it; ORT does not)`,
    note: gpu.isFallbackAdapter
      ? 'SOFTWARE ADAPTER (SwiftShader): absolute times mean nothing for real GPUs; only the ratios between the GPU backends do.'
      : 'hardware adapter',
    rows,
  };
  console.log(renderText(report));
  await commands.writeFile(__BENCH_OUT__, JSON.stringify(report, null, 2));
  gpu.dispose();
}, 1_800_000);
