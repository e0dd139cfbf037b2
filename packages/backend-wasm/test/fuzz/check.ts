/** Running a case on the reference and the wasm backends, and judging the outputs. */
import { compareOutputs, createReferenceBackend, runOp, tensor, tolerances, type AnyBackend, type Tensor } from '@dcnn/core';
import type { WasmBackend } from '../../src/index.js';
import { type Case, attrsOf, expectedShape, inputData, size } from './case.js';
import { pathsOf } from './paths.js';

interface Output {
  shape: readonly number[];
  values: Float32Array | Float64Array;
}

/** Uploads the inputs, runs the op, reads the output back and frees every tensor. */
export async function runCase(backend: AnyBackend, c: Case): Promise<Output> {
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

export interface Wasm {
  name: string;
  backend: WasmBackend;
}

export const describeCase = (c: Case, seed: number | string, index: number, family: string): string =>
  `${c.op} (${family} case #${index} of seed ${seed}; replay: DCNN_FUZZ_SEED=${seed} npx vitest run test/fuzz.test.ts)\n` +
  `  paths: ${pathsOf(c).join(', ')}\n  case: ${JSON.stringify(c)}`;

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
function roundingTerms(given: Case): number {
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

/** Runs `c` on the reference and every wasm backend; returns the failures, in words. */
export async function check(c: Case, wasms: Wasm[], label: string): Promise<string[]> {
  const failures: string[] = [];
  const want = expectedShape(c);
  let ref: Output;
  try {
    ref = await runCase(createReferenceBackend(), c);
  } catch (error) {
    return [`${label}\n  the reference rejected a valid case: ${String(error)}`];
  }
  if (ref.shape.join() !== want.join()) failures.push(`${label}\n  reference shape [${ref.shape}] where SPEC.md gives [${want}]`);
  let first: Output | undefined;
  let magnitudes: ArrayLike<number> | undefined;
  for (const { name, backend } of wasms) {
    const before = backend.liveBytes();
    let got: Output;
    try {
      got = await runCase(backend, c);
    } catch (error) {
      failures.push(`${label}\n  ${name} (${backend.variant}) threw: ${String(error)}`);
      continue;
    }
    if (backend.liveBytes() !== before) failures.push(`${label}\n  ${name}: ${backend.liveBytes() - before} heap bytes left live`);
    if (got.shape.join() !== ref.shape.join()) {
      failures.push(`${label}\n  ${name}: shape [${got.shape}] where the reference has [${ref.shape}]`);
      continue;
    }
    const cmp = compareOutputs(got.values, ref.values, tolerances['float32-cpu']);
    if (!cmp.pass) {
      // NaN where the reference has a number (relL2 NaN) fails outright; otherwise the rounding bound decides.
      let rounding = { pass: false, worst: 'not applicable' };
      if (!Number.isNaN(cmp.relL2)) {
        const attrs = { ...c.attrs };
        if ('activation' in attrs) attrs.activation = 'none';
        magnitudes ??= (await runCase(createReferenceBackend(), { ...c, attrs, magnitudes: true })).values;
        rounding = withinRounding(got.values, ref.values, magnitudes, roundingTerms(c));
      }
      if (!rounding.pass) {
        failures.push(`${label}\n  ${name} (${backend.variant}) against the reference: ${cmp.reason}; float32 rounding bound: ${rounding.worst}`);
      }
    }
    // Same build, one thread and two: identical bits (README: results do not depend on threads).
    if (name === 'wasm-2t' && first && !sameBits(got.values, first.values)) {
      failures.push(`${label}\n  wasm-2t differs in bits from wasm-1t (same build, ${backend.variant})`);
    }
    if (name === 'wasm-1t') first = got;
  }
  return failures;
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}
