/** The tolerance table of SPEC.md and the relL2 / maxAbs comparison every checker uses. */
import type { PrecisionClass } from './backend.js';

export interface Tolerance {
  relL2: number;
  /** Scaled by `max(1, max|ref|)`. */
  maxAbs: number;
}

export const tolerances: Record<PrecisionClass, Tolerance> = {
  float64: { relL2: 1e-5, maxAbs: 1e-4 },
  'float32-cpu': { relL2: 1e-5, maxAbs: 1e-4 },
  'float32-gpu': { relL2: 1e-4, maxAbs: 1e-3 },
};

export interface Comparison {
  relL2: number;
  maxAbs: number;
  /** Whether both bounds hold and no NaN stands where the reference has a number. */
  pass: boolean;
  /** Why it failed, in words, when it did. */
  reason?: string;
}

/**
 * `relL2 = ‖y − ref‖₂ / max(‖ref‖₂, 1e-30)`, `maxAbs = max|y − ref|`. NaN where the reference has
 * a number fails; NaN or an infinity where the reference has the same counts as equal.
 */
export function compareOutputs(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Comparison {
  if (actual.length !== expected.length) {
    return { relL2: Infinity, maxAbs: Infinity, pass: false, reason: `${actual.length} values where ${expected.length} were expected` };
  }
  let diff2 = 0;
  let ref2 = 0;
  let maxAbs = 0;
  let maxRef = 0;
  let mismatch = -1;
  for (let i = 0; i < expected.length; i++) {
    const y = actual[i];
    const r = expected[i];
    if (!Number.isFinite(r) || !Number.isFinite(y)) {
      if (Object.is(y, r) || (Number.isNaN(y) && Number.isNaN(r))) continue;
      if (mismatch < 0) mismatch = i;
      continue;
    }
    const dlt = y - r;
    diff2 += dlt * dlt;
    ref2 += r * r;
    maxAbs = Math.max(maxAbs, Math.abs(dlt));
    maxRef = Math.max(maxRef, Math.abs(r));
  }
  const relL2 = Math.sqrt(diff2) / Math.max(Math.sqrt(ref2), 1e-30);
  if (mismatch >= 0) {
    return { relL2: NaN, maxAbs: NaN, pass: false, reason: `element ${mismatch} is ${actual[mismatch]} where the reference has ${expected[mismatch]}` };
  }
  const absBound = tol.maxAbs * Math.max(1, maxRef);
  const pass = relL2 <= tol.relL2 && maxAbs <= absBound;
  return pass
    ? { relL2, maxAbs, pass }
    : { relL2, maxAbs, pass, reason: `relL2 ${relL2.toExponential(3)} (bound ${tol.relL2}), maxAbs ${maxAbs.toExponential(3)} (bound ${absBound.toExponential(3)})` };
}
