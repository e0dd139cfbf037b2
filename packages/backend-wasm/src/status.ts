/** Kernel status codes: 0 is success; anything else becomes a typed error naming the op. */
import { UnsupportedError } from '@dcnn/core';

const MEANING: Record<number, string> = {
  1: 'geometry the kernel cannot run (group, offset groups or rank)',
  2: 'a work range outside the output',
  3: 'an innermost stride other than 0 or 1',
  99: 'the kernel trapped in a worker thread',
};

export function checkStatus(status: number | void, op: string, kernel: string): void {
  if (status === undefined || status === 0) return;
  throw new UnsupportedError({
    op,
    arg: `wasm kernel ${kernel}`,
    expected: 'status 0',
    actual: `status ${status}: ${MEANING[status] ?? 'unknown'}`,
  });
}

/**
 * A wasm trap (an out-of-bounds access, an unreachable) thrown on the calling thread, as an
 * UnsupportedError naming the op, as a worker's trap becomes (status 99): the error's class
 * does not depend on which thread ran the chunk (its fields say which way it was caught).
 * Anything else passes through unchanged.
 */
export function typedTrap(error: unknown, op: string): unknown {
  if (!(error instanceof WebAssembly.RuntimeError)) return error;
  return new UnsupportedError({ op, arg: 'wasm kernel', expected: 'to run to completion', actual: `a trap: ${error.message}` });
}

