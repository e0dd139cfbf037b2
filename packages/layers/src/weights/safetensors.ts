/**
 * The safetensors format (bytes in, bytes out): an 8-byte little-endian header length, a JSON
 * header `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {..} }`, then the
 * data buffer. Loading validates the whole header before decoding anything: the length fits, the
 * JSON is an object, every entry has a known dtype, a non-negative integer shape and offsets
 * whose span is exactly `numel · itemsize`, and the entries tile the data buffer with no gap and
 * no overlap. Every error names the tensor at fault.
 */
import { AttributeError, ShapeError, UnsupportedError, formatShape, sizeOf, type Shape } from '@dcnn/core';

/** One decoded tensor: its dtype in the file, its shape and its values as float32. */
export interface SafeTensor {
  dtype: string;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
}

/** Item sizes of the dtypes the format defines. */
const ITEM_SIZE: Record<string, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1, F8_E4M3: 1, F8_E5M2: 1,
};

/** Float dtypes we decode into float32 weights. */
const DECODABLE = new Set(['F64', 'F32', 'F16', 'BF16']);

/** The format caps the header at 100 MB. */
const MAX_HEADER = 100_000_000;

function headerError(arg: string, expected: string, actual: string): AttributeError {
  return new AttributeError({ op: 'safetensors', arg, expected, actual });
}

function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function decode(view: DataView, begin: number, count: number, dtype: string): Float32Array {
  const out = new Float32Array(count);
  const scratch = new DataView(new ArrayBuffer(4));
  for (let i = 0; i < count; i++) {
    switch (dtype) {
      case 'F32': out[i] = view.getFloat32(begin + 4 * i, true); break;
      case 'F64': out[i] = view.getFloat64(begin + 8 * i, true); break;
      case 'F16': out[i] = f16ToF32(view.getUint16(begin + 2 * i, true)); break;
      default: // BF16: the high half of a float32
        scratch.setUint32(0, view.getUint16(begin + 2 * i, true) << 16);
        out[i] = scratch.getFloat32(0);
    }
  }
  return out;
}

interface Entry { name: string; dtype: string; shape: number[]; begin: number; end: number }

function parseEntry(name: string, raw: unknown, dataLength: number): Entry {
  const arg = `tensor '${name}'`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw headerError(arg, 'an object with dtype, shape and data_offsets', JSON.stringify(raw));
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in ITEM_SIZE)) throw headerError(`${arg}.dtype`, `one of ${Object.keys(ITEM_SIZE).join(', ')}`, JSON.stringify(dtype));
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw headerError(`${arg}.shape`, 'an array of non-negative integers', JSON.stringify(shape));
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw headerError(`${arg}.data_offsets`, '[begin, end] with 0 <= begin <= end', JSON.stringify(offsets));
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) throw headerError(`${arg}.data_offsets`, `an end within the ${dataLength}-byte data buffer`, String(end));
  const bytes = sizeOf(shape) * ITEM_SIZE[dtype];
  if (end - begin !== bytes) {
    throw headerError(`${arg}.data_offsets`, `${bytes} bytes (${formatShape(shape)} of ${dtype})`, `${end - begin} bytes`);
  }
  return { name, dtype, shape, begin, end };
}

/** Parses and validates a safetensors file; float tensors are decoded to float32. */
export function loadSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw headerError('header length', 'at least 8 bytes', `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) {
    throw headerError('header length', `at most ${Math.min(MAX_HEADER, bytes.length - 8)} bytes (the file holds ${bytes.length})`, `${n}`);
  }
  const headerLength = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw headerError('header', 'UTF-8 JSON', (error as Error).message);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw headerError('header', 'a JSON object', JSON.stringify(header));
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || !Object.values(raw).every((v) => typeof v === 'string')) {
        throw headerError('__metadata__', 'an object of strings', JSON.stringify(raw));
      }
      Object.assign(metadata, raw);
      continue;
    }
    entries.push(parseEntry(name, raw, dataLength));
  }
  // The entries must tile the data buffer: sorted by offset, each starts where the last ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.begin !== cursor) {
      throw headerError(`tensor '${e.name}'.data_offsets`, `to start at byte ${cursor} (no gap or overlap)`, String(e.begin));
    }
    cursor = e.end;
  }
  if (cursor !== dataLength) throw headerError('data', `${cursor} bytes of tensor data after the header`, `${dataLength} bytes`);
  const tensors = new Map<string, SafeTensor>();
  for (const e of entries) {
    if (!DECODABLE.has(e.dtype)) {
      throw new UnsupportedError({ op: 'safetensors', arg: `tensor '${e.name}'.dtype`, expected: 'F32, F16, BF16 or F64', actual: e.dtype });
    }
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: decode(view, dataStart + e.begin, sizeOf(e.shape), e.dtype) });
  }
  return { tensors, metadata };
}

/** A tensor to save: float32 values of `shape`. */
export interface TensorToSave {
  shape: Shape;
  data: Float32Array;
}

/** Serialises float32 tensors (in the given order) to safetensors bytes. */
export function saveSafetensors(tensors: Map<string, TensorToSave> | Record<string, TensorToSave>, metadata: Record<string, string> = {}): Uint8Array {
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of list) {
    if (t.data.length !== sizeOf(t.shape)) {
      throw new ShapeError({ op: 'safetensors', arg: `tensor '${name}'`, expected: `${sizeOf(t.shape)} values for ${formatShape(t.shape)}`, actual: `${t.data.length}` });
    }
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + 4 * t.data.length] };
    offset += 4 * t.data.length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const [, t] of list) {
    for (let i = 0; i < t.data.length; i++) view.setFloat32(at + 4 * i, t.data[i], true);
    at += 4 * t.data.length;
  }
  return out;
}
