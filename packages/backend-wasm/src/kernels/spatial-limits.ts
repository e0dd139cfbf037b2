/**
 * What the spatial kernels can index. They address the padded input plane, strides and
 * dilations with 32-bit integers (and size their scratch from them), so geometry beyond these
 * bounds would wrap around and compute garbage or trap; it is refused with a typed error
 * instead. SPEC.md sets no upper bound on pads, strides or dilations, and the reference runs
 * any; a padded plane this large would not fit the heap anyway unless the pads dwarf the input.
 */
import { UnsupportedError } from '@dcnn/core';

/** Elements of the padded input plane, (H + top + bottom) · (W + left + right). */
export const MAX_PADDED_PLANE = 2 ** 28;
/** Each stride and dilation. */
export const MAX_STEP = 2 ** 28;

interface Spatial {
  strides: readonly number[];
  dilations: readonly number[];
  pads: readonly number[];
}

/** Throws an UnsupportedError naming the attribute when `attrs` on an `H`×`W` input exceed the bounds. */
export function checkSpatialLimits(op: string, H: number, W: number, attrs: Spatial): void {
  for (const arg of ['strides', 'dilations'] as const) {
    const big = attrs[arg].find((v) => v > MAX_STEP);
    if (big !== undefined) {
      throw new UnsupportedError({ op, arg, expected: `values of at most 2^28 on the wasm backend (its kernels index with 32-bit integers)`, actual: `${big}` });
    }
  }
  const [top, left, bottom, right] = attrs.pads;
  const PH = H + top + bottom;
  const PW = W + left + right;
  if (PH * PW > MAX_PADDED_PLANE) {
    throw new UnsupportedError({
      op,
      arg: 'pads',
      expected: `a padded input plane of at most 2^28 elements on the wasm backend (its kernels index it with 32-bit integers)`,
      actual: `pads [${attrs.pads.join(', ')}] on a ${H}×${W} input: ${PH}×${PW}`,
    });
  }
}
