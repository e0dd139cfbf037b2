/**
 * A minimal ONNX ModelProto writer for the benchmark's peer graphs: nodes with int / ints
 * attributes, float32 or int64 initializers, float32 inputs and outputs. Field numbers are
 * those of onnx.proto.
 */
export interface GraphSpec {
  nodes: Array<{ op: string; inputs: string[]; outputs: string[]; attrs?: Record<string, number | number[]> }>;
  initializers: Array<{ name: string; dims: number[]; data: Float32Array | { int64: number[] } }>;
  inputs: Array<{ name: string; dims: number[] }>;
  outputs: Array<{ name: string; dims: number[] }>;
  opset?: number;
}

class Writer {
  readonly bytes: number[] = [];

  varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.bytes.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.bytes.push(Number(x));
    return this;
  }

  int(field: number, v: number): this {
    return this.varint(field << 3).varint(v);
  }

  raw(field: number, data: Uint8Array | number[]): this {
    this.varint((field << 3) | 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.raw(field, new TextEncoder().encode(s));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.raw(field, inner.bytes);
  }
}

function valueInfo(w: Writer, name: string, dims: number[]): void {
  w.string(1, name).message(2, (type) =>
    type.message(1, (tensor) => tensor.int(1, 1).message(2, (shape) => dims.forEach((d) => shape.message(1, (dim) => dim.int(1, d))))),
  );
}

export function encodeModel(spec: GraphSpec): Uint8Array {
  const w = new Writer().int(1, 8).string(2, 'dcnn-bench');
  w.message(7, (g) => {
    spec.nodes.forEach((node, i) =>
      g.message(1, (n) => {
        node.inputs.forEach((x) => n.string(1, x));
        node.outputs.forEach((y) => n.string(2, y));
        n.string(3, `n${i}`).string(4, node.op);
        for (const [name, value] of Object.entries(node.attrs ?? {})) {
          n.message(5, (a) => {
            a.string(1, name);
            if (Array.isArray(value)) {
              value.forEach((v) => a.int(8, v));
              a.int(20, 7);
            } else {
              a.int(3, value).int(20, 2);
            }
          });
        }
      }),
    );
    g.string(2, 'bench');
    for (const init of spec.initializers) {
      g.message(5, (t) => {
        init.dims.forEach((d) => t.int(1, d));
        if (init.data instanceof Float32Array) t.int(2, 1).string(8, init.name).raw(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
        else t.int(2, 7).string(8, init.name).raw(9, new Uint8Array(BigInt64Array.from(init.data.int64.map(BigInt)).buffer));
      });
    }
    spec.inputs.forEach((v) => g.message(11, (m) => valueInfo(m, v.name, v.dims)));
    spec.outputs.forEach((v) => g.message(12, (m) => valueInfo(m, v.name, v.dims)));
  });
  w.message(8, (o) => o.string(1, '').int(2, spec.opset ?? 17));
  return new Uint8Array(w.bytes);
}
