/**
 * The fused epilogues of SPEC.md as WGSL. Each is a function `act(v: f32) -> f32`; NaN passes
 * through every one of them (WGSL's min/max/clamp do not promise that, hence `is_nan`).
 */
import type { Activation } from '@dcnn/core';

/**
 * erfc with a relative error below 1.2e-7 everywhere (the Chebyshev fit of Numerical Recipes'
 * `erfcc`); WGSL has no erf. GELU is written with it as `0.5·x·erfc(-x/√2)`, which keeps its
 * relative accuracy for negative x, where `1 + erf` would cancel.
 */
const ERFC = /* wgsl */ `
fn erfc_(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return select(2.0 - r, r, x >= 0.0);
}
fn gelu_(v: f32) -> f32 { return select(0.5 * v * erfc_(-v * 0.7071067811865476), v, is_nan(v)); }`;

const SIGMOID = /* wgsl */ `
fn sigmoid_(v: f32) -> f32 {
  if (v >= 0.0) { return 1.0 / (1.0 + exp(-v)); }
  let e = exp(v);
  return select(e / (1.0 + e), v, is_nan(v));
}`;

/** tanh through a clamp: some drivers return NaN for large |v| (exp overflow in the formula). */
const TANH = /* wgsl */ `
fn tanh_(v: f32) -> f32 { return select(tanh(clamp(v, -12.0, 12.0)), v, is_nan(v)); }`;

const bodies: Record<Activation, { expr: string; needs?: string[] }> = {
  none: { expr: 'v' },
  relu: { expr: 'select(max(v, 0.0), v, is_nan(v))' },
  relu6: { expr: 'select(clamp(v, 0.0, 6.0), v, is_nan(v))' },
  sigmoid: { expr: 'sigmoid_(v)', needs: [SIGMOID] },
  hardSigmoid: { expr: 'select(clamp(0.2 * v + 0.5, 0.0, 1.0), v, is_nan(v))' },
  hardSwish: { expr: 'v * clamp(v / 6.0 + 0.5, 0.0, 1.0)' },
  silu: { expr: 'v * sigmoid_(v)', needs: [SIGMOID] },
  tanh: { expr: 'tanh_(v)', needs: [TANH] },
  gelu: { expr: 'gelu_(v)', needs: [ERFC] },
};

/** Helper functions the unary element-wise ops share with the epilogues. */
export const MATH_HELPERS = [ERFC, SIGMOID, TANH].join('\n');

/** `fn act(v: f32) -> f32` for an activation, with the helpers it needs. */
export function activationWgsl(act: Activation): string {
  const { expr, needs = [] } = bodies[act];
  return `${needs.join('\n')}\nfn act(v: f32) -> f32 { return ${expr}; }`;
}
