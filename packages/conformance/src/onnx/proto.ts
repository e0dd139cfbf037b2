/**
 * ONNX messages read from protobuf bytes: ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto (raw_data and the typed *_data fields, int64 dims). Only the fields the node tests
 * use are decoded; the rest are skipped.
 */
import { fields, float32At, repeatedDoubles, repeatedFloats, repeatedVarints, toInt64, utf8, type Field } from './wire.js';

/** ONNX TensorProto.DataType codes we can name. */
export const DTYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

export interface OnnxTensor {
  name: string;
  dtype: string;
  dims: number[];
  /** Values as numbers (int64 beyond 2^53 loses precision; the tests stay far below). */
  values: Float64Array;
}

export type AttrValue = number | number[] | string | string[] | OnnxTensor;

export interface OnnxNode {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: { name: string; dtype?: string }[];
  outputs: { name: string; dtype?: string }[];
}

export interface OnnxModel {
  irVersion: number;
  /** Opset version per domain ('' is ai.onnx). */
  opsets: Record<string, number>;
  graph: OnnxGraph;
}

const strings = (fs: Field[], n: number) => fs.filter((f) => f.number === n).map((f) => utf8(f.bytes!));
const one = (fs: Field[], n: number) => fs.filter((f) => f.number === n).at(-1);

const RAW: Record<string, [number, (v: DataView, o: number) => number]> = {
  float32: [4, (v, o) => v.getFloat32(o, true)],
  float64: [8, (v, o) => v.getFloat64(o, true)],
  int8: [1, (v, o) => v.getInt8(o)],
  uint8: [1, (v, o) => v.getUint8(o)],
  bool: [1, (v, o) => v.getUint8(o)],
  int16: [2, (v, o) => v.getInt16(o, true)],
  uint16: [2, (v, o) => v.getUint16(o, true)],
  int32: [4, (v, o) => v.getInt32(o, true)],
  uint32: [4, (v, o) => v.getUint32(o, true)],
  int64: [8, (v, o) => Number(v.getBigInt64(o, true))],
  uint64: [8, (v, o) => Number(v.getBigUint64(o, true))],
};

export function decodeTensor(buf: Uint8Array): OnnxTensor {
  const fs = fields(buf);
  const dims = repeatedVarints(fs, 1).map((d) => Number(toInt64(d)));
  const code = Number(one(fs, 2)?.varint ?? 0n);
  const dtype = DTYPES[code] ?? `dtype#${code}`;
  const name = strings(fs, 8).at(-1) ?? '';
  const count = dims.reduce((p, d) => p * d, 1);
  const raw = one(fs, 9)?.bytes;
  let values: Float64Array;
  if (raw) {
    const layout = RAW[dtype];
    if (!layout) throw new Error(`TensorProto '${name}': raw_data of dtype ${dtype} is not readable`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (raw.byteLength !== count * layout[0]) throw new Error(`TensorProto '${name}': ${raw.byteLength} bytes for ${count} ${dtype} values`);
    values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = layout[1](view, i * layout[0]);
  } else if (dtype === 'float32') {
    values = Float64Array.from(repeatedFloats(fs, 4));
  } else if (dtype === 'float64') {
    values = Float64Array.from(repeatedDoubles(fs, 10));
  } else if (dtype === 'int64') {
    values = Float64Array.from(repeatedVarints(fs, 7), (v) => Number(toInt64(v)));
  } else if (dtype === 'uint32' || dtype === 'uint64') {
    values = Float64Array.from(repeatedVarints(fs, 11), (v) => Number(v));
  } else {
    values = Float64Array.from(repeatedVarints(fs, 5), (v) => Number(BigInt.asIntN(32, v)));
  }
  if (values.length !== count) throw new Error(`TensorProto '${name}': ${values.length} values for dims [${dims}]`);
  return { name, dtype, dims, values };
}

function decodeAttribute(buf: Uint8Array): [string, AttrValue] {
  const fs = fields(buf);
  const name = strings(fs, 1).at(-1) ?? '';
  const type = Number(one(fs, 20)?.varint ?? 0n);
  // AttributeType: 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS, 8 STRINGS.
  switch (type) {
    case 1:
      return [name, float32At(one(fs, 2)!.bytes!)];
    case 2:
      return [name, Number(toInt64(one(fs, 3)!.varint!))];
    case 3:
      return [name, utf8(one(fs, 4)!.bytes!)];
    case 4:
      return [name, decodeTensor(one(fs, 5)!.bytes!)];
    case 6:
      return [name, repeatedFloats(fs, 7)];
    case 7:
      return [name, repeatedVarints(fs, 8).map((v) => Number(toInt64(v)))];
    case 8:
      return [name, strings(fs, 9)];
    default:
      throw new Error(`AttributeProto '${name}': attribute type ${type} is not readable`);
  }
}

function decodeNode(buf: Uint8Array): OnnxNode {
  const fs = fields(buf);
  return {
    inputs: strings(fs, 1),
    outputs: strings(fs, 2),
    opType: strings(fs, 4).at(-1) ?? '',
    domain: strings(fs, 7).at(-1) ?? '',
    attrs: Object.fromEntries(fs.filter((f) => f.number === 5).map((f) => decodeAttribute(f.bytes!))),
  };
}

/** ValueInfoProto: the name and, when given, the tensor element type. */
function decodeValueInfo(buf: Uint8Array): { name: string; dtype?: string } {
  const fs = fields(buf);
  const name = strings(fs, 1).at(-1) ?? '';
  const type = one(fs, 2)?.bytes;
  const tensorType = type ? one(fields(type), 1)?.bytes : undefined;
  const elem = tensorType ? one(fields(tensorType), 1)?.varint : undefined;
  return elem === undefined ? { name } : { name, dtype: DTYPES[Number(elem)] ?? `dtype#${elem}` };
}

function decodeGraph(buf: Uint8Array): OnnxGraph {
  const fs = fields(buf);
  const all = (n: number) => fs.filter((f) => f.number === n).map((f) => f.bytes!);
  return {
    nodes: all(1).map(decodeNode),
    initializers: all(5).map(decodeTensor),
    inputs: all(11).map(decodeValueInfo),
    outputs: all(12).map(decodeValueInfo),
  };
}

export function decodeModel(buf: Uint8Array): OnnxModel {
  const fs = fields(buf);
  const opsets: Record<string, number> = {};
  for (const f of fs.filter((x) => x.number === 8)) {
    const o = fields(f.bytes!);
    opsets[strings(o, 1).at(-1) ?? ''] = Number(one(o, 2)?.varint ?? 0n);
  }
  const graph = one(fs, 7)?.bytes;
  if (!graph) throw new Error('ModelProto has no graph');
  return { irVersion: Number(one(fs, 1)?.varint ?? 0n), opsets, graph: decodeGraph(graph) };
}
