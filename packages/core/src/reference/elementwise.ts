/** Reference element-wise ops: unary maps and NumPy-broadcast binary ops. */
import { stridesOf, type Shape } from '../shape.js';

export function map(x: Float64Array, f: (v: number) => number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = f(x[i]);
  return y;
}

/** Strides of `shape` seen through broadcasting to `out` (0 along broadcast axes). */
function broadcastStrides(shape: Shape, out: Shape): number[] {
  const own = stridesOf(shape);
  const offset = out.length - shape.length;
  return out.map((d, i) => (i < offset || shape[i - offset] === 1 ? 0 : own[i - offset]));
}

export function binary(
  a: Float64Array, aShape: Shape, b: Float64Array, bShape: Shape, out: Shape, f: (x: number, y: number) => number,
): Float64Array {
  const size = out.reduce((p, d) => p * d, 1);
  const y = new Float64Array(size);
  const sa = broadcastStrides(aShape, out);
  const sb = broadcastStrides(bShape, out);
  const rank = out.length;
  const index = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let e = 0; e < size; e++) {
    y[e] = f(a[ia], b[ib]);
    // Odometer increment of the output index, moving both input offsets along.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      ia += sa[d];
      ib += sb[d];
      if (index[d] < out[d]) break;
      ia -= sa[d] * out[d];
      ib -= sb[d] * out[d];
      index[d] = 0;
    }
  }
  return y;
}
