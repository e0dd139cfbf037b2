/** The fused epilogues of SPEC.md, shared by the conv family and dense. */
export const activations = [
  'none',
  'relu',
  'relu6',
  'sigmoid',
  'hardSigmoid',
  'hardSwish',
  'silu',
  'tanh',
  'gelu',
] as const;

export type Activation = (typeof activations)[number];

export function isActivation(value: unknown): value is Activation {
  return typeof value === 'string' && (activations as readonly string[]).includes(value);
}
