/**
 * Typed errors of the op contract (SPEC.md "Errors").
 *
 * Every error names the op, the argument (input or attribute), what was expected and what was
 * given. They are recognisable across duplicate copies of this package: `instanceof` is
 * implemented on a `Symbol.for` marker and the stable `name`, not on object identity.
 */
const MARKER = Symbol.for('dcnn.error');

export interface ErrorDetails {
  /** The op (or component, e.g. `registry`, `case-file`) that rejected the call. */
  op: string;
  /** The input or attribute at fault. */
  arg: string;
  /** What the contract expects, in words. */
  expected: string;
  /** What was given. */
  actual: string;
}

export type DcnnErrorName =
  | 'ShapeError'
  | 'AttributeError'
  | 'UnsupportedError'
  | 'BackendInitError'
  | 'DisposedError'
  | 'CaseFormatError';

/** Formats a value for an error message: shapes as `[2,3]`, strings quoted, the rest as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    // A cycle, a BigInt, or nesting too deep for JSON.stringify (a case file of 200,000 `[`),
    // which String() would overflow the stack on too.
    try {
      return String(value);
    } catch {
      return `a ${Array.isArray(value) ? 'list' : typeof value} too deeply nested to print`;
    }
  }
}

export abstract class DcnnError extends Error {
  readonly [MARKER] = true;
  abstract override readonly name: DcnnErrorName;
  readonly op: string;
  readonly arg: string;
  readonly expected: string;
  readonly actual: string;

  constructor(details: ErrorDetails) {
    super(`${details.op}: ${details.arg}: expected ${details.expected}, got ${details.actual}`);
    this.op = details.op;
    this.arg = details.arg;
    this.expected = details.expected;
    this.actual = details.actual;
  }

  /** True for any dcnn error, from any copy of this package. */
  static isDcnnError(value: unknown): value is DcnnError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!DcnnError.isDcnnError(value)) return false;
    // `this` is the class on the right of `instanceof`; the base class matches every dcnn error.
    const wanted = (this as unknown as { errorName?: string }).errorName;
    return wanted === undefined || value.name === wanted;
  }
}

/** An input's rank or dimension disagrees with the spec, another input, or the attributes. */
export class ShapeError extends DcnnError {
  static readonly errorName = 'ShapeError';
  override readonly name = 'ShapeError' as const;
}

/** An attribute value invalid on its own or out of range for the input's rank. */
export class AttributeError extends DcnnError {
  static readonly errorName = 'AttributeError';
  override readonly name = 'AttributeError' as const;
}

/** Valid input that this backend cannot run (a dtype, a size over a device limit). */
export class UnsupportedError extends DcnnError {
  static readonly errorName = 'UnsupportedError';
  override readonly name = 'UnsupportedError' as const;
}

/** A backend that cannot start here; `actual` carries the reason. */
export class BackendInitError extends DcnnError {
  static readonly errorName = 'BackendInitError';
  override readonly name = 'BackendInitError' as const;
}

/** A tensor used after `dispose()`. */
export class DisposedError extends DcnnError {
  static readonly errorName = 'DisposedError';
  override readonly name = 'DisposedError' as const;
}

/** A malformed case file (CASES.md); `op` is `case-file`, `arg` names the file and field. */
export class CaseFormatError extends DcnnError {
  static readonly errorName = 'CaseFormatError';
  override readonly name = 'CaseFormatError' as const;
}

export const errorClasses = {
  ShapeError,
  AttributeError,
  UnsupportedError,
  BackendInitError,
  DisposedError,
  CaseFormatError,
} as const;

/** True when `value` is a dcnn error of the given class name, from any package copy. */
export function isErrorNamed(value: unknown, name: DcnnErrorName): boolean {
  return DcnnError.isDcnnError(value) && value.name === name;
}

/** The thrown value's class name (`ShapeError`, `TypeError`), or its JavaScript type. */
export function thrownName(error: unknown): string {
  if (DcnnError.isDcnnError(error)) return error.name;
  if (error instanceof Error) return error.name;
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : typeof error;
}

/** A thrown value as `Name: message`, whatever was thrown (an Error, a dcnn error from another copy of core, null, a string). */
export function describeThrown(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    return `${thrownName(error)}: ${String((error as { message: unknown }).message)}`;
  }
  return `a thrown ${error === null ? 'null' : typeof error}${error === undefined || error === null ? '' : ` (${String(error)})`}`;
}
