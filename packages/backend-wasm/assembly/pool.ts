// Pooling: global (f64 sums, NaN-propagating max) and windowed (ONNX AveragePool / MaxPool).

/** `y[k] = mean or max of plane k` for k in `[k0, k1)` (threads split the planes). */
export function globalPool(x: usize, y: usize, size: i32, isMax: bool, k0: i32, k1: i32): i32 {
  if (k0 < 0 || k1 < k0) return 1;
  for (let k = k0; k < k1; k++) {
    const base = x + (<usize>(k * size) << 2);
    if (isMax) {
      let acc = f32x4.splat(-Infinity);
      let i = 0;
      for (; i + 4 <= size; i += 4) acc = f32x4.max(acc, v128.load(base + (<usize>i << 2)));
      let m = max(max(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
      for (; i < size; i++) m = max(m, load<f32>(base + (<usize>i << 2)));
      store<f32>(y + (<usize>k << 2), m);
    } else {
      // Four independent f64 chains over 8 floats per step: one chain is bound by the add's
      // latency, four keep the adder busy (the sum stays in f64 throughout).
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let i = 0;
      for (; i + 8 <= size; i += 8) {
        const u = v128.load(base + (<usize>i << 2));
        const v = v128.load(base + (<usize>i << 2), 16);
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(u));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i32x4.shuffle(u, u, 2, 3, 0, 1)));
        a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v));
        a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
      }
      for (; i + 4 <= size; i += 4) {
        const u = v128.load(base + (<usize>i << 2));
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(u));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i32x4.shuffle(u, u, 2, 3, 0, 1)));
      }
      const both = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
      let s = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
      for (; i < size; i++) s += <f64>load<f32>(base + (<usize>i << 2));
      store<f32>(y + (<usize>k << 2), <f32>(s / <f64>size));
    }
  }
  return 0;
}

/**
 * Windowed pooling over `planes` planes. `countPad` counts taps on the explicit padding (avg);
 * taps beyond it (ceil mode) never count. Max ignores padding; NaN wins.
 */
export function pool2d(
  x: usize, y: usize, planes: i32, H: i32, W: i32, oh: i32, ow: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, top: i32, left: i32, bottom: i32, right: i32,
  isMax: bool, countPad: bool,
): i32 {
  if (planes < 0 || oh < 0 || ow < 0 || kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1) return 1;
  for (let k = 0; k < planes; k++) {
    const xb = x + (<usize>(k * H * W) << 2);
    const yb = y + (<usize>(k * oh * ow) << 2);
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let acc: f64 = isMax ? -Infinity : 0;
        let count = 0;
        for (let p = 0; p < kh; p++) {
          const r = i * sh - top + p * dh;
          for (let q = 0; q < kw; q++) {
            const c = j * sw - left + q * dw;
            const inside = r >= 0 && r < H && c >= 0 && c < W;
            if (inside) {
              const v = <f64>load<f32>(xb + (<usize>(r * W + c) << 2));
              if (isMax) {
                if (v > acc || isNaN(v)) acc = v;
              } else acc += v;
              count++;
            } else if (countPad && r >= -top && r < H + bottom && c >= -left && c < W + right) {
              count++;
            }
          }
        }
        const out: f64 = isMax ? acc : count > 0 ? acc / <f64>count : 0;
        store<f32>(yb + (<usize>(i * ow + j) << 2), <f32>out);
      }
    }
  }
  return 0;
}
