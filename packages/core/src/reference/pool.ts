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
      for (let j = 0; j < ow; j++) {
        let acc = kind === 'avg' ? 0 : -Infinity;
        let count = 0;
        for (let p = 0; p < kh; p++) {
          const r = i * sh - top + p * dh;
          for (let q = 0; q < kw; q++) {
            const col = j * sw - left + q * dw;
            const inside = r >= 0 && r < h && col >= 0 && col < w;
            // With countIncludePad, taps on the explicit padding count; taps beyond it (ceil mode) do not.
            const inPadded = r >= -top && r < h + bottom && col >= -left && col < w + right;
            if (inside) {
              const v = x[base + r * w + col];
              if (kind === 'avg') acc += v;
              else if (v > acc || v !== v) acc = v;
            }
            if (inside || (includePad && inPadded)) count++;
          }
        }
        y[(k * oh + i) * ow + j] = kind === 'avg' ? (count > 0 ? acc / count : 0) : acc;
      }
    }
  }
  return y;
}
