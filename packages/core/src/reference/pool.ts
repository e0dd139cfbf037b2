/** Reference pooling (ONNX AveragePool / MaxPool, including ceil mode and dilations). */
import type { AvgPoolAttrs, PoolAttrs } from '../ops/signatures.js';
import type { Shape } from '../shape.js';

export function globalPool(x: Float64Array, shape: Shape, kind: 'avg' | 'max'): Float64Array {
  const [n, c, h, w] = shape;
  const plane = h * w;
  const y = new Float64Array(n * c);
  for (let k = 0; k < n * c; k++) {
    let acc = kind === 'avg' ? 0 : -Infinity;
    for (let e = 0; e < plane; e++) {
      const v = x[k * plane + e];
      if (kind === 'avg') acc += v;
      else if (v > acc || v !== v) acc = v;
    }
    y[k] = kind === 'avg' ? acc / plane : acc;
  }
  return y;
}

export function pool2d(
  x: Float64Array, shape: Shape, out: Shape, attrs: PoolAttrs | AvgPoolAttrs, kind: 'avg' | 'max',
): Float64Array {
  const [n, c, h, w] = shape;
  const [oh, ow] = [out[2], out[3]];
  const [kh, kw] = attrs.kernel;
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilations;
  const [top, left, bottom, right] = attrs.pads;
  const includePad = kind === 'avg' && (attrs as AvgPoolAttrs).countIncludePad;
  const y = new Float64Array(n * c * oh * ow);
  for (let k = 0; k < n * c; k++) {
    const base = k * h * w;
    for (let i = 0; i < oh; i++) {
      const r0 = i * sh - top;
      const [p0, p1] = tapRange(r0, dh, kh, 0, h);
      const rowsCounted = includePad ? tapCount(r0, dh, kh, -top, h + bottom) : p1 - p0;
      for (let j = 0; j < ow; j++) {
        const c0 = j * sw - left;
        const [q0, q1] = tapRange(c0, dw, kw, 0, w);
        // With countIncludePad, taps on the explicit padding count; taps beyond it (ceil mode) do not.
        const count = rowsCounted * (includePad ? tapCount(c0, dw, kw, -left, w + right) : q1 - q0);
        let acc = kind === 'avg' ? 0 : -Infinity;
        for (let p = p0; p < p1; p++) {
          const r = r0 + p * dh;
          for (let q = q0; q < q1; q++) {
            const v = x[base + r * w + c0 + q * dw];
            if (kind === 'avg') acc += v;
            else if (v > acc || v !== v) acc = v;
          }
        }
        y[(k * oh + i) * ow + j] = kind === 'avg' ? (count > 0 ? acc / count : 0) : acc;
      }
    }
  }
  return y;
}

/**
 * The taps `[first, end)` of a window of `k` taps `d` apart starting at `start` that land in
 * `[lo, hi)`. Only those are visited: a kernel far larger than the input (valid under SPEC.md)
 * would otherwise loop over millions of taps on padding for each output.
 */
function tapRange(start: number, d: number, k: number, lo: number, hi: number): [number, number] {
  const first = Math.max(0, Math.ceil((lo - start) / d));
  const end = Math.min(k, Math.ceil((hi - start) / d));
  return [first, Math.max(first, end)];
}

function tapCount(start: number, d: number, k: number, lo: number, hi: number): number {
  const [first, end] = tapRange(start, d, k, lo, hi);
  return end - first;
}
