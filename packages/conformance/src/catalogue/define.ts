/** Small constructors that keep the catalogue files readable. */
import type { DcnnErrorName, OpName, Tolerance } from '@dcnn/core';
import type { Generator, InputSpec, OpCaseSpec } from './types.js';

/** An input of `shape`, normal values unless `gen` says otherwise. */
export const t = (shape: number[], gen?: Generator): InputSpec => (gen ? { shape, gen } : { shape });

type Inputs = OpCaseSpec['inputs'];

/** A case comparing the backend with the reference. */
export function check(
  op: OpName,
  variant: string,
  inputs: Inputs,
  attrs: Record<string, unknown> = {},
  tolerance?: Partial<Tolerance>,
): OpCaseSpec {
  return { kind: 'op', name: `${op}/${variant}`, op, inputs, attrs, ...(tolerance ? { tolerance } : {}) };
}

/** A case where the op must throw `error` (SPEC.md "Errors"). */
export function rejects(
  op: OpName,
  variant: string,
  error: DcnnErrorName,
  inputs: Inputs,
  attrs: Record<string, unknown> = {},
): OpCaseSpec {
  return { kind: 'op', name: `${op}/error-${variant}`, op, inputs, attrs, expectError: error };
}
