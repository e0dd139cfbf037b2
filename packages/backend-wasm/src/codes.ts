/** Numeric codes shared with the AssemblyScript kernels (assembly/activation.ts, elementwise.ts). */
import type { Activation } from '@dcnn/core';

export const ACTIVATION_CODES: Record<Activation, number> = {
  none: 0,
  relu: 1,
  relu6: 2,
  sigmoid: 3,
  hardSigmoid: 4,
  hardSwish: 5,
  silu: 6,
  tanh: 7,
  gelu: 8,
};

export const UNARY_CODES = {
  relu: 0,
  relu6: 1,
  sigmoid: 2,
  tanh: 3,
  exp: 4,
  silu: 5,
  gelu: 6,
  hardSigmoid: 7,
  hardSwish: 8,
  leakyRelu: 9,
  clip: 10,
} as const;

export const BINARY_CODES = { add: 0, sub: 1, mul: 2, div: 3 } as const;

export const REDUCE_CODES = { reduceSum: 0, reduceMean: 1, reduceMax: 2 } as const;
