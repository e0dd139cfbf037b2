import { describe, expect, it } from 'vitest';
import { compareOutputs, createReferenceBackend, tensor } from '@dcnn/core';
import { createWasmBackend } from '@dcnn/backend-wasm';
import { buildModel } from '@dcnn/layers';
import { randomData } from '../src/data.js';
import { foldTrace } from '../src/fold.js';
import { traceModel } from '../src/trace.js';
import { dcnnProgram } from '../src/trace-dcnn.js';
import { traceToOnnx } from '../src/trace-onnx.js';
import { tfjsProgram } from '../src/trace-tfjs.js';
import { loadOrt } from '../src/peers/ort.js';
import { loadTfjs, nhwc } from '../src/peers/tfjs.js';
import { encodeModel } from '../src/onnx/model.js';

// The same network on every implementation: the folded trace on dcnn's wasm backend must match
// the unfolded model on the reference, and both peers must match dcnn (32×32 input, for speed).
const loose = { relL2: 1e-4, maxAbs: 1e-3 };

describe.each(['mobilenetv2', 'dy-mobilenetv2'])('%s end-to-end graph', (model) => {
  const shape = [1, 3, 32, 32];
  const x = randomData(3 * 32 * 32, 5);

  it('folded on wasm, tfjs and ORT agree with the reference model', async () => {
    const ref = createReferenceBackend();
    const expected = await buildModel(model, { backend: ref, seed: 1 }).forward(tensor(ref, x, shape)).data();
    const trace = foldTrace(traceModel((b) => buildModel(model, { backend: b, seed: 1 }), shape));
    expect(trace.ops.some((o) => o.op === 'batchNorm')).toBe(false);

    const wasm = await createWasmBackend();
    const ours = await dcnnProgram(wasm, trace).run(tensor(wasm, x, shape)).data();
    expect(compareOutputs(ours, expected, loose).reason).toBeUndefined();

    const tf = await loadTfjs();
    const tfOut = tfjsProgram(tf, trace).run(nhwc(tf, x, shape)).dataSync() as Float32Array;
    expect(compareOutputs(tfOut, ours, loose).reason).toBeUndefined();

    const ort = await loadOrt(1);
    const spec = traceToOnnx(trace);
    const session = await ort.InferenceSession.create(encodeModel(spec));
    const result = await session.run({ [spec.inputs[0].name]: new ort.Tensor('float32', x, shape) });
    const ortOut = result[spec.outputs[0].name].data as Float32Array;
    expect(compareOutputs(ortOut, ours, loose).reason).toBeUndefined();
    wasm.dispose();
  }, 120_000);
});
