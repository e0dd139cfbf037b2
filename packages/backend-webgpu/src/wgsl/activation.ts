/**
 * The fused epilogues of SPEC.md as WGSL. Each is a function `act(v: f32) -> f32`; NaN passes
 * through every one of them (WGSL's min/max/clamp do not promise that, hence `is_nan`).
 */
import type { Activation } from '@dcnn/core';

/** erf to about 1.5e-7 absolute (Abramowitz & Stegun 7.1.26); WGSL has no erf. */
const ERF = /* wgsl */ `
fn erf_(x: f32) -> f32 {
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return sign(x) * (1.0 - poly * exp(-a * a));
}`;

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
  gelu: { expr: '0.5 * v * (1.0 + erf_(v * 0.7071067811865476))', needs: [ERF] },
};

/** Helper functions the unary element-wise ops share with the epilogues. */
export const MATH_HELPERS = [ERF, SIGMOID, TANH].join('\n');

/** `fn act(v: f32) -> f32` for an activation, with the helpers it needs. */
export function activationWgsl(act: Activation): string {
  const { expr, needs = [] } = bodies[act];
  return `${needs.join('\n')}\nfn act(v: f32) -> f32 { return ${expr}; }`;
}
