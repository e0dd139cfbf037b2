/**
 * The onnxruntime-web peer (wasm execution provider, graph optimisation 'all'). Its thread
 * count is fixed when its wasm starts, so each thread count is measured in its own worker
 * thread (see run.ts).
 */
import { encodeModel, type OnnxGraphSpec } from '../onnx/model.js';

export type Ort = typeof import('onnxruntime-web');

let loaded: Promise<Ort> | undefined;

export function loadOrt(threads: number): Promise<Ort> {
  loaded ??= (async () => {
    const ort = (await import('onnxruntime-web')) as Ort;
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = 'error';
    return ort;
  })();
  return loaded;
}

export interface OrtRunner {
  run(): Promise<void>;
  dispose(): Promise<void>;
}

/** A session over `spec` with `feeds` bound; `run()` runs it and drops the outputs. */
export async function ortRunner(ort: Ort, spec: OnnxGraphSpec, feeds: Record<string, Float32Array>): Promise<OrtRunner> {
  const session = await ort.InferenceSession.create(encodeModel(spec), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const tensors: Record<string, InstanceType<Ort['Tensor']>> = {};
  for (const input of spec.inputs) tensors[input.name] = new ort.Tensor('float32', feeds[input.name], input.dims);
  return {
    run: async () => {
      const out = await session.run(tensors);
      for (const t of Object.values(out)) t.dispose();
    },
    dispose: () => session.release(),
  };
}
