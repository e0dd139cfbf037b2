/** Reference reductions, softmax and the shape ops. */
import { normaliseAxis, stridesOf, type Shape } from '../shape.js';

/** Visits every element with the flat index of its reduced output (reduced axes collapsed). */
function reduceInto(x: Float64Array, shape: Shape, axes: Set<number>, init: number, f: (acc: number, v: number) => number): Float64Array {
  const outShape = shape.map((d, i) => (axes.has(i) ? 1 : d));
  const outStrides = stridesOf(outShape).map((s, i) => (axes.has(i) ? 0 : s));
  const y = new Float64Array(outShape.reduce((p, d) => p * d, 1)).fill(init);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let o = 0;
  for (let e = 0; e < x.length; e++) {
    y[o] = f(y[o], x[e]);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      o += outStrides[d];
      if (index[d] < shape[d]) break;
      o -= outStrides[d] * shape[d];
      index[d] = 0;
    }
  }
  return y;
}

export function reduce(x: Float64Array, shape: Shape, axes: number[], kind: 'mean' | 'max' | 'sum'): Float64Array {
  const set = new Set(axes);
  if (kind === 'max') return reduceInto(x, shape, set, -Infinity, (acc, v) => (v > acc || v !== v ? v : acc));
  const y = reduceInto(x, shape, set, 0, (acc, v) => acc + v);
  if (kind === 'mean') {
    const count = axes.reduce((p, a) => p * shape[a], 1);
    for (let i = 0; i < y.length; i++) y[i] /= count;
  }
  return y;
}

export function softmax(x: Float64Array, shape: Shape, axis: number, temperature: number): Float64Array {
  const ax = normaliseAxis(axis, shape.length);
  const outer = shape.slice(0, ax).reduce((p, d) => p * d, 1);
  const len = shape[ax];
  const inner = shape.slice(ax + 1).reduce((p, d) => p * d, 1);
  const y = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let max = -Infinity;
      for (let k = 0; k < len; k++) max = Math.max(max, x[base + k * inner] / temperature);
      let sum = 0;
      for (let k = 0; k < len; k++) {
        const e = Math.exp(x[base + k * inner] / temperature - max);
        y[base + k * inner] = e;
        sum += e;
      }
      for (let k = 0; k < len; k++) y[base + k * inner] /= sum;
    }
  }
  return y;
}

export function transpose(x: Float64Array, shape: Shape, perm: number[]): Float64Array {
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const strides = perm.map((p) => inStrides[p]);
  const y = new Float64Array(x.length);
  const rank = outShape.length;
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let e = 0; e < y.length; e++) {
    y[e] = x[src];
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      src += strides[d];
      if (index[d] < outShape[d]) break;
      src -= strides[d] * outShape[d];
      index[d] = 0;
    }
  }
  return y;
}

/** Copies `x` (outer × axisLen × inner) into slices along the axis. */
export function split(x: Float64Array, shape: Shape, axis: number, sizes: number[]): Float64Array[] {
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  let start = 0;
  return sizes.map((size) => {
    const y = new Float64Array(outer * size * inner);
    for (let o = 0; o < outer; o++) {
      y.set(x.subarray((o * shape[axis] + start) * inner, (o * shape[axis] + start + size) * inner), o * size * inner);
    }
    start += size;
    return y;
  });
}

export function concat(xs: Float64Array[], shapes: Shape[], axis: number, out: Shape): Float64Array {
  const outer = out.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = out.slice(axis + 1).reduce((p, d) => p * d, 1);
  const y = new Float64Array(out.reduce((p, d) => p * d, 1));
  let start = 0;
  xs.forEach((x, k) => {
    const size = shapes[k][axis];
    for (let o = 0; o < outer; o++) {
      y.set(x.subarray(o * size * inner, (o + 1) * size * inner), (o * out[axis] + start) * inner);
    }
    start += size;
  });
  return y;
}
