/**
 * End-to-end rows: MobileNetV2 and DY-MobileNetV2 from @dcnn/layers at 224×224, batch 1, traced
 * once, with inference folding (BN into the convs, relu6 fused), then run by dcnn, by tfjs-wasm
 * from its own ops and by onnxruntime-web as an ONNX graph: the same network everywhere.
 */
import { tensor } from '@dcnn/core';
import { buildModel } from '@dcnn/layers';
import type { BenchCase } from './cases.js';
import { randomData } from './data.js';
import { foldTrace } from './fold.js';
import { traceModel, type Trace } from './trace.js';
import { dcnnProgram } from './trace-dcnn.js';
import { traceToOnnx } from './trace-onnx.js';
import { tfjsProgram } from './trace-tfjs.js';
import { nhwc } from './peers/tfjs.js';

/** 2 · multiply-adds of every conv and dense layer (attention heads included). */
export function traceFlops(trace: Trace): number {
  let macs = 0;
  for (const op of trace.ops) {
    const out = trace.values.get(op.outputs[0])!.shape;
    const w = trace.values.get(op.inputs.w as number)?.shape;
    if (!w) continue;
    if (op.op === 'conv2d' || op.op === 'dynamicConv2d' || op.op === 'deformConv2d') {
      const [, cg, kh, kw] = w.slice(-4);
      macs += out.reduce((p, d) => p * d, 1) * cg * kh * kw;
    } else if (op.op === 'dense') macs += out.reduce((p, d) => p * d, 1) * w[1];
  }
  return 2 * macs;
}

export function modelCase(rowName: string, model: string, size = 224): BenchCase {
  const shape = [1, 3, size, size];
  const trace = foldTrace(traceModel((b) => buildModel(model, { backend: b, seed: 1 }), shape));
  const x = randomData(3 * size * size, 71);
  return {
    name: rowName,
    flops: traceFlops(trace),
    ours: (be) => {
      const program = dcnnProgram(be, trace);
      const input = tensor(be, x, shape);
      return { run: () => program.run(input).dispose(), dispose: () => (program.dispose(), input.dispose()) };
    },
    tfjs: (tf) => {
      const program = tfjsProgram(tf, trace);
      const input = nhwc(tf, x, shape);
      return { run: () => program.run(input).dispose(), dispose: () => (program.dispose(), input.dispose()) };
    },
    ort: () => ({ spec: traceToOnnx(trace), feeds: { [`v${trace.input}`]: x } }),
  };
}

export async function modelCases(): Promise<BenchCase[]> {
  return [modelCase('mobilenetv2', 'mobilenetv2'), modelCase('dy-mobilenetv2', 'dy-mobilenetv2')];
}
