/**
 * A minimal protobuf wire-format reader: varints, fixed 32/64-bit and length-delimited fields.
 * Enough to read ONNX files without a protobuf dependency.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export interface Field {
  number: number;
  wire: number;
  /** For varint fields: the value as bigint (int64 needs all 64 bits). */
  varint?: bigint;
  /** For fixed and length-delimited fields: the raw bytes. */
  bytes?: Uint8Array;
}

export class ProtoReader {
  #pos = 0;
  readonly #buf: Uint8Array;

  constructor(buf: Uint8Array) {
    this.#buf = buf;
  }

  get done(): boolean {
    return this.#pos >= this.#buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.#pos >= this.#buf.length) throw new Error('protobuf: truncated varint');
      const byte = this.#buf[this.#pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('protobuf: varint too long');
    }
  }

  take(n: number): Uint8Array {
    if (this.#pos + n > this.#buf.length) throw new Error(`protobuf: field of ${n} bytes runs past the end`);
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  field(): Field {
    const key = Number(this.varint());
    const number = key >>> 3;
    const wire = key & 7;
    switch (wire) {
      case WIRE_VARINT:
        return { number, wire, varint: this.varint() };
      case WIRE_FIXED64:
        return { number, wire, bytes: this.take(8) };
      case WIRE_BYTES:
        return { number, wire, bytes: this.take(Number(this.varint())) };
      case WIRE_FIXED32:
        return { number, wire, bytes: this.take(4) };
      default:
        throw new Error(`protobuf: unsupported wire type ${wire} (field ${number})`);
    }
  }
}

/** Every field of a message, in order. */
export function fields(buf: Uint8Array | undefined): Field[] {
  // A varint where a message should be leaves no bytes: a corrupt file, not a crash.
  if (!(buf instanceof Uint8Array)) throw new Error('protobuf: a message field is not length-delimited');
  const r = new ProtoReader(buf);
  const out: Field[] = [];
  while (!r.done) out.push(r.field());
  return out;
}

/** A varint as a signed 64-bit integer (protobuf int64 is two's complement). */
export function toInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

const decoder = new TextDecoder();
export const utf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

export function float32At(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);
}

/**
 * A repeated scalar field may arrive packed (one length-delimited field) or unpacked (one field
 * per value); this reads both into numbers.
 */
export function repeatedVarints(fs: Field[], number: number): bigint[] {
  const out: bigint[] = [];
  for (const f of fs) {
    if (f.number !== number) continue;
    if (f.wire === WIRE_VARINT) out.push(f.varint!);
    else if (f.wire === WIRE_BYTES) {
      const r = new ProtoReader(f.bytes!);
      while (!r.done) out.push(r.varint());
    }
  }
  return out;
}

export function repeatedFloats(fs: Field[], number: number): number[] {
  const out: number[] = [];
  for (const f of fs) {
    if (f.number !== number) continue;
    if (f.wire === WIRE_FIXED32) out.push(float32At(f.bytes!));
    else if (f.wire === WIRE_BYTES) for (let i = 0; i + 4 <= f.bytes!.length; i += 4) out.push(float32At(f.bytes!.subarray(i, i + 4)));
  }
  return out;
}

export function repeatedDoubles(fs: Field[], number: number): number[] {
  const out: number[] = [];
  const at = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  for (const f of fs) {
    if (f.number !== number) continue;
    if (f.wire === WIRE_FIXED64) out.push(at(f.bytes!));
    else if (f.wire === WIRE_BYTES) for (let i = 0; i + 8 <= f.bytes!.length; i += 8) out.push(at(f.bytes!.subarray(i, i + 8)));
  }
  return out;
}
