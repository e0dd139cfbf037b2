/**
 * Runs one ONNX node test (model.onnx plus its input and output TensorProtos) on a backend by
 * mapping each node onto dcnn ops. Takes bytes, not paths, so it runs in browsers too.
 */
import { DcnnError, formatShape, scope, shapesEqual, tensor, type AnyBackend, type Tensor } from '@dcnn/core';
import type { ConformanceResult } from '../results.js';
import { compareOnnx } from './compare.js';
import { NodeContext, NotMapped, type Mapper, type Value } from './context.js';
import { convMappers } from './map-conv.js';
import { mathMappers } from './map-math.js';
import { shapeMappers } from './map-shape.js';
import { decodeModel, decodeTensor, type OnnxModel, type OnnxTensor } from './proto.js';

/** Every ONNX op type we map, by name. */
export const onnxMappers: Readonly<Record<string, Mapper>> = { ...convMappers, ...mathMappers, ...shapeMappers };

export interface OnnxTestFiles {
  /** The test's directory name, e.g. `test_conv_with_strides_padding`. */
  name: string;
  /** The op the test is about (from manifest.json), for the matrix row. */
  opType?: string;
  model: Uint8Array;
  /** `input_<i>.pb` in order. */
  inputs: Uint8Array[];
  /** `output_<i>.pb` in order. */
  outputs: Uint8Array[];
}

function isDefaultDomain(d: string): boolean {
  return d === '' || d === 'ai.onnx';
}

/** Runs the graph's nodes in order; returns the graph outputs as tensors on `backend`. */
function execute(backend: AnyBackend, model: OnnxModel, inputs: OnnxTensor[]): Tensor[] {
  const opset = model.opsets[''] ?? model.opsets['ai.onnx'] ?? 1;
  const values = new Map<string, Value>();
  for (const init of model.graph.initializers) values.set(init.name, { kind: 'host', t: init });
  const initNames = new Set(model.graph.initializers.map((t) => t.name));
  const graphInputs = model.graph.inputs.filter((i) => !initNames.has(i.name));
  graphInputs.forEach((gi, i) => {
    if (!inputs[i]) throw new Error(`no input_${i}.pb for graph input '${gi.name}'`);
    values.set(gi.name, { kind: 'host', t: inputs[i] });
  });
  for (const node of model.graph.nodes) {
    const produced = onnxMappers[node.opType](new NodeContext(backend, node, values, opset));
    const list: (Value | Tensor)[] = Array.isArray(produced) ? produced : [produced];
    if (list.length < node.outputs.length) throw new NotMapped(`${node.opType}: ${node.outputs.length} outputs, the mapping gives ${list.length}`);
    node.outputs.forEach((name, i) => {
      const v = list[i];
      if (name) values.set(name, 'kind' in v ? v : { kind: 'device', tensor: v });
    });
  }
  return model.graph.outputs.map((o) => {
    const v = values.get(o.name);
    if (!v) throw new Error(`graph output '${o.name}' was never produced`);
    return v.kind === 'device' ? v.tensor : tensor(backend, Float32Array.from(v.t.values), v.t.dims);
  });
}

/** One ONNX node test on one backend: pass, fail, error, or unsupported with the reason. */
export async function runOnnxTest(backend: AnyBackend, files: OnnxTestFiles): Promise<ConformanceResult> {
  let model: OnnxModel;
  const group = `onnx:${files.opType ?? 'unknown'}`;
  const base = { case: `onnx/${files.name}`, backend: backend.name, group };
  let expected: OnnxTensor[];
  let inputs: OnnxTensor[];
  try {
    model = decodeModel(files.model);
  } catch (error) {
    return { ...base, status: 'error', message: `${files.name}: unreadable model.onnx: ${(error as Error).message}` };
  }
  // Checked before reading the data: unmapped ops may take non-tensor values (sequences).
  const unmapped = [...new Set(model.graph.nodes.filter((n) => !isDefaultDomain(n.domain) || !onnxMappers[n.opType]).map((n) => n.opType))];
  if (unmapped.length) {
    return { ...base, status: 'unsupported', message: `no dcnn mapping for ONNX op(s): ${unmapped.sort().join(', ')}` };
  }
  try {
    inputs = files.inputs.map(decodeTensor);
    expected = files.outputs.map(decodeTensor);
  } catch (error) {
    return { ...base, status: 'error', message: `${files.name}: unreadable TensorProto: ${(error as Error).message}` };
  }
  const badOut = expected.find((t) => t.dtype !== 'float32');
  if (badOut) return { ...base, status: 'unsupported', message: `output '${badOut.name}' has dtype ${badOut.dtype}; dcnn tensors are float32` };
  let outputs: Tensor[];
  try {
    outputs = scope(() => execute(backend, model, inputs));
  } catch (error) {
    if (error instanceof NotMapped) return { ...base, status: 'unsupported', message: error.message };
    const name = DcnnError.isDcnnError(error) ? error.name : (error as Error).name;
    const status = name === 'UnsupportedError' ? 'unsupported' : 'error';
    return { ...base, status, message: `${files.name} on ${backend.name}: ${name}: ${(error as Error).message}` };
  }
  try {
    let worst: ConformanceResult = { ...base, status: 'pass', relL2: 0, maxAbs: 0 };
    for (let i = 0; i < expected.length; i++) {
      const want = expected[i];
      const got = outputs[i];
      if (!shapesEqual(got.shape, want.dims)) {
        return { ...base, status: 'fail', message: `${files.name} on ${backend.name}: output ${i} has shape ${formatShape(got.shape)}, expected ${formatShape(want.dims)}` };
      }
      const cmp = compareOnnx(await got.data64(), want.values);
      if (!cmp.pass) return { ...base, status: 'fail', relL2: cmp.relL2, maxAbs: cmp.maxAbs, message: `${files.name} on ${backend.name}: output ${i}: ${cmp.reason}` };
      worst = { ...worst, relL2: Math.max(worst.relL2!, cmp.relL2), maxAbs: Math.max(worst.maxAbs!, cmp.maxAbs) };
    }
    return worst;
  } finally {
    for (const t of outputs) t.dispose();
  }
}
