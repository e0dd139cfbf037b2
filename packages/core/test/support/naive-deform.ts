/**
 * An independent deformable convolution: bilinear sampling written as a tent-weighted sum over
 * every pixel, `Σ_{r,c} max(0, 1-|h-r|) · max(0, 1-|v-c|) · x[r][c]`, which is zero outside
 * (-1, H) × (-1, W) and counts missing neighbours as 0 without any special case. The reference
 * instead picks the four neighbours explicitly (src/reference/conv.ts).
 */
import { naiveActivations } from './naive-math.js';

export function tentSample(x: number[], base: number, h: number, w: number, y: number, xPos: number): number {
  let sum = 0;
  for (let r = 0; r < h; r++) {
    const wy = Math.max(0, 1 - Math.abs(y - r));
    if (wy === 0) continue;
    for (let c = 0; c < w; c++) sum += wy * Math.max(0, 1 - Math.abs(xPos - c)) * x[base + r * w + c];
  }
  return sum;
}

export interface NaiveDeformParams {
  x: number[]; xShape: number[];
  w: number[]; wShape: [number, number, number, number];
  offset: number[]; mask?: number[]; b?: number[];
  strides?: [number, number]; pads?: [number, number, number, number]; dilations?: [number, number];
  group?: number; offsetGroup?: number; activation?: string;
}

export function naiveDeform(p: NaiveDeformParams): { y: number[]; shape: number[] } {
  const [n, c, h, w] = p.xShape;
  const [m, cg, kh, kw] = p.wShape;
  const [sh, sw] = p.strides ?? [1, 1];
  const [top, left, bottom, right] = p.pads ?? [0, 0, 0, 0];
  const [dh, dw] = p.dilations ?? [1, 1];
  const group = p.group ?? 1;
  const og = p.offsetGroup ?? 1;
  const act = naiveActivations[p.activation ?? 'none'];
  const oh = Math.floor((h + top + bottom - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + left + right - dw * (kw - 1) - 1) / sw) + 1;
  const taps = kh * kw;
  // offset[s][ch][i][j] and mask[s][t][i][j] as lookups.
  const off = (s: number, ch: number, i: number, j: number) => p.offset[((s * og * taps * 2 + ch) * oh + i) * ow + j];
  const msk = (s: number, tap: number, i: number, j: number) => (p.mask ? p.mask[((s * og * taps + tap) * oh + i) * ow + j] : 1);
  const y: number[] = [];
  for (let s = 0; s < n; s++) {
    for (let mo = 0; mo < m; mo++) {
      const g = Math.floor(mo / (m / group));
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let acc = p.b ? p.b[mo] : 0;
          for (let ci = 0; ci < cg; ci++) {
            const ch = g * cg + ci;
            const ogOf = Math.floor(ch / (c / og));
            for (let kp = 0; kp < kh; kp++) {
              for (let kq = 0; kq < kw; kq++) {
                const tap = ogOf * taps + kp * kw + kq;
                const hh = i * sh - top + kp * dh + off(s, 2 * tap, i, j);
                const vv = j * sw - left + kq * dw + off(s, 2 * tap + 1, i, j);
                const sample = tentSample(p.x, (s * c + ch) * h * w, h, w, hh, vv);
                acc += p.w[((mo * cg + ci) * kh + kp) * kw + kq] * msk(s, tap, i, j) * sample;
              }
            }
          }
          y.push(act(acc));
        }
      }
    }
  }
  return { y, shape: [n, m, oh, ow] };
}
