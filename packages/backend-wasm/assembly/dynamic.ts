// dynamicConv2d's per-sample kernel: Σ_k a[k]·w[k] with the spatial and input-channel attentions
// folded in, written straight into the GEMM core's packed panels (once per sample).

/**
 * `wp` ← (with `packed`) the GEMM panels, else rows `[M][K]` (the depthwise layout), of `W_n[m][k] = Σ_e a[e]·bank[e][m][k] · spatial[k % taps] · channel[g·cg + k / taps]`
 * for every group; `spatial`/`channel` may be 0. `row` is scratch for K floats.
 */
export function aggregateKernel(
  bank: usize, a: usize, experts: i32, M: i32, group: i32, cg: i32, taps: i32,
  spatial: usize, channel: usize, row: usize, wp: usize, packed: bool,
): void {
  const K = cg * taps;
  const mg = M / group;
  const blocks = (mg + 3) >> 2;
  const bankStride = (<usize>M * K) << 2;
  for (let g = 0; g < group; g++) {
    const rows = packed ? blocks * 4 : mg;
    const gp = wp + (<usize>(g * rows * K) << 2);
    for (let r = 0; r < rows; r++) {
      const m = g * mg + r;
      const dst = packed ? gp + (<usize>((r >> 2) * K) << 4) + (<usize>(r & 3) << 2) : gp + (<usize>(r * K) << 2);
      const step: usize = packed ? 16 : 4;
      if (r >= mg) {
        for (let k = 0; k < K; k++) store<f32>(dst + <usize>k * step, 0);
        continue;
      }
      memory.fill(row, 0, <usize>K << 2);
      for (let e = 0; e < experts; e++) {
        const coeff = f32x4.splat(load<f32>(a + (<usize>e << 2)));
        const src = bank + <usize>e * bankStride + (<usize>(m * K) << 2);
        let k = 0;
        for (; k + 4 <= K; k += 4) {
          const at = <usize>k << 2;
          v128.store(row + at, f32x4.add(v128.load(row + at), f32x4.mul(coeff, v128.load(src + at))));
        }
        const cs = f32x4.extract_lane(coeff, 0);
        for (; k < K; k++) {
          const at = <usize>k << 2;
          store<f32>(row + at, load<f32>(row + at) + cs * load<f32>(src + at));
        }
      }
      for (let k = 0; k < K; k++) {
        let v = load<f32>(row + (<usize>k << 2));
        if (spatial) v *= load<f32>(spatial + (<usize>(k % taps) << 2));
        if (channel) v *= load<f32>(channel + (<usize>(g * cg + k / taps) << 2));
        store<f32>(dst + <usize>k * step, v);
      }
    }
  }
}

/** `out[m] = Σ_e a[e]·b[e][m]`. */
export function aggregateBias(b: usize, a: usize, experts: i32, M: i32, out: usize): void {
  for (let m = 0; m < M; m++) {
    let acc: f64 = 0;
    for (let e = 0; e < experts; e++) acc += <f64>load<f32>(a + (<usize>e << 2)) * <f64>load<f32>(b + (<usize>(e * M + m) << 2));
    store<f32>(out + (<usize>m << 2), <f32>acc);
  }
}

/**
 * The GEMM-path aggregation from a bank already packed into panels (each expert's panels
 * `size` floats apart, cached per bank by the glue): `out = Σ_e a[e]·bank_e`, a streaming f32x4
 * pass, then the spatial and channel attentions (one factor per panel row k, shared by its 4
 * lanes). `blocks` is ⌈(M/group)/4⌉; K = cg·taps.
 */
export function aggregatePacked(
  bank: usize, a: usize, experts: i32, size: i32, group: i32, blocks: i32, cg: i32, taps: i32,
  spatial: usize, channel: usize, out: usize,
): void {
  const K = cg * taps;
  const stride = <usize>size << 2;
  let f: usize = 0;
  for (let g = 0; g < group; g++) {
    for (let mb = 0; mb < blocks; mb++) {
      for (let k = 0; k < K; k++, f += 16) {
        let src = bank + f;
        let acc = f32x4.mul(v128.load32_splat(a), v128.load(src));
        for (let e = 1; e < experts; e++) {
          src += stride;
          acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(a + (<usize>e << 2)), v128.load(src)));
        }
        if (spatial) acc = f32x4.mul(acc, v128.load32_splat(spatial + (<usize>(k % taps) << 2)));
        if (channel) acc = f32x4.mul(acc, v128.load32_splat(channel + (<usize>(g * cg + k / taps) << 2)));
        v128.store(out + f, acc);
      }
    }
  }
}
