/** A tiny protobuf writer for tests, independent of the reader under test. */
export const varint = (v: bigint | number): number[] => {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    const byte = Number(x & 0x7fn);
    x >>= 7n;
    out.push(x ? byte | 0x80 : byte);
  } while (x);
  return out;
};
export const key = (field: number, wire: number) => varint((field << 3) | wire);
export const vField = (field: number, v: bigint | number) => [...key(field, 0), ...varint(v)];
export const bField = (field: number, bytes: number[]) => [...key(field, 2), ...varint(bytes.length), ...bytes];
export const sField = (field: number, s: string) => bField(field, [...new TextEncoder().encode(s)]);
export const f32 = (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)];
export const fField = (field: number, v: number) => [...key(field, 5), ...f32(v)];

/** A float32 TensorProto with raw_data. */
export function floatTensor(name: string, dims: number[], values: number[]): number[] {
  return [...dims.flatMap((d) => vField(1, d)), ...vField(2, 1), ...sField(8, name), ...bField(9, values.flatMap(f32))];
}

/** AttributeProto of type INT (2) or INTS (7). */
export const intAttr = (name: string, v: number) => bField(5, [...sField(1, name), ...vField(20, 2), ...vField(3, v)]);

/** A one-node ModelProto at `opset`. */
export function oneNodeModel(opset: number, opType: string, inputs: string[], outputs: string[], attrs: number[] = []): Uint8Array {
  const node = [...inputs.flatMap((i) => sField(1, i)), ...outputs.flatMap((o) => sField(2, o)), ...sField(4, opType), ...attrs];
  const graph = [...bField(1, node), ...inputs.flatMap((i) => bField(11, sField(1, i))), ...outputs.flatMap((o) => bField(12, sField(1, o)))];
  return new Uint8Array([...vField(1, 7), ...bField(8, [...sField(1, ''), ...vField(2, opset)]), ...bField(7, graph)]);
}
