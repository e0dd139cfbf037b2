// dynamicConv2d's per-sample kernel: Σ_k a[k]·w[k] with the spatial and input-channel attentions
// folded in, computed once per sample: as GEMM panels from a bank packed once (aggregatePacked),
// or as `[M][K]` rows for the depthwise kernel (aggregateRows).

/**
 * `out[m][k] = Σ_e a[e]·bank[e][m][k] · spatial[k % taps] · channel[g(m)·cg + k / taps]`, rows
 * `[M][K]` (K = cg·taps) for `m` in `[m0, m1)` (threads split them); `spatial`/`channel` may be 0.
 * The expert sum is a streaming f32x4 pass over the rows; the attentions a second pass.
 */
export function aggregateRows(
  bank: usize, a: usize, experts: i32, M: i32, group: i32, cg: i32, taps: i32,
  spatial: usize, channel: usize, out: usize, m0: i32, m1: i32,
): i32 {
  const K = cg * taps;
  if (m0 < 0 || m1 > M || group <= 0 || M % group != 0) return 2;
  const mg = M / group;
  const bankStride = (<usize>M * K) << 2;
  const begin = <usize>(m0 * K) << 2;
  const end = <usize>(m1 * K) << 2;
  let i = begin;
  if (experts <= 0) {
    // An empty bank (K = 0): the sum is 0 (the loops below read expert 0); the attentions
    // still multiply it, as in the reference.
    memory.fill(out + begin, 0, end - begin);
    i = end;
  }
  for (; i + 16 <= end; i += 16) {
    let src = bank + i;
    let acc = f32x4.mul(v128.load32_splat(a), v128.load(src));
    for (let e = 1; e < experts; e++) {
      src += bankStride;
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(a + (<usize>e << 2)), v128.load(src)));
    }
    v128.store(out + i, acc);
  }
  for (; i < end; i += 4) {
    let src = bank + i;
    let acc = load<f32>(a) * load<f32>(src);
    for (let e = 1; e < experts; e++) {
      src += bankStride;
      acc += load<f32>(a + (<usize>e << 2)) * load<f32>(src);
    }
    store<f32>(out + i, acc);
  }
  if (spatial || channel) {
    for (let m = m0; m < m1; m++) {
      const dst = out + (<usize>(m * K) << 2);
      const ch = channel + (<usize>((m / mg) * cg) << 2);
      for (let c = 0; c < cg; c++) {
        const cs: f32 = channel ? load<f32>(ch + (<usize>c << 2)) : 1;
        for (let t = 0; t < taps; t++) {
          const at = dst + (<usize>(c * taps + t) << 2);
          let v = load<f32>(at);
          if (spatial) v *= load<f32>(spatial + (<usize>t << 2));
          if (channel) v *= cs;
          store<f32>(at, v);
        }
      }
    }
  }
  return 0;
}

/** `out[m] = Σ_e a[e]·b[e][m]`. */
export function aggregateBias(b: usize, a: usize, experts: i32, M: i32, out: usize): i32 {
  if (experts < 0 || M < 0) return 1;
  for (let m = 0; m < M; m++) {
    let acc: f64 = 0;
    for (let e = 0; e < experts; e++) acc += <f64>load<f32>(a + (<usize>e << 2)) * <f64>load<f32>(b + (<usize>(e * M + m) << 2));
    store<f32>(out + (<usize>m << 2), <f32>acc);
  }
  return 0;
}

/**
 * The GEMM-path aggregation from a bank already packed into panels (each expert's panels
 * `size` floats apart, cached per bank by the glue): `out = Σ_e a[e]·bank_e`, a streaming f32x4
 * pass, then the spatial and channel attentions (one factor per panel row k, shared by its 4
 * lanes). Covers panel rows `[v0, v1)` of the `group·blocks·K` rows (threads split them);
 * `blocks` is ⌈(M/group)/4⌉, K = cg·taps.
 */
export function aggregatePacked(
  bank: usize, a: usize, experts: i32, size: i32, blocks: i32, cg: i32, taps: i32,
  spatial: usize, channel: usize, out: usize, v0: i32, v1: i32,
): i32 {
  const K = cg * taps;
  if (v0 < 0 || v1 < v0 || K < 0) return 1;
  const stride = <usize>size << 2;
  for (let v = v0; v < v1; v++) {
    const f = <usize>v << 4;
    let src = bank + f;
    // An empty bank (K = 0) sums to 0; the attentions still multiply it, as in the reference.
    let acc = experts > 0 ? f32x4.mul(v128.load32_splat(a), v128.load(src)) : f32x4.splat(0);
    for (let e = 1; e < experts; e++) {
      src += stride;
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(a + (<usize>e << 2)), v128.load(src)));
    }
    if (spatial || channel) {
      const k = v % K;
      if (spatial) acc = f32x4.mul(acc, v128.load32_splat(spatial + (<usize>(k % taps) << 2)));
      if (channel) {
        const g = v / K / blocks;
        acc = f32x4.mul(acc, v128.load32_splat(channel + (<usize>(g * cg + k / taps) << 2)));
      }
    }
    v128.store(out + f, acc);
  }
  return 0;
}
