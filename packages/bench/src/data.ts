/** Seeded inputs, identical for dcnn and the peers (uniform in [-1, 1), never all zeros). */
export function randomData(size: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/** Softmax rows, like an attention's output. */
export function softmaxRows(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += out[r * cols + c] = Math.exp(data[r * cols + c]);
    for (let c = 0; c < cols; c++) out[r * cols + c] /= sum;
  }
  return out;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);
