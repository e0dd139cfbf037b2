/**
 * The WebGPU peers in the page: @tensorflow/tfjs-backend-webgpu (NHWC, fused ops) and
 * onnxruntime-web's webgpu execution provider. Each row becomes an async runner whose run
 * includes reading the output back, as dcnn's does, so the three are timed alike.
 */
import type { BenchRow } from './rows.js';
import { encodeModel } from '../onnx/model.js';

export interface Runner {
  run(): Promise<Float32Array>;
  dispose(): Promise<void> | void;
  /** GPU milliseconds of one run from timestamp queries, where the runtime can say. */
  gpuTime?(): Promise<number | undefined>;
}

type Tf = typeof import('@tensorflow/tfjs-core');
type Ort = typeof import('onnxruntime-web/webgpu');
type Tensor4D = import('@tensorflow/tfjs-core').Tensor4D;

export async function loadTfjs(): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs: the webgpu backend did not start');
  await tf.ready();
  return tf;
}

/** ORT with its wasm binary served from `wasmDir` (Vite does not move it next to the bundle). */
export async function loadOrt(wasmDir: string): Promise<Ort> {
  const ort = await import('onnxruntime-web/webgpu');
  ort.env.wasm.wasmPaths = wasmDir;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  return ort;
}

export function tfjsRunner(tf: Tf, row: BenchRow): Runner | undefined {
  if (!row.tfjs) return undefined;
  const { x, w, b } = row.inputs;
  const [n, c, h, wd] = x.shape;
  const tx = tf.tidy(() => tf.transpose(tf.tensor4d(x.data, [n, c, h, wd]), [0, 2, 3, 1])) as Tensor4D;
  const kept: Array<{ dispose(): void }> = [tx];
  let run: () => import('@tensorflow/tfjs-core').Tensor;
  if (row.tfjs === 'dynamic') {
    const [experts, m, , k] = w.shape;
    const kernel = m * c * k * k;
    const bank = tf.tidy(() => tf.reshape(tf.transpose(tf.tensor(w.data, w.shape), [0, 3, 4, 2, 1]), [experts, kernel]));
    const biasBank = tf.tensor2d(b.data, [experts, m]);
    const a = tf.tensor2d(row.inputs.a.data, row.inputs.a.shape as [number, number]);
    kept.push(bank, biasBank, a);
    run = () =>
      tf.tidy(() => {
        const filters = tf.matMul(a, bank);
        const biases = tf.matMul(a, biasBank);
        const ys = [];
        for (let i = 0; i < n; i++) {
          const filter = tf.reshape(tf.slice(filters, [i, 0], [1, kernel]), [k, k, c, m]) as Tensor4D;
          const bias = tf.reshape(tf.slice(biases, [i, 0], [1, m]), [m]);
          const xi = n === 1 ? tx : (tf.slice(tx, [i, 0, 0, 0], [1, h, wd, c]) as Tensor4D);
          ys.push(tf.add(tf.conv2d(xi, filter, 1, 'same'), bias));
        }
        return n === 1 ? ys[0] : tf.concat(ys, 0);
      });
  } else {
    const [m, cg, kh, kw] = w.shape;
    const filter = tf.tidy(() =>
      row.tfjs === 'depthwise'
        ? tf.transpose(tf.tensor4d(w.data, [m, 1, kh, kw]), [2, 3, 0, 1])
        : tf.transpose(tf.tensor4d(w.data, [m, cg, kh, kw]), [2, 3, 1, 0]),
    ) as Tensor4D;
    const bias = tf.tensor1d(b.data);
    kept.push(filter, bias);
    run = () =>
      row.tfjs === 'depthwise'
        ? tf.fused.depthwiseConv2d({ x: tx, filter, strides: 1, pad: 'same', bias })
        : tf.fused.conv2d({ x: tx, filter, strides: 1, pad: 'same', bias });
  }
  return {
    run: async () => {
      const y = run();
      const data = (await y.data()) as Float32Array;
      y.dispose();
      return data;
    },
    dispose: () => kept.forEach((t) => t.dispose()),
    gpuTime: async () => {
      // tf.time reports kernel time from timestamp queries when the backend has them.
      const info = await tf.time(() => run().dispose());
      return typeof info.kernelMs === 'number' ? info.kernelMs : undefined;
    },
  };
}

export async function ortRunner(ort: Ort, row: BenchRow, layout: 'NCHW' | 'NHWC'): Promise<Runner> {
  const feeds = Object.fromEntries(row.feeds.map((name) => [name, row.inputs[name]]));
  return ortModelRunner(ort, encodeModel(row.ort), feeds, row.ort.outputs[0].name, layout);
}

/** An ORT session on a serialised model; `run` feeds the inputs and reads `output` back. */
export async function ortModelRunner(
  ort: Ort, model: Uint8Array, inputs: Record<string, { data: Float32Array; shape: number[] }>, output: string, layout: 'NCHW' | 'NHWC',
): Promise<Runner> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [{ name: 'webgpu', preferredLayout: layout } as never],
    graphOptimizationLevel: 'all',
  });
  const feeds: Record<string, InstanceType<Ort['Tensor']>> = {};
  for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', t.data, t.shape);
  return {
    run: async () => {
      const out = await session.run(feeds);
      const y = out[output];
      const data = (await y.getData()) as Float32Array;
      for (const t of Object.values(out)) t.dispose();
      return data;
    },
    dispose: () => session.release(),
  };
}
