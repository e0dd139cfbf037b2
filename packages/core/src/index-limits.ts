/**
 * Geometry that a backend indexing with 32-bit integers can run. The wasm kernels and the WGSL
 * shaders address the padded input plane, strides and dilations with i32/u32 arithmetic (and
 * size scratch from them), so beyond these bounds their indices would wrap around and compute
 * garbage, trap, or size a buffer absurdly. SPEC.md sets no upper bound on pads, strides or
 * dilations and the reference runs any; such a backend refuses them with an UnsupportedError
 * naming the attribute ("valid input that this backend cannot run"). A padded plane this large
 * would not fit in memory anyway unless the pads dwarf the input.
 */
import { UnsupportedError } from './errors.js';

/** Elements of the padded input plane, (H + top + bottom) · (W + left + right). */
export const MAX_PADDED_PLANE = 2 ** 28;
/** Each stride and dilation. */
export const MAX_SPATIAL_STEP = 2 ** 28;

/** The attributes of conv2d, dynamicConv2d, deformConv2d and the 2-D poolings that are checked. */
export interface SpatialSteps {
  strides: readonly number[];
  dilations: readonly number[];
  pads: readonly number[];
}

/**
 * Throws an UnsupportedError naming `pads`, `strides` or `dilations` when `attrs` on an `H`×`W`
 * input exceed what a 32-bit-indexing `backend` (its name, for the message) can address.
 */
export function checkInt32Geometry(op: string, backend: string, H: number, W: number, attrs: SpatialSteps): void {
  const why = `on the ${backend} backend (its kernels index with 32-bit integers)`;
  for (const arg of ['strides', 'dilations'] as const) {
    const big = attrs[arg].find((v) => v > MAX_SPATIAL_STEP);
    if (big !== undefined) throw new UnsupportedError({ op, arg, expected: `values of at most ${MAX_SPATIAL_STEP} ${why}`, actual: `${big}` });
  }
  const [top, left, bottom, right] = attrs.pads;
  const PH = H + top + bottom;
  const PW = W + left + right;
  if (PH * PW > MAX_PADDED_PLANE) {
    throw new UnsupportedError({
      op,
      arg: 'pads',
      expected: `a padded input plane of at most ${MAX_PADDED_PLANE} elements ${why}`,
      actual: `pads [${attrs.pads.join(', ')}] on a ${H}×${W} input: ${PH}×${PW}`,
    });
  }
}
