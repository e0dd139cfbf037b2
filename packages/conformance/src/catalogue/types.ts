/**
 * What a catalogue entry is. An op case is data: an op, attributes, and input shapes with the
 * generator that fills each from a seeded PRNG. A program case (layers, models) is a function that
 * builds and runs something on a backend from a seed. Either way, the expected values come from
 * the reference backend at run time.
 */
import type { AnyBackend, DcnnErrorName, OpName, Tensor, Tolerance } from '@dcnn/core';
import type { Rng } from '../prng.js';

/** Fills a tensor of `count` elements; the shape is given for generators that need it. */
export type Generator = (rng: Rng, shape: readonly number[]) => Float32Array;

export interface InputSpec {
  shape: number[];
  /** Defaults to standard normal values. */
  gen?: Generator;
}

export interface OpCaseSpec {
  kind: 'op';
  /** Unique, `<op>/<variant>`. */
  name: string;
  op: OpName;
  /** Named as in SPEC.md; concat's `xs` is a list. Inputs are generated in this order. */
  inputs: Record<string, InputSpec | InputSpec[]>;
  attrs?: Record<string, unknown>;
  /** The op must throw this error class (and leave nothing allocated). */
  expectError?: DcnnErrorName;
  /** Tighter or looser bounds than the backend class's row of SPEC.md. */
  tolerance?: Partial<Tolerance>;
}

export interface ProgramCaseSpec {
  kind: 'program';
  /** Unique, `<layer or model>/<variant>`. */
  name: string;
  /** The matrix row, e.g. `layer:CBAM` or `model:resnet18`. */
  group: string;
  /**
   * Builds and runs the program on `backend` with parameters and inputs drawn from `seed`, and
   * returns the outputs to compare. Same seed, same weights and inputs on every backend.
   */
  run(backend: AnyBackend, seed: number): Promise<Tensor[]>;
  /** Runs with only the first N seeds (whole models are slow on the reference). */
  maxSeeds?: number;
  tolerance?: Partial<Tolerance>;
}

export type CatalogueCase = OpCaseSpec | ProgramCaseSpec;

/** The matrix row a case belongs to: its op, or its program's group. */
export function caseGroup(c: CatalogueCase): string {
  return c.kind === 'op' ? c.op : c.group;
}
