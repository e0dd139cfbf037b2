// dense: y[n][o] = act(b[o] + x[n]·w[o]), an f32x4 dot product with four accumulators.
import { applyActivation } from './activation';

/** Features per partial sum (a multiple of 16). */
const BLOCK = 1024;

export function dense(x: usize, w: usize, b: usize, y: usize, N: i32, F: i32, O: i32, act: i32, o0: i32, o1: i32): i32 {
  if (N < 0 || F < 0 || o0 < 0 || o1 > O || o1 < o0) return 2;
  for (let n = 0; n < N; n++) {
    const xr = x + (<usize>(n * F) << 2);
    const yr = y + (<usize>(n * O) << 2);
    for (let o = o0; o < o1; o++) {
      const wr = w + (<usize>(o * F) << 2);
      // Blocks of BLOCK features, each summed into fresh accumulators and then into `total`:
      // one running sum over 65536 features lost 2e-5 relative on same-sign data (SPEC.md
      // allows 1e-5); now each sum runs over at most BLOCK/16 terms plus F/BLOCK blocks.
      let total = f32x4.splat(0);
      let k = 0;
      while (k + 16 <= F) {
        const end = min(F, k + BLOCK);
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        for (; k + 16 <= end; k += 16) {
          const at = <usize>k << 2;
          a0 = f32x4.add(a0, f32x4.mul(v128.load(xr + at), v128.load(wr + at)));
          a1 = f32x4.add(a1, f32x4.mul(v128.load(xr + at, 16), v128.load(wr + at, 16)));
          a2 = f32x4.add(a2, f32x4.mul(v128.load(xr + at, 32), v128.load(wr + at, 32)));
          a3 = f32x4.add(a3, f32x4.mul(v128.load(xr + at, 48), v128.load(wr + at, 48)));
        }
        total = f32x4.add(total, f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
      }
      for (; k + 4 <= F; k += 4) {
        const at = <usize>k << 2;
        total = f32x4.add(total, f32x4.mul(v128.load(xr + at), v128.load(wr + at)));
      }
      const s = total;
      let acc = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
      for (; k < F; k++) acc += load<f32>(xr + (<usize>k << 2)) * load<f32>(wr + (<usize>k << 2));
      if (b) acc += load<f32>(b + (<usize>o << 2));
      store<f32>(yr + (<usize>o << 2), acc);
    }
    applyActivation(yr + (<usize>o0 << 2), o1 - o0, act);
  }
  return 0;
}
