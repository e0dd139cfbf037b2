// Copying and zeroing short runs of floats. memory.copy and memory.fill are calls out of wasm in
// V8: for a handful of floats (a pad column, a 7- or 14-float row) the call costs more than the
// copy, so short runs are done inline; from 32 floats on the builtins are faster.

const INLINE_BELOW = 32;

/** Copies `n` floats from `src` to `dst` (not overlapping). */
@inline export function copyFloats(dst: usize, src: usize, n: i32): void {
  if (n >= INLINE_BELOW) {
    memory.copy(dst, src, <usize>n << 2);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** Sets `n` floats at `dst` to +0. */
@inline export function zeroFloats(dst: usize, n: i32): void {
  if (n >= INLINE_BELOW) {
    memory.fill(dst, 0, <usize>n << 2);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}
