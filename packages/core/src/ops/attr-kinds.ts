/**
 * Validators for attribute values on their own (SPEC.md: AttributeError). Each returns the value
 * as the kernel will see it or throws an `AttributeError` naming the op and attribute. Checks that
 * need the input's rank (axes, perm, reshape counts) live in the op's shape inference.
 */
import { AttributeError, describeValue } from '../errors.js';
import { activations, isActivation } from './activation.js';

export type AttrKind<T> = (op: string, name: string, value: unknown) => T;

function fail(op: string, name: string, expected: string, value: unknown): never {
  throw new AttributeError({ op, arg: `attribute '${name}'`, expected, actual: describeValue(value) });
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Whether `value` is an array whose every index holds an element passing `test`. Unlike
 * `Array.prototype.every`, holes fail: `[1, , 1]` would otherwise pass and reach the kernels
 * as `undefined`.
 */
function arrayOf(value: unknown, test: (v: unknown) => boolean): value is unknown[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!(i in value) || !test(value[i])) return false;
  return true;
}

function intArray(length: number, min: number, what: string): AttrKind<number[]> {
  return (op, name, value) => {
    if (!arrayOf(value, (v) => isInt(v) && v >= min) || value.length !== length) {
      fail(op, name, `${length} ${what}`, value);
    }
    return [...(value as number[])];
  };
}

export const positivePair = intArray(2, 1, 'integers >= 1') as AttrKind<[number, number]>;
export const pads4 = intArray(4, 0, 'integers >= 0 [top, left, bottom, right]') as AttrKind<
  [number, number, number, number]
>;

export const positiveInt: AttrKind<number> = (op, name, value) =>
  isInt(value) && value >= 1 ? value : fail(op, name, 'an integer >= 1', value);

export const integer: AttrKind<number> = (op, name, value) =>
  isInt(value) ? value : fail(op, name, 'an integer', value);

export const boolean: AttrKind<boolean> = (op, name, value) =>
  typeof value === 'boolean' ? value : fail(op, name, 'true or false', value);

/** Any number but NaN (±Infinity allowed, e.g. an open clip bound). */
export const number: AttrKind<number> = (op, name, value) =>
  typeof value === 'number' && !Number.isNaN(value) ? value : fail(op, name, 'a number', value);

export const positiveNumber: AttrKind<number> = (op, name, value) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : fail(op, name, 'a finite number > 0', value);

export const nonNegativeNumber: AttrKind<number> = (op, name, value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : fail(op, name, 'a finite number >= 0', value);

export const activation: AttrKind<(typeof activations)[number]> = (op, name, value) =>
  isActivation(value) ? value : fail(op, name, `one of ${activations.join(', ')}`, value);

export const integers: AttrKind<number[]> = (op, name, value) =>
  arrayOf(value, isInt) ? [...(value as number[])] : fail(op, name, 'an array of integers', value);

export const nonNegativeIntegers: AttrKind<number[]> = (op, name, value) =>
  arrayOf(value, (v) => isInt(v) && v >= 0) ? [...(value as number[])] : fail(op, name, 'an array of integers >= 0', value);

/** An integer array, or `null` for "all axes" / "the default permutation". */
export const integersOrNull: AttrKind<number[] | null> = (op, name, value) =>
  value === null ? null : integers(op, name, value);
