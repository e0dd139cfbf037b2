/**
 * The case-file format of CASES.md (`dcnn-case/1`): parsing and validation. Every problem is a
 * `CaseFormatError` naming the file and the field.
 */
import { CaseFormatError, describeValue, type DcnnErrorName, errorClasses } from '../errors.js';
import type { Tolerance } from '../compare.js';
import { formatShape, sizeOf, type Shape } from '../shape.js';
import { CASE_FORMAT } from './constants.js';
import { validateCaseJson } from './validate.js';

export { CASE_FORMAT };

export interface CaseTensor {
  shape: Shape;
  data: Float32Array;
}

export interface OpCase {
  /** The case's `name`, or `<file>#<index>` when it has none. */
  name: string;
  /** Where it came from, for messages. */
  file: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: Record<string, CaseTensor>;
  /** Expected outputs keyed `y`, or `y0`, `y1`, ... for multi-output ops. */
  outputs?: Record<string, CaseTensor>;
  /** The error class the op must throw instead. */
  error?: DcnnErrorName;
  tolerance?: Partial<Tolerance>;
}

function fail(file: string, field: string, expected: string, actual: unknown): never {
  throw new CaseFormatError({ op: 'case-file', arg: `${file}: ${field}`, expected, actual: describeValue(actual) });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decodeBase64(text: string, file: string, field: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) fail(file, field, 'base64 text', `${text.slice(0, 20)}...`);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    // The pattern admits lengths atob rejects (e.g. 4k+1 characters).
    fail(file, field, 'base64 text of a valid length', `${text.length} characters`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function parseTensor(value: unknown, file: string, field: string): CaseTensor {
  if (!isRecord(value)) fail(file, field, 'a tensor object { shape, data | values }', value);
  const { shape, data, values } = value;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    fail(file, `${field}.shape`, 'an array of non-negative integers', shape);
  }
  const count = sizeOf(shape);
  let out: Float32Array;
  if (typeof data === 'string') {
    const bytes = decodeBase64(data, file, `${field}.data`);
    if (bytes.length !== count * 4) {
      fail(file, `${field}.data`, `${count * 4} bytes (${count} float32 for shape ${formatShape(shape)})`, `${bytes.length} bytes`);
    }
    out = new Float32Array(count);
    new Uint8Array(out.buffer).set(bytes); // little-endian, as are all engines we run on
  } else if (Array.isArray(values)) {
    const numeric = values.map((v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
    const bad = numeric.findIndex((v) => typeof v !== 'number');
    // Name the entry that is not a number (its index), not the first string ("NaN" is fine).
    if (bad >= 0) fail(file, `${field}.values[${bad}]`, 'a number, or "NaN", "Infinity", "-Infinity"', values[bad]);
    if (numeric.length !== count) fail(file, `${field}.values`, `${count} values for shape ${formatShape(shape)}`, `${numeric.length} values`);
    out = Float32Array.from(numeric as number[]);
  } else {
    fail(file, field, "'data' (base64) or 'values' (array)", value);
  }
  return { shape, data: out };
}

function parseTensors(value: unknown, file: string, field: string): Record<string, CaseTensor> {
  if (!isRecord(value)) fail(file, field, 'an object of named tensors', value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, parseTensor(v, file, `${field}.${k}`)]));
}

function parseCase(value: unknown, file: string, index: number, inList: boolean): OpCase {
  const where = inList ? `cases[${index}]` : 'case';
  if (!isRecord(value)) fail(file, where, 'a case object', value);
  if (!inList && value.format !== CASE_FORMAT) fail(file, 'format', JSON.stringify(CASE_FORMAT), value.format);
  if (typeof value.op !== 'string') fail(file, `${where}.op`, 'an op name', value.op);
  if (value.attrs !== undefined && !isRecord(value.attrs)) fail(file, `${where}.attrs`, 'an object', value.attrs);
  const name = typeof value.name === 'string' ? value.name : `${file}#${index}`;
  const parsed: OpCase = {
    name,
    file,
    op: value.op,
    attrs: (value.attrs as Record<string, unknown>) ?? {},
    inputs: parseTensors(value.inputs, file, `${where}.inputs`),
  };
  if (value.error !== undefined) {
    if (typeof value.error !== 'string' || !Object.prototype.hasOwnProperty.call(errorClasses, value.error)) {
      fail(file, `${where}.error`, `one of ${Object.keys(errorClasses).join(', ')}`, value.error);
    }
    parsed.error = value.error as DcnnErrorName;
  } else {
    parsed.outputs = parseTensors(value.outputs, file, `${where}.outputs`);
    if (Object.keys(parsed.outputs).length === 0) fail(file, `${where}.outputs`, 'at least one output', value.outputs);
  }
  if (value.tolerance !== undefined) {
    const t = value.tolerance;
    if (!isRecord(t) || !Object.values(t).every((v) => typeof v === 'number' && v >= 0)) {
      fail(file, `${where}.tolerance`, '{ relL2?: number, maxAbs?: number }', t);
    }
    parsed.tolerance = t as Partial<Tolerance>;
  }
  return parsed;
}

/** Bare NaN / Infinity, as Python's `json.dumps` writes them: not JSON. */
const BARE_NON_FINITE = /[[:,]\s*-?(NaN|Infinity)\s*[,\]}]/;

/**
 * Parses a case file's text: one case object, or `{ format, cases: [...] }`. A UTF-8 byte-order
 * mark is skipped (JSON allows a parser to ignore one; Windows editors write it).
 */
export function parseCaseFile(text: string, file: string): OpCase[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const hint = BARE_NON_FINITE.test(body)
      ? ' (NaN and Infinity are not JSON: write them as the strings "NaN", "Infinity", "-Infinity" in values, or use base64 data)'
      : '';
    throw new CaseFormatError({ op: 'case-file', arg: `${file}: JSON`, expected: `valid JSON${hint}`, actual: JSON.stringify((error as Error).message) });
  }
  if (!isRecord(json)) fail(file, 'top level', 'an object', json);
  if (json.format !== CASE_FORMAT) fail(file, 'format', JSON.stringify(CASE_FORMAT), json.format);
  validateCaseJson(json, file);
  if (json.cases !== undefined) {
    if (!Array.isArray(json.cases)) fail(file, 'cases', 'an array of cases', json.cases);
    return json.cases.map((c, i) => parseCase(c, file, i, true));
  }
  return [parseCase(json, file, 0, false)];
}

/** Encodes float32 values as the base64 `data` field of a case tensor. */
export function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
