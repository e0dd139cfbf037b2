/** Output-size arithmetic shared by the conv family and pooling (SPEC.md). */
import { shapeError } from './spec.js';
import type { Pads, Pair } from './signatures.js';

/** `floor((H + top + bottom - (d*(k-1) + 1)) / s) + 1` for each spatial axis. */
export function convOutputSize(
  op: string,
  h: number,
  w: number,
  kernel: Pair,
  strides: Pair,
  pads: Pads,
  dilations: Pair,
): Pair {
  const oh = Math.floor((h + pads[0] + pads[2] - (dilations[0] * (kernel[0] - 1) + 1)) / strides[0]) + 1;
  const ow = Math.floor((w + pads[1] + pads[3] - (dilations[1] * (kernel[1] - 1) + 1)) / strides[1]) + 1;
  if (oh <= 0 || ow <= 0) {
    shapeError(
      op,
      'output size',
      'a positive output size (the padded input must cover one dilated kernel window)',
      `[${oh},${ow}] from input [${h},${w}], kernel [${kernel}], pads [${pads}], dilations [${dilations}], strides [${strides}]`,
    );
  }
  return [oh, ow];
}

/**
 * Pooling output size (ONNX AveragePool/MaxPool): floor, or ceil with `ceilMode`; with ceil, a
 * last window that would start inside the right or bottom padding is dropped.
 */
export function poolOutputSize(
  op: string,
  h: number,
  w: number,
  kernel: Pair,
  strides: Pair,
  pads: Pads,
  dilations: Pair,
  ceilMode: boolean,
): Pair {
  const axis = (size: number, k: number, s: number, begin: number, end: number, d: number): number => {
    // A window longer than the padded input (span < 0) still gives one output under ceilMode
    // when it starts inside (ONNX's ceil((span)/s + 1), PyTorch's output size): 3×3 stride-2
    // windows on a 2×2 map. Without ceilMode, or when span ≤ −s, the size is ≤ 0 (refused below).
    const span = size + begin + end - (d * (k - 1) + 1);
    let out = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (ceilMode && (out - 1) * s >= size + begin) out--;
    return out;
  };
  const oh = axis(h, kernel[0], strides[0], pads[0], pads[2], dilations[0]);
  const ow = axis(w, kernel[1], strides[1], pads[1], pads[3], dilations[1]);
  if (oh <= 0 || ow <= 0) {
    shapeError(
      op,
      'output size',
      'a positive output size (the padded input must cover one dilated window)',
      `[${oh},${ow}] from input [${h},${w}], kernel [${kernel}], pads [${pads}], strides [${strides}]`,
    );
  }
  return [oh, ow];
}
