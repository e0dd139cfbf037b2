/** The ONNX node-test comparison rule. */

/**
 * ONNX's own runner uses rtol 1e-3 and atol 1e-7; a few expected values in the vectors were
 * typed by hand, so we use atol 1e-4. An element passes when `|y − e| ≤ atol + rtol·|e|`; NaN
 * must meet NaN and an infinity the same infinity.
 */
export const ONNX_TOLERANCE = { rtol: 1e-3, atol: 1e-4 } as const;

export interface OnnxComparison {
  pass: boolean;
  relL2: number;
  maxAbs: number;
  reason?: string;
}

export function compareOnnx(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = ONNX_TOLERANCE): OnnxComparison {
  if (actual.length !== expected.length) {
    return { pass: false, relL2: Infinity, maxAbs: Infinity, reason: `${actual.length} values where ${expected.length} were expected` };
  }
  let diff2 = 0;
  let ref2 = 0;
  let maxAbs = 0;
  let firstBad = -1;
  for (let i = 0; i < expected.length; i++) {
    const y = actual[i];
    const e = expected[i];
    if (!Number.isFinite(e) || !Number.isFinite(y)) {
      if (!(Object.is(y, e) || (Number.isNaN(y) && Number.isNaN(e))) && firstBad < 0) firstBad = i;
      continue;
    }
    const d = Math.abs(y - e);
    diff2 += d * d;
    ref2 += e * e;
    maxAbs = Math.max(maxAbs, d);
    if (d > tol.atol + tol.rtol * Math.abs(e) && firstBad < 0) firstBad = i;
  }
  const relL2 = Math.sqrt(diff2) / Math.max(Math.sqrt(ref2), 1e-30);
  if (firstBad < 0) return { pass: true, relL2, maxAbs };
  return {
    pass: false,
    relL2,
    maxAbs,
    reason: `element ${firstBad} is ${actual[firstBad]}, expected ${expected[firstBad]} (|y − e| ≤ ${tol.atol} + ${tol.rtol}·|e|); relL2 ${relL2.toExponential(3)}, maxAbs ${maxAbs.toExponential(3)}`,
  };
}
