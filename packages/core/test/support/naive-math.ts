/**
 * Scalar math written independently of the reference (src/reference/math.ts): erf by Simpson
 * integration of its defining integral instead of a series, and each activation spelled out
 * from its textbook definition.
 */

/** erf(x) = 2/√π ∫₀ˣ e^(−t²) dt by composite Simpson's rule (error ≲ 1e-12 for |x| ≤ 6). */
export function erfBySimpson(x: number, intervals = 4000): number {
  const h = x / intervals;
  let sum = 1 + Math.exp(-x * x);
  for (let k = 1; k < intervals; k++) {
    const u = k * h;
    sum += (k % 2 === 1 ? 4 : 2) * Math.exp(-u * u);
  }
  return (2 / Math.sqrt(Math.PI)) * (h / 3) * sum;
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Every fused activation of SPEC.md, by its name. */
export const naiveActivations: Record<string, (x: number) => number> = {
  none: (x) => x,
  relu: (x) => (x < 0 ? 0 : x),
  relu6: (x) => (x < 0 ? 0 : x > 6 ? 6 : x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  hardSigmoid: (x) => clamp01(0.2 * x + 0.5),
  hardSwish: (x) => x * clamp01(x / 6 + 0.5),
  silu: (x) => x / (1 + Math.exp(-x)),
  tanh: (x) => (1 - Math.exp(-2 * x)) / (1 + Math.exp(-2 * x)),
  gelu: (x) => 0.5 * x * (1 + erfBySimpson(x / Math.SQRT2)),
};

export const activationNames = Object.keys(naiveActivations);
