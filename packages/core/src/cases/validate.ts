/**
 * The checks of CASES.md beyond each field's own type, run by `parseCaseFile` on the parsed JSON
 * before it decodes anything: fields the format does not name (a misspelt `tolerance` or `attrs` would silently fall back
 * to defaults), a tensor's `dtype` other than float32, a tensor with both `data` and `values`, an
 * `error` case that also gives `outputs`, input and attribute names that are not the op's in
 * SPEC.md (a misspelt input would pass an error case for the wrong reason), output names other
 * than `y` or `y0, y1, ...` or more or fewer of them than the op gives, concat inputs other than `x0, x1, ...`, a non-string `name`, an
 * empty `cases` list, and an `error` naming something that is no error class. Each problem is
 * a `CaseFormatError` naming the file and the field.
 */
import { CaseFormatError, describeValue, errorClasses } from '../errors.js';
import { isOpName, opSpecs } from '../ops/index.js';
import { CASE_FORMAT } from './constants.js';

const CASE_FIELDS = ['format', 'name', 'op', 'attrs', 'inputs', 'outputs', 'error', 'tolerance'];
const LIST_FIELDS = ['format', 'cases'];
const TENSOR_FIELDS = ['shape', 'data', 'values', 'dtype'];
const TOLERANCE_FIELDS = ['relL2', 'maxAbs'];

type Json = Record<string, unknown>;

function fail(file: string, field: string, expected: string, actual: string): never {
  throw new CaseFormatError({ op: 'case-file', arg: `${file}: ${field}`, expected, actual });
}

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyFields(value: Json, known: readonly string[], file: string, where: string, hint = ''): void {
  const extra = Object.keys(value).filter((k) => !known.includes(k));
  if (extra.length) {
    fail(file, where, `only the fields ${known.join(', ')}${hint}`, `unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}`);
  }
}

/** `x0, x1, ..., x(n-1)` (or `y0...`): the indices of `keys`, which must run from 0 without gaps. */
function checkNumbered(keys: string[], prefix: string, file: string, where: string): void {
  const pattern = new RegExp(`^${prefix}(0|[1-9]\\d*)$`);
  const bad = keys.find((k) => !pattern.test(k));
  if (bad !== undefined) fail(file, `${where}.${bad}`, `a name ${prefix}0, ${prefix}1, ...`, `'${bad}'`);
  const indices = keys.map((k) => Number(k.slice(prefix.length))).sort((a, b) => a - b);
  const missing = indices.findIndex((v, i) => v !== i);
  if (missing >= 0) fail(file, where, `${prefix}0 ... ${prefix}${keys.length - 1} without gaps`, `no ${prefix}${missing}`);
}

function checkTensor(value: unknown, file: string, where: string): void {
  if (!isRecord(value)) return; // core's parser names the problem
  onlyFields(value, TENSOR_FIELDS, file, where);
  if (value.dtype !== undefined && value.dtype !== 'float32') {
    fail(file, `${where}.dtype`, '"float32" (case files hold float32 data only; CASES.md)', describeValue(value.dtype));
  }
  if (value.data !== undefined && value.values !== undefined) {
    fail(file, where, "either 'data' or 'values'", 'both (which one holds the tensor?)');
  }
}

function checkInputs(op: string, inputs: Json, file: string, where: string): void {
  if (!isOpName(op)) return; // an unknown op is reported when the case runs
  const slots = opSpecs[op].inputs;
  const list = slots.find((s) => s.list);
  if (list) {
    checkNumbered(Object.keys(inputs), 'x', file, where);
    return;
  }
  const names = slots.map((s) => s.name);
  for (const k of Object.keys(inputs)) {
    if (!names.includes(k)) fail(file, `${where}.${k}`, `an input of ${op} (${names.join(', ')})`, `'${k}'`);
  }
}

function checkAttrs(op: string, attrs: Json, file: string, where: string): void {
  if (!isOpName(op)) return;
  const known = Object.keys(opSpecs[op].attrKinds);
  for (const k of Object.keys(attrs)) {
    if (!known.includes(k)) fail(file, `${where}.${k}`, known.length ? `an attribute of ${op} (${known.join(', ')})` : `no attributes (${op} has none)`, `'${k}'`);
  }
}

/** How many outputs the op gives: split one per size, every other op one (undefined: not known here). */
function outputCount(op: string | undefined, attrs: unknown): number | undefined {
  if (op === undefined || !isOpName(op)) return undefined;
  if (op !== 'split') return 1;
  const sizes = isRecord(attrs) ? attrs.sizes : undefined;
  return Array.isArray(sizes) ? sizes.length : undefined;
}

function checkOutputs(outputs: Json, count: number | undefined, file: string, where: string): void {
  const keys = Object.keys(outputs);
  if (keys.includes('y')) {
    if (keys.length > 1) fail(file, where, "'y' alone, or y0, y1, ... for a multi-output op", keys.map((k) => `'${k}'`).join(', '));
  } else if (keys.length) {
    checkNumbered(keys, 'y', file, where);
  }
  // Every output the op gives must be expected, and only those (split gives one per size).
  if (count !== undefined && keys.length && keys.length !== count) {
    fail(file, where, `${count} expected output${count === 1 ? '' : 's'} (${count === 1 ? "'y'" : `y0 ... y${count - 1}`})`, `${keys.length}: ${keys.map((k) => `'${k}'`).join(', ')}`);
  }
}

function checkCase(value: unknown, file: string, where: string, inList: boolean): void {
  if (!isRecord(value)) return;
  onlyFields(value, CASE_FIELDS, file, where);
  if (inList && value.format !== undefined && value.format !== CASE_FORMAT) fail(file, `${where}.format`, JSON.stringify(CASE_FORMAT), describeValue(value.format));
  if (value.name !== undefined && (typeof value.name !== 'string' || value.name === '')) fail(file, `${where}.name`, 'a non-empty string', describeValue(value.name));
  if (value.error !== undefined) {
    if (typeof value.error !== 'string' || !Object.prototype.hasOwnProperty.call(errorClasses, value.error)) {
      fail(file, `${where}.error`, `one of ${Object.keys(errorClasses).join(', ')}`, describeValue(value.error));
    }
    if (value.outputs !== undefined) fail(file, where, "'error' or 'outputs', not both (an error case has no outputs)", 'both');
  }
  const op = typeof value.op === 'string' ? value.op : undefined;
  if (isRecord(value.inputs)) {
    for (const [k, t] of Object.entries(value.inputs)) checkTensor(t, file, `${where}.inputs.${k}`);
    if (op !== undefined) checkInputs(op, value.inputs, file, `${where}.inputs`);
  }
  if (isRecord(value.outputs)) {
    for (const [k, t] of Object.entries(value.outputs)) checkTensor(t, file, `${where}.outputs.${k}`);
    checkOutputs(value.outputs, outputCount(op, value.attrs), file, `${where}.outputs`);
  }
  if (op !== undefined && isRecord(value.attrs)) checkAttrs(op, value.attrs, file, `${where}.attrs`);
  if (isRecord(value.tolerance)) onlyFields(value.tolerance, TOLERANCE_FIELDS, file, `${where}.tolerance`);
}

/** Throws a `CaseFormatError` for what CASES.md rules out and core's parser lets through. */
export function validateCaseJson(json: unknown, file: string): void {
  if (!isRecord(json)) return;
  if (json.cases === undefined) {
    checkCase(json, file, 'case', false);
    return;
  }
  onlyFields(json, LIST_FIELDS, file, 'top level', ' (name, op, tolerance, ... belong to each case of cases)');
  if (!Array.isArray(json.cases)) return;
  if (json.cases.length === 0) fail(file, 'cases', 'at least one case', 'an empty list');
  json.cases.forEach((c, i) => checkCase(c, file, `cases[${i}]`, true));
}
