/**
 * Runs one ONNX node test (model.onnx plus its input and output TensorProtos) on a backend by
 * mapping each node onto dcnn ops. Takes bytes, not paths, so it runs in browsers too.
 */
import { describeThrown, formatShape, scope, shapesEqual, tensor, thrownName, type AnyBackend, type Tensor } from '@dcnn/core';
import type { ConformanceResult } from '../results.js';
import { compareOnnx } from './compare.js';
import { NodeContext, NotMapped, type Mapper, type Value } from './context.js';
import { convMappers } from './map-conv.js';
import { mathMappers } from './map-math.js';
import { shapeMappers } from './map-shape.js';
import { decodeModel, decodeTensor, type OnnxGraph, type OnnxModel, type OnnxTensor } from './proto.js';

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
  /** Why the loader could not read the test (an unreadable file, no data set): reported as its error. */
  error?: string;
}

function isDefaultDomain(d: string): boolean {
  return d === '' || d === 'ai.onnx';
}

/** Runs the graph's nodes in order; returns the graph outputs as tensors on `backend`. */
function execute(backend: AnyBackend, model: OnnxModel, inputs: OnnxTensor[]): Tensor[] {
  const opset = model.opsets[''] ?? model.opsets['ai.onnx'] ?? 1;
  const values = new Map<string, Value>();
  for (const init of model.graph.initializers) values.set(init.name, { kind: 'host', t: init });
  graphInputs(model).forEach((gi, i) => values.set(gi.name, { kind: 'host', t: inputs[i] }));
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

/** The graph inputs that `input_<i>.pb` feed: those that are not initializers. */
function graphInputs(model: OnnxModel): OnnxGraph['inputs'] {
  const initNames = new Set(model.graph.initializers.map((t) => t.name));
  return model.graph.inputs.filter((i) => !initNames.has(i.name));
}

/** One ONNX node test on one backend: pass, fail, error, or unsupported with the reason. */
export async function runOnnxTest(backend: AnyBackend, files: OnnxTestFiles): Promise<ConformanceResult> {
  let model: OnnxModel;
  const group = `onnx:${files.opType ?? 'unknown'}`;
  const base = { case: `onnx/${files.name}`, backend: backend.name, group };
  let expected: OnnxTensor[];
  let inputs: OnnxTensor[];
  if (files.error !== undefined) return { ...base, status: 'error', message: `${files.name}: ${files.error}` };
  try {
    model = decodeModel(files.model);
  } catch (error) {
    if (error instanceof NotMapped) return { ...base, status: 'unsupported', message: `${files.name}: model.onnx: ${error.message}` };
    return { ...base, status: 'error', message: `${files.name}: unreadable model.onnx: ${error instanceof Error ? error.message : describeThrown(error)}` };
  }
  // Checked before reading the data: unmapped ops may take non-tensor values (sequences).
  const unmapped = [...new Set(model.graph.nodes.filter((n) => !isDefaultDomain(n.domain) || !onnxMappers[n.opType]).map((n) => n.opType))];
  if (unmapped.length) {
    return { ...base, status: 'unsupported', message: `no dcnn mapping for ONNX op(s): ${unmapped.sort().join(', ')}` };
  }
  const unreadable = model.graph.nodes.flatMap((n) => Object.entries(n.unreadable ?? {}).map(([a, kind]) => `${n.opType} attribute '${a}' (${kind})`));
  if (unreadable.length) return { ...base, status: 'unsupported', message: `${files.name}: attributes of a kind this reader does not decode: ${unreadable.join(', ')}` };
  try {
    inputs = files.inputs.map(decodeTensor);
    expected = files.outputs.map(decodeTensor);
  } catch (error) {
    if (error instanceof NotMapped) return { ...base, status: 'unsupported', message: `${files.name}: ${error.message}` };
    return { ...base, status: 'error', message: `${files.name}: unreadable TensorProto: ${error instanceof Error ? error.message : describeThrown(error)}` };
  }
  // The data set must match the graph, as in ONNX's own runner: nothing compared is no pass.
  const wanted = graphInputs(model).length;
  if (inputs.length !== wanted) return { ...base, status: 'error', message: `${files.name}: the graph has ${wanted} input(s), test_data_set_0 has ${inputs.length} input_*.pb` };
  if (expected.length === 0) return { ...base, status: 'error', message: `${files.name}: test_data_set_0 has no output_*.pb: nothing to compare` };
  if (expected.length !== model.graph.outputs.length) {
    return { ...base, status: 'error', message: `${files.name}: the graph has ${model.graph.outputs.length} output(s), test_data_set_0 has ${expected.length} output_*.pb` };
  }
  const badOut = expected.find((t) => t.dtype !== 'float32');
  if (badOut) return { ...base, status: 'unsupported', message: `output '${badOut.name}' has dtype ${badOut.dtype}; dcnn tensors are float32` };
  let outputs: Tensor[];
  try {
    outputs = scope(() => execute(backend, model, inputs));
  } catch (error) {
    if (error instanceof NotMapped) return { ...base, status: 'unsupported', message: error.message };
    const status = thrownName(error) === 'UnsupportedError' ? 'unsupported' : 'error';
    return { ...base, status, message: `${files.name} on ${backend.name}: ${describeThrown(error)}` };
  }
  try {
    let worst: ConformanceResult = { ...base, status: 'pass', relL2: 0, maxAbs: 0 };
    for (let i = 0; i < expected.length; i++) {
      const want = expected[i];
      const got = outputs[i];
      if (!shapesEqual(got.shape, want.dims)) {
        return { ...base, status: 'fail', message: `${files.name} on ${backend.name}: output ${i} has shape ${formatShape(got.shape)}, expected ${formatShape(want.dims)}` };
      }
      let data: Float64Array;
      try {
        data = await got.data64();
      } catch (error) {
        return { ...base, status: 'error', message: `${files.name} on ${backend.name}: reading output ${i} failed: ${describeThrown(error)}` };
      }
      const cmp = compareOnnx(data, want.values);
      if (!cmp.pass) return { ...base, status: 'fail', relL2: cmp.relL2, maxAbs: cmp.maxAbs, message: `${files.name} on ${backend.name}: output ${i}: ${cmp.reason}` };
      worst = { ...worst, relL2: Math.max(worst.relL2!, cmp.relL2), maxAbs: Math.max(worst.maxAbs!, cmp.maxAbs) };
    }
    return worst;
  } finally {
    for (const t of outputs) t.dispose();
  }
}
