/**
 * The typed signature of every op: its named inputs (a `?` marks an optional one, `'list'` a
 * variadic one), its resolved attributes, and whether it has one output or a list.
 *
 * This is the single source of the kernel-map type every backend `satisfies`.
 */
import type { Activation } from './activation.js';

export type Pair = [number, number];
export type Pads = [number, number, number, number];

export interface ConvAttrs {
  strides: Pair;
  pads: Pads;
  dilations: Pair;
  group: number;
  activation: Activation;
}
export interface DeformConvAttrs extends ConvAttrs {
  offsetGroup: number;
}
export interface DenseAttrs {
  activation: Activation;
}
export interface PoolAttrs {
  kernel: Pair;
  strides: Pair;
  pads: Pads;
  dilations: Pair;
  ceilMode: boolean;
}
export interface AvgPoolAttrs extends PoolAttrs {
  countIncludePad: boolean;
}
export interface ReduceAttrs {
  /** `null` reduces every axis. */
  axes: number[] | null;
  keepDims: boolean;
}
export type NoAttrs = Record<string, never>;

type One = 'one';
type List = 'list';

interface Sig<I, A, O extends One | List = One> {
  inputs: I;
  attrs: A;
  outputs: O;
}
type X = { x: One };
type AB = { a: One; b: One };

export interface OpSignatures {
  conv2d: Sig<{ x: One; w: One; b?: One }, ConvAttrs>;
  dynamicConv2d: Sig<
    { x: One; w: One; a: One; b?: One; spatialAttn?: One; channelAttn?: One; filterAttn?: One },
    ConvAttrs
  >;
  deformConv2d: Sig<{ x: One; w: One; offset: One; b?: One; mask?: One }, DeformConvAttrs>;
  dense: Sig<{ x: One; w: One; b?: One }, DenseAttrs>;
  globalAvgPool: Sig<X, NoAttrs>;
  globalMaxPool: Sig<X, NoAttrs>;
  avgPool2d: Sig<X, AvgPoolAttrs>;
  maxPool2d: Sig<X, PoolAttrs>;
  batchNorm: Sig<{ x: One; scale: One; bias: One; mean: One; var: One }, { epsilon: number }>;
  relu: Sig<X, NoAttrs>;
  relu6: Sig<X, NoAttrs>;
  sigmoid: Sig<X, NoAttrs>;
  tanh: Sig<X, NoAttrs>;
  exp: Sig<X, NoAttrs>;
  silu: Sig<X, NoAttrs>;
  gelu: Sig<X, NoAttrs>;
  hardSigmoid: Sig<X, { alpha: number; beta: number }>;
  hardSwish: Sig<X, NoAttrs>;
  leakyRelu: Sig<X, { alpha: number }>;
  clip: Sig<X, { min: number; max: number }>;
  add: Sig<AB, NoAttrs>;
  sub: Sig<AB, NoAttrs>;
  mul: Sig<AB, NoAttrs>;
  div: Sig<AB, NoAttrs>;
  reduceMean: Sig<X, ReduceAttrs>;
  reduceMax: Sig<X, ReduceAttrs>;
  reduceSum: Sig<X, ReduceAttrs>;
  softmax: Sig<X, { axis: number; temperature: number }>;
  concat: Sig<{ xs: List }, { axis: number }>;
  split: Sig<X, { axis: number; sizes: number[] }, List>;
  reshape: Sig<X, { shape: number[] }>;
  transpose: Sig<X, { perm: number[] | null }>;
}

export type OpName = keyof OpSignatures;
export type AttrsOf<Op extends OpName> = OpSignatures[Op]['attrs'];
export type InputNamesOf<Op extends OpName> = keyof OpSignatures[Op]['inputs'] & string;

/** An op's inputs with each slot filled by `T` (or `T[]` for a variadic slot). */
export type InputsOf<Op extends OpName, T> = {
  [K in keyof OpSignatures[Op]['inputs']]: OpSignatures[Op]['inputs'][K] extends List ? T[] : T;
};

/** An op's result: one `T`, or `T[]` for multi-output ops. */
export type OutputOf<Op extends OpName, T> = OpSignatures[Op]['outputs'] extends List ? T[] : T;
