/**
 * Building ONNX models for onnxruntime-web: a graph of nodes, float32 initializers and float32
 * inputs/outputs, encoded with the field numbers of onnx.proto (ModelProto, GraphProto,
 * NodeProto, AttributeProto, TensorProto, ValueInfoProto).
 */
import { ProtoWriter } from './proto.js';

export type AttrValue = number | number[] | string | { float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  /** float32 data, or int64 values for shape tensors. */
  data: Float32Array | { int64: number[] };
}

export interface OnnxGraphSpec {
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: { name: string; dims: number[] }[];
  outputs: { name: string; dims: number[] }[];
  opset?: number;
}

function attribute(w: ProtoWriter, name: string, value: AttrValue): void {
  w.string(1, name);
  if (typeof value === 'string') w.bytes(4, new TextEncoder().encode(value)).int(20, 3);
  else if (Array.isArray(value)) w.packedInts(8, value).int(20, 7);
  else if (typeof value === 'object') w.float(2, value.float).int(20, 1);
  else w.int(3, value).int(20, 2);
}

function valueInfo(w: ProtoWriter, name: string, dims: number[]): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, 1);
      tensor.message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => dim.int(1, d));
      });
    }),
  );
}

/** Encodes a ModelProto (IR version 8, default domain at `opset`, 17 unless given). */
export function encodeModel(spec: OnnxGraphSpec): Uint8Array {
  const model = new ProtoWriter();
  model.int(1, 8);
  model.string(2, 'dcnn-bench');
  model.message(7, (g) => {
    spec.nodes.forEach((n, i) =>
      g.message(1, (node) => {
        for (const input of n.inputs) node.string(1, input);
        for (const output of n.outputs) node.string(2, output);
        node.string(3, `${n.op}_${i}`);
        node.string(4, n.op);
        for (const [name, value] of Object.entries(n.attrs ?? {})) node.message(5, (a) => attribute(a, name, value));
      }),
    );
    g.string(2, 'bench');
    for (const init of spec.initializers) {
      g.message(5, (t) => {
        t.packedInts(1, init.dims);
        if (init.data instanceof Float32Array) {
          t.int(2, 1);
          t.string(8, init.name);
          t.bytes(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
        } else {
          t.int(2, 7);
          t.packedInts(7, init.data.int64);
          t.string(8, init.name);
        }
      });
    }
    for (const input of spec.inputs) g.message(11, (v) => valueInfo(v, input.name, input.dims));
    for (const output of spec.outputs) g.message(12, (v) => valueInfo(v, output.name, output.dims));
  });
  model.message(8, (o) => o.string(1, '').int(2, spec.opset ?? 17));
  return model.finish();
}
