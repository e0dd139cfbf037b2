// Reductions over any axes (an odometer over the input, f64 accumulators), softmax along one
// axis (stable, f64), transpose through strides, and strided block copies (concat, split).

/**
 * `dims` holds `rank` input sizes then `rank` output strides (0 along reduced axes). `acc` is
 * f64 scratch for `outSize` values, `idx` i32 scratch for `rank`. kind: 0 sum, 1 mean, 2 max.
 */
export function reduce(x: usize, y: usize, dims: usize, rank: i32, total: i32, outSize: i32, count: i32, kind: i32, acc: usize, idx: usize): i32 {
  if (rank <= 0 || kind < 0 || kind > 2) return 1;
  const init: f64 = kind == 2 ? -Infinity : 0;
  for (let o = 0; o < outSize; o++) store<f64>(acc + (<usize>o << 3), init);
  for (let d = 0; d < rank; d++) store<i32>(idx + (<usize>d << 2), 0);
  let o = 0;
  for (let e = 0; e < total; e++) {
    const v = <f64>load<f32>(x + (<usize>e << 2));
    const at = acc + (<usize>o << 3);
    if (kind == 2) {
      const cur = load<f64>(at);
      if (v > cur || isNaN(v)) store<f64>(at, v);
    } else store<f64>(at, load<f64>(at) + v);
    for (let d = rank - 1; d >= 0; d--) {
      const ip = idx + (<usize>d << 2);
      const size = load<i32>(dims + (<usize>d << 2));
      const stride = load<i32>(dims + (<usize>(rank + d) << 2));
      const v2 = load<i32>(ip) + 1;
      o += stride;
      if (v2 < size) {
        store<i32>(ip, v2);
        break;
      }
      store<i32>(ip, 0);
      o -= stride * size;
    }
  }
  for (let k = 0; k < outSize; k++) {
    let v = load<f64>(acc + (<usize>k << 3));
    if (kind == 1) v /= <f64>count;
    store<f32>(y + (<usize>k << 2), <f32>v);
  }
  return 0;
}

/** softmax of `x[outer][len][inner]` along `len`, of `x / temperature`. */
export function softmax(x: usize, y: usize, outer: i32, len: i32, inner: i32, temperature: f64): i32 {
  if (outer < 0 || len < 0 || inner < 0) return 1;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = <usize>(o * len * inner + i) << 2;
      const step = <usize>inner << 2;
      let mx: f64 = -Infinity;
      for (let k = 0; k < len; k++) mx = Math.max(mx, <f64>load<f32>(x + base + <usize>k * step) / temperature);
      let sum: f64 = 0;
      for (let k = 0; k < len; k++) sum += Math.exp(<f64>load<f32>(x + base + <usize>k * step) / temperature - mx);
      for (let k = 0; k < len; k++) {
        const e = Math.exp(<f64>load<f32>(x + base + <usize>k * step) / temperature - mx);
        store<f32>(y + base + <usize>k * step, <f32>(e / sum));
      }
    }
  }
  return 0;
}

/**
 * `y` (contiguous, sizes `dims[0..rank)`) ← `x` read with strides `dims[rank..2·rank)`
 * (elements). `idx` is i32 scratch for `rank`.
 */
export function transpose(x: usize, y: usize, dims: usize, rank: i32, total: i32, idx: usize): i32 {
  if (rank <= 0) return 1;
  for (let d = 0; d < rank; d++) store<i32>(idx + (<usize>d << 2), 0);
  let src = 0;
  for (let e = 0; e < total; e++) {
    store<f32>(y + (<usize>e << 2), load<f32>(x + (<usize>src << 2)));
    for (let d = rank - 1; d >= 0; d--) {
      const ip = idx + (<usize>d << 2);
      const size = load<i32>(dims + (<usize>d << 2));
      const stride = load<i32>(dims + (<usize>(rank + d) << 2));
      const v = load<i32>(ip) + 1;
      src += stride;
      if (v < size) {
        store<i32>(ip, v);
        break;
      }
      store<i32>(ip, 0);
      src -= stride * size;
    }
  }
  return 0;
}

/** `count` blocks of `bytes`: block i from `src + i·srcStride` to `dst + i·dstStride`. */
export function copyBlocks(dst: usize, src: usize, count: i32, bytes: i32, dstStride: i32, srcStride: i32): i32 {
  if (count < 0 || bytes < 0) return 1;
  for (let i = 0; i < count; i++) {
    memory.copy(dst + <usize>i * <usize>dstStride, src + <usize>i * <usize>srcStride, <usize>bytes);
  }
  return 0;
}
