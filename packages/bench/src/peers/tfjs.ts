/**
 * The @tensorflow/tfjs-backend-wasm peer, as a user runs it in Node: `setWasmPaths` to the
 * package's dist/ folder, backend 'wasm'. tfjs is NHWC; layout changes happen before timing.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Tf = typeof import('@tensorflow/tfjs-core');

let loaded: Promise<Tf> | undefined;

/** Loads tfjs-core with the wasm backend (once per thread). Threads: tfjs-wasm cannot thread in Node. */
export function loadTfjs(): Promise<Tf> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const tf = (await import('@tensorflow/tfjs-core')) as Tf;
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not start');
    await tf.ready();
    return tf;
  })();
  return loaded;
}

/** NCHW data to an NHWC tensor. */
export function nhwc(tf: Tf, data: Float32Array, [n, c, h, w]: number[]) {
  return tf.tidy(() => tf.transpose(tf.tensor4d(data, [n, c, h, w]), [0, 2, 3, 1]));
}

/** `[M, C/g, kh, kw]` weights to tfjs' `[kh, kw, C/g, M]` filter. */
export function hwio(tf: Tf, data: Float32Array, [m, c, kh, kw]: number[]) {
  return tf.tidy(() => tf.transpose(tf.tensor4d(data, [m, c, kh, kw]), [2, 3, 1, 0]));
}

/** Depthwise `[C, 1, kh, kw]` weights to tfjs' `[kh, kw, C, 1]` filter. */
export function depthwiseFilter(tf: Tf, data: Float32Array, [c, , kh, kw]: number[]) {
  return tf.tidy(() => tf.transpose(tf.tensor4d(data, [c, 1, kh, kw]), [2, 3, 0, 1]));
}
