/**
 * ONNX messages read from protobuf bytes: ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto (raw_data and the typed *_data fields, int64 dims). Only the fields the node tests
 * use are decoded; the rest are skipped.
 */
import { NotMapped } from './not-mapped.js';
import { WIRE_BYTES, WIRE_FIXED32, WIRE_VARINT, fields, float32At, repeatedDoubles, repeatedFloats, repeatedVarints, toInt64, utf8, type Field } from './wire.js';

/** ONNX TensorProto.DataType codes we can name. */
export const DTYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
  17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4', 23: 'float4e2m1',
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
  /** Attributes of kinds this reader does not decode (graphs, sparse tensors, ...), with their kind. */
  unreadable?: Record<string, string>;
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

/** Element types read from the typed `int32_data` field (float16 and the like keep bits there). */
const INT32_DATA = new Set(['int32', 'int16', 'int8', 'uint16', 'uint8', 'bool']);

/**
 * A TensorProto's dims and values. A dtype without a reader here (float16, bfloat16, string,
 * complex, float8, 4-bit) and data in an external file throw `NotMapped` (the test is
 * unsupported); a malformed tensor throws an `Error` naming it.
 */
export function decodeTensor(buf: Uint8Array): OnnxTensor {
  const fs = fields(buf);
  const dims = repeatedVarints(fs, 1).map((d) => Number(toInt64(d)));
  const code = Number(one(fs, 2)?.varint ?? 0n);
  const dtype = DTYPES[code] ?? `dtype#${code}`;
  const name = strings(fs, 8).at(-1) ?? '';
  const external = fs.some((f) => f.number === 13) || one(fs, 14)?.varint === 1n;
  if (external) {
    const location = fs.filter((f) => f.number === 13).map((f) => fields(f.bytes!)).find((kv) => strings(kv, 1)[0] === 'location');
    const where = location ? ` ('${strings(location, 2)[0] ?? ''}')` : '';
    throw new NotMapped(`TensorProto '${name}': its data is in an external file${where}; external data is not supported`);
  }
  if (code === 0) throw new Error(`TensorProto '${name}': data_type is UNDEFINED (0)`);
  if (dims.some((d) => d < 0)) throw new Error(`TensorProto '${name}': negative dimension in dims [${dims}]`);
  const count = dims.reduce((p, d) => p * d, 1);
  const raw = one(fs, 9)?.bytes;
  const unsupported = () => new NotMapped(`TensorProto '${name}': dtype ${dtype} is not supported (dcnn tensors are float32)`);
  let values: Float64Array;
  if (raw) {
    const layout = RAW[dtype];
    if (!layout) throw unsupported();
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
  } else if (INT32_DATA.has(dtype)) {
    values = Float64Array.from(repeatedVarints(fs, 5), (v) => Number(BigInt.asIntN(32, v)));
  } else {
    throw unsupported();
  }
  if (values.length !== count) throw new Error(`TensorProto '${name}': ${values.length} values for dims [${dims}]`);
  return { name, dtype, dims, values };
}

const ATTRIBUTE_TYPES = ['UNDEFINED', 'FLOAT', 'INT', 'STRING', 'TENSOR', 'GRAPH', 'FLOATS', 'INTS', 'STRINGS', 'TENSORS', 'GRAPHS', 'SPARSE_TENSOR', 'SPARSE_TENSORS', 'TYPE_PROTO', 'TYPE_PROTOS'];

/** The declared AttributeType, or (IR versions 1 and 2 may leave it out) the one its value field implies. */
function attributeType(fs: Field[]): number {
  const declared = Number(one(fs, 20)?.varint ?? 0n);
  if (declared) return declared;
  const byField: [number, number][] = [[2, 1], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6], [8, 7], [9, 8], [10, 9], [11, 10], [22, 11], [23, 12]];
  return byField.find(([field]) => fs.some((f) => f.number === field))?.[1] ?? 0;
}

type DecodedAttribute = { name: string; value: AttrValue } | { name: string; unreadable: string };

/** An AttributeProto; a missing scalar value is the protobuf default (0, ''), as in proto3 writers. */
function decodeAttribute(buf: Uint8Array): DecodedAttribute {
  const fs = fields(buf);
  const name = strings(fs, 1).at(-1) ?? '';
  const type = attributeType(fs);
  const field = (n: number, wire: number): Field | undefined => {
    const f = one(fs, n);
    if (f && f.wire !== wire) throw new Error(`AttributeProto '${name}': field ${n} has wire type ${f.wire}, expected ${wire}`);
    return f;
  };
  switch (type) {
    case 1:
      return { name, value: float32At(field(2, WIRE_FIXED32)?.bytes ?? new Uint8Array(4)) };
    case 2:
      return { name, value: Number(toInt64(field(3, WIRE_VARINT)?.varint ?? 0n)) };
    case 3:
      return { name, value: utf8(field(4, WIRE_BYTES)?.bytes ?? new Uint8Array(0)) };
    case 4: {
      const t = field(5, WIRE_BYTES)?.bytes;
      if (!t) throw new Error(`AttributeProto '${name}': of type TENSOR without a tensor`);
      return { name, value: decodeTensor(t) };
    }
    case 6:
      return { name, value: repeatedFloats(fs, 7) };
    case 7:
      return { name, value: repeatedVarints(fs, 8).map((v) => Number(toInt64(v))) };
    case 8:
      return { name, value: strings(fs, 9) };
    case 0:
      throw new Error(`AttributeProto '${name}': no type and no value`);
    default:
      return { name, unreadable: ATTRIBUTE_TYPES[type] ?? `type ${type}` };
  }
}

function decodeNode(buf: Uint8Array): OnnxNode {
  const fs = fields(buf);
  const node: OnnxNode = {
    inputs: strings(fs, 1),
    outputs: strings(fs, 2),
    opType: strings(fs, 4).at(-1) ?? '',
    domain: strings(fs, 7).at(-1) ?? '',
    attrs: {},
  };
  for (const f of fs.filter((x) => x.number === 5)) {
    const a = decodeAttribute(f.bytes!);
    if ('value' in a) node.attrs[a.name] = a.value;
    else (node.unreadable ??= {})[a.name] = a.unreadable;
  }
  return node;
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
