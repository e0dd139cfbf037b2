/** Running a fuzz case on a backend and on the float64 reference, and judging the outputs. */
import { compareOutputs, createReferenceBackend, liveTensorCount, runOp, tensor, tolerances, type AnyBackend, type Tensor } from '@dcnn/core';
import { type FuzzCase, attrsOf, expectedShape, inputData, size } from './case.js';

export interface FuzzOutput {
  shape: readonly number[];
  values: Float32Array | Float64Array;
}

/** Uploads the inputs, runs the op, reads the output back and frees every tensor. */
export async function runFuzzCase(backend: AnyBackend, c: FuzzCase): Promise<FuzzOutput> {
  const tensors: Tensor[] = [];
  try {
    const inputs: Record<string, Tensor> = {};
    Object.entries(c.inputs).forEach(([name, spec], i) => {
      const t = tensor(backend, inputData(c, i, spec), spec.shape);
      tensors.push(t);
      inputs[name] = t;
    });
    const y = runOp(c.op, inputs as never, c.attrs as never) as unknown as Tensor;
    tensors.push(y);
    const values = backend.precision === 'float64' ? await y.data64() : await y.data();
    return { shape: y.shape, values };
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/** A backend under test. */
export interface FuzzTarget {
  /** Its name in failure messages. */
  name: string;
  backend: AnyBackend;
  /**
   * Besides the live tensor count, which must come back to where it was: a count of the
   * backend's own resources that must too (wasm heap bytes, GPU buffers), and its unit.
   */
  resources?: { count(): number; unit: string };
}

/** A failure message's heading: the op, where the case came from, how to replay it, `details` lines and the case as JSON. */
export const describeFuzzCase = (c: FuzzCase, seed: number | string, index: number, family: string, details: string[] = []): string =>
  `${c.op} (${family} case #${index} of seed ${seed}; replay: DCNN_FUZZ_SEED=${seed} npx vitest run test/fuzz.test.ts)\n` +
  details.map((d) => `  ${d}\n`).join('') +
  `  case: ${JSON.stringify(c)}`;

/**
 * SPEC.md's relL2 bound cannot be met by any float32 accumulation when an output cancels to far
 * below its terms (a dense layer whose 12 products of size 0.3 sum to 1e-3, then relu: a 1e-7
 * rounding error is a relL2 of 1e-4). When a case misses the tolerance, it is judged again
 * element by element against the forward error bound of float32 sums, |y − ref| ≤ β·S with
 * S = the op on the magnitudes |x|, |w|, ... (no activation; offsets kept) and β = 3·(n + 16)
 * rounding units for n summed terms, times 1.5 for the steepest fused activation (hardSwish).
 * A wrong tap, pixel or channel is off by about one term, n times more than β·S; only
 * ill-conditioned cases pass this way. Max pooling is exact and gets no such second chance.
 */
function roundingTerms(given: FuzzCase): number {
  const c = { ...given, attrs: attrsOf(given) };
  const w = c.inputs.w?.shape;
  switch (c.op) {
    case 'conv2d':
      return size(w.slice(-3)) + 1;
    case 'dynamicConv2d':
      return size(w.slice(-3)) + w[0] + 4;
    case 'deformConv2d':
      return size(w.slice(-3)) + 8;
    case 'dense':
      return w[1] + 1;
    case 'avgPool2d':
      return size(c.attrs.kernel as number[]);
    case 'globalAvgPool':
      return size(c.inputs.x.shape.slice(2));
    case 'maxPool2d':
    case 'globalMaxPool':
      return 0;
    default:
      return 1;
  }
}

function withinRounding(got: ArrayLike<number>, ref: ArrayLike<number>, magnitudes: ArrayLike<number>, terms: number): { pass: boolean; worst: string } {
  const beta = 1.5 * 3 * (terms + 16) * 2 ** -24;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < ref.length; i++) {
    if (!Number.isFinite(ref[i])) continue; // compareOutputs judged the non-finite ones
    const ratio = Math.abs(got[i] - ref[i]) / Math.max(beta * magnitudes[i], 1e-30);
    if (!(ratio <= worst)) {
      worst = ratio;
      at = i;
    }
  }
  return { pass: terms > 0 && worst <= 1, worst: at < 0 ? 'none' : `element ${at}: |y − ref| = ${Math.abs(got[at] - ref[at]).toExponential(3)} is ${worst.toFixed(2)}× β·S (S = ${magnitudes[at].toExponential(3)})` };
}

export interface FuzzJudgement {
  /** What went wrong, in words (each starts with `label`); empty when every target passed. */
  failures: string[];
  /** The outputs of the targets that ran and gave the reference's shape, by name (for checks of their own, e.g. identical bits). */
  outputs: Map<string, FuzzOutput>;
}

/**
 * Runs `c` on the reference and on every target, in order, and judges each target's output at
 * its precision's tolerance (`tolerances[backend.precision]`, SPEC.md), with the float32
 * rounding bound above for outputs that miss it; the reference's shape must be SPEC.md's, and
 * every run must leave the live tensors (and the target's `resources`) as it found them.
 */
export async function judgeFuzzCase(c: FuzzCase, targets: readonly FuzzTarget[], label: string): Promise<FuzzJudgement> {
  const failures: string[] = [];
  const outputs = new Map<string, FuzzOutput>();
  const want = expectedShape(c);
  let ref: FuzzOutput;
  try {
    ref = await runFuzzCase(createReferenceBackend(), c);
  } catch (error) {
    return { failures: [`${label}\n  the reference rejected a valid case: ${String(error)}`], outputs };
  }
  if (ref.shape.join() !== want.join()) failures.push(`${label}\n  reference shape [${ref.shape}] where SPEC.md gives [${want}]`);
  let magnitudes: ArrayLike<number> | undefined;
  for (const { name, backend, resources } of targets) {
    const kind = 'variant' in backend ? `${name} (${String(backend.variant)})` : name;
    const tensorsBefore = liveTensorCount(backend);
    const before = resources?.count();
    let got: FuzzOutput;
    try {
      got = await runFuzzCase(backend, c);
    } catch (error) {
      failures.push(`${label}\n  ${kind} threw: ${String(error)}`);
      continue;
    }
    if (liveTensorCount(backend) !== tensorsBefore) failures.push(`${label}\n  ${name}: ${liveTensorCount(backend) - tensorsBefore} tensors left live`);
    if (resources && resources.count() !== before) failures.push(`${label}\n  ${name}: ${resources.count() - before!} ${resources.unit} left live`);
    if (got.shape.join() !== ref.shape.join()) {
      failures.push(`${label}\n  ${name}: shape [${got.shape}] where the reference has [${ref.shape}]`);
      continue;
    }
    outputs.set(name, got);
    const cmp = compareOutputs(got.values, ref.values, tolerances[backend.precision]);
    if (!cmp.pass) {
      // NaN where the reference has a number (relL2 NaN) fails outright; otherwise the rounding bound decides.
      let rounding = { pass: false, worst: 'not applicable' };
      if (!Number.isNaN(cmp.relL2)) {
        const attrs = { ...c.attrs };
        if ('activation' in attrs) attrs.activation = 'none';
        magnitudes ??= (await runFuzzCase(createReferenceBackend(), { ...c, attrs, magnitudes: true })).values;
        rounding = withinRounding(got.values, ref.values, magnitudes, roundingTerms(c));
      }
      if (!rounding.pass) failures.push(`${label}\n  ${kind} against the reference: ${cmp.reason}; float32 rounding bound: ${rounding.worst}`);
    }
  }
  return { failures, outputs };
}
