/**
 * Error-case assertions (SPEC.md "Errors"): the right class, `op` and `arg` naming the op and
 * argument, the message mentioning both, and no tensor left allocated by the failed call.
 */
import { expect } from 'vitest';
import { DcnnError, liveTensorCount, type AnyBackend } from '../../src/index.js';
import { ref } from './values.js';

export interface ErrorExpectation {
  /** The class, matched by `instanceof` (which the core implements on its marker). */
  cls: abstract new (...args: never[]) => DcnnError;
  op: string;
  /** Substring of `error.arg`, e.g. `'w'` or `"attribute 'strides'"`. */
  arg: string;
  /** Substrings the message must contain besides op and arg (e.g. the offending value). */
  message?: string[];
}

/** Runs `call`, which must throw as described, and checks nothing was allocated by it. */
export function expectOpError(call: () => unknown, want: ErrorExpectation, backend: AnyBackend = ref): DcnnError {
  const before = liveTensorCount(backend);
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the call should have thrown').toBeDefined();
  expect(caught).toBeInstanceOf(want.cls);
  const error = caught as DcnnError;
  expect(error.op).toBe(want.op);
  expect(error.arg).toContain(want.arg);
  expect(error.message).toContain(want.op);
  expect(error.message).toContain(want.arg);
  for (const part of want.message ?? []) expect(error.message).toContain(part);
  expect(liveTensorCount(backend), 'tensors allocated by the failed call').toBe(before);
  return error;
}
