/**
 * An independent convolution for checking the reference: zero-pad the image explicitly, unfold
 * it into an im2col matrix per group, and multiply by the group's weight matrix. The reference
 * instead loops directly over taps with clipped output ranges (src/reference/conv.ts).
 */
import { naiveActivations } from './naive-math.js';

export interface NaiveConvParams {
  x: number[];
  xShape: number[];
  /** Kernel `[M, C/group, kh, kw]` of sample `n`, flat. */
  kernelOf: (n: number) => number[];
  kShape: [number, number, number, number];
  /** Bias of sample `n` (length M), or nothing. */
  biasOf?: (n: number) => number[];
  strides?: [number, number];
  pads?: [number, number, number, number];
  dilations?: [number, number];
  group?: number;
  activation?: string;
}

/** `padded[c][r][col]`: sample n with `top`/`left`/`bottom`/`right` zero rows and columns around it (a negative pad crops). */
export function padImage(x: number[], shape: number[], n: number, pads: [number, number, number, number]): number[][][] {
  const [, c, h, w] = shape;
  const [top, left, bottom, right] = pads;
  const out: number[][][] = [];
  for (let ch = 0; ch < c; ch++) {
    const plane: number[][] = [];
    for (let r = -top; r < h + bottom; r++) {
      const row: number[] = [];
      for (let col = -left; col < w + right; col++) {
        const inside = r >= 0 && r < h && col >= 0 && col < w;
        row.push(inside ? x[((n * c + ch) * h + r) * w + col] : 0);
      }
      plane.push(row);
    }
    out.push(plane);
  }
  return out;
}

/** Returns `{ y, shape }` with `y` flat NCHW. */
export function naiveConv(p: NaiveConvParams): { y: number[]; shape: number[] } {
  const [n, , h, w] = p.xShape;
  const [m, cg, kh, kw] = p.kShape;
  const [sh, sw] = p.strides ?? [1, 1];
  const pads = p.pads ?? [0, 0, 0, 0];
  const [dh, dw] = p.dilations ?? [1, 1];
  const group = p.group ?? 1;
  const act = naiveActivations[p.activation ?? 'none'];
  const oh = Math.floor((h + pads[0] + pads[2] - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + pads[1] + pads[3] - dw * (kw - 1) - 1) / sw) + 1;
  const mg = m / group;
  const y = new Array<number>(n * m * oh * ow).fill(0);
  for (let s = 0; s < n; s++) {
    const padded = padImage(p.x, p.xShape, s, pads);
    const kernel = p.kernelOf(s);
    const bias = p.biasOf?.(s);
    for (let g = 0; g < group; g++) {
      // cols[row = (c', p, q)][col = (i, j)]
      const cols: number[][] = [];
      for (let ci = 0; ci < cg; ci++) {
        for (let kp = 0; kp < kh; kp++) {
          for (let kq = 0; kq < kw; kq++) {
            const row: number[] = [];
            for (let i = 0; i < oh; i++) {
              for (let j = 0; j < ow; j++) row.push(padded[g * cg + ci][i * sh + kp * dh][j * sw + kq * dw]);
            }
            cols.push(row);
          }
        }
      }
      for (let ml = 0; ml < mg; ml++) {
        const mo = g * mg + ml;
        const weights = kernel.slice(mo * cg * kh * kw, (mo + 1) * cg * kh * kw);
        for (let e = 0; e < oh * ow; e++) {
          let acc = 0;
          for (let r = 0; r < weights.length; r++) acc += weights[r] * cols[r][e];
          y[(s * m + mo) * oh * ow + e] = act(acc + (bias ? bias[mo] : 0));
        }
      }
    }
  }
  return { y, shape: [n, m, oh, ow] };
}
