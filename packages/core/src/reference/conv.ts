/**
 * Reference convolutions: conv2d (shared and per-sample kernels), dynamicConv2d (kernel
 * aggregated per sample, then the same loop) and deformConv2d (bilinear columns, then a
 * matrix product). Direct loops with float64 accumulation; valid output ranges are computed
 * per tap so the inner loop has no bounds test.
 */
import type { ConvAttrs, DeformConvAttrs } from '../ops/signatures.js';
import type { Shape } from '../shape.js';
import { applyActivation } from './math.js';

interface Geometry {
  n: number; c: number; h: number; w: number;
  m: number; cg: number; kh: number; kw: number;
  oh: number; ow: number;
}

function geometry(x: Shape, kernel: Shape, out: Shape): Geometry {
  const [n, c, h, w] = x;
  const [m, cg, kh, kw] = kernel.slice(-4);
  return { n, c, h, w, m, cg, kh, kw, oh: out[2], ow: out[3] };
}

/** Output indices `o` with `0 <= o*s - pad + k*d < size`, as `[start, end)`. */
function validRange(size: number, outSize: number, s: number, pad: number, offset: number): [number, number] {
  const start = Math.max(0, Math.ceil((pad - offset) / s));
  const end = Math.min(outSize, Math.floor((size - 1 + pad - offset) / s) + 1);
  return [start, Math.max(start, end)];
}

/**
 * Accumulates `conv(x[n] · channelScale, kernel)` into `y[n]` (which must start at zero).
 * `kernel` is `[M, C/group, kh, kw]` for this sample.
 */
function convSample(
  y: Float64Array, x: Float64Array, kernel: Float64Array, g: Geometry, n: number,
  attrs: ConvAttrs, channelScale?: Float64Array,
): void {
  const { c, h, w, m, cg, kh, kw, oh, ow } = g;
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilations;
  const [top, left] = attrs.pads;
  const mPerGroup = m / attrs.group;
  for (let mo = 0; mo < m; mo++) {
    const group = Math.floor(mo / mPerGroup);
    const yBase = (n * m + mo) * oh * ow;
    for (let ci = 0; ci < cg; ci++) {
      const cIn = group * cg + ci;
      const xBase = (n * c + cIn) * h * w;
      const scale = channelScale ? channelScale[n * c + cIn] : 1;
      for (let p = 0; p < kh; p++) {
        const [i0, i1] = validRange(h, oh, sh, top, p * dh);
        for (let q = 0; q < kw; q++) {
          const wv = kernel[((mo * cg + ci) * kh + p) * kw + q] * scale;
          const [j0, j1] = validRange(w, ow, sw, left, q * dw);
          for (let i = i0; i < i1; i++) {
            const row = xBase + (i * sh - top + p * dh) * w - left + q * dw;
            const out = yBase + i * ow;
            for (let j = j0; j < j1; j++) y[out + j] += wv * x[row + j * sw];
          }
        }
      }
    }
  }
}

function addBias(y: Float64Array, bias: Float64Array, biasStride: number, g: Geometry): void {
  const plane = g.oh * g.ow;
  for (let n = 0; n < g.n; n++) {
    for (let mo = 0; mo < g.m; mo++) {
      const b = bias[n * biasStride + mo];
      const base = (n * g.m + mo) * plane;
      for (let k = 0; k < plane; k++) y[base + k] += b;
    }
  }
}

export function conv2d(
  x: Float64Array, xShape: Shape, w: Float64Array, wShape: Shape,
  b: Float64Array | undefined, bShape: Shape | undefined, attrs: ConvAttrs, out: Shape,
): Float64Array {
  const g = geometry(xShape, wShape, out);
  const y = new Float64Array(g.n * g.m * g.oh * g.ow);
  const perSample = wShape.length === 5;
  const kernelSize = g.m * g.cg * g.kh * g.kw;
  for (let n = 0; n < g.n; n++) {
    const kernel = perSample ? w.subarray(n * kernelSize, (n + 1) * kernelSize) : w;
    convSample(y, x, kernel, g, n, attrs);
  }
  if (b) addBias(y, b, bShape!.length === 2 ? g.m : 0, g);
  applyActivation(y, attrs.activation);
  return y;
}

export interface DynamicInputs {
  x: Float64Array; w: Float64Array; a: Float64Array; b?: Float64Array;
  spatialAttn?: Float64Array; channelAttn?: Float64Array; filterAttn?: Float64Array;
}

export function dynamicConv2d(inputs: DynamicInputs, xShape: Shape, wShape: Shape, attrs: ConvAttrs, out: Shape): Float64Array {
  const { x, w, a, b, spatialAttn, channelAttn, filterAttn } = inputs;
  const k = wShape[0];
  const g = geometry(xShape, wShape, out);
  const taps = g.kh * g.kw;
  const kernelSize = g.m * g.cg * taps;
  const y = new Float64Array(g.n * g.m * g.oh * g.ow);
  const kernel = new Float64Array(kernelSize);
  const plane = g.oh * g.ow;
  for (let n = 0; n < g.n; n++) {
    kernel.fill(0);
    for (let kk = 0; kk < k; kk++) {
      const coeff = a[n * k + kk];
      const bank = kk * kernelSize;
      for (let e = 0; e < kernelSize; e++) kernel[e] += coeff * w[bank + e];
    }
    if (spatialAttn) {
      for (let e = 0; e < kernelSize; e++) kernel[e] *= spatialAttn[n * taps + (e % taps)];
    }
    convSample(y, x, kernel, g, n, attrs, channelAttn);
    for (let mo = 0; mo < g.m; mo++) {
      const scale = filterAttn ? filterAttn[n * g.m + mo] : 1;
      let bias = 0;
      if (b) for (let kk = 0; kk < k; kk++) bias += a[n * k + kk] * b[kk * g.m + mo];
      const base = (n * g.m + mo) * plane;
      for (let e = 0; e < plane; e++) y[base + e] = y[base + e] * scale + bias;
    }
  }
  applyActivation(y, attrs.activation);
  return y;
}

/**
 * `bilinear` of SPEC.md: zero outside (-1, H) × (-1, W); each neighbour outside counts as 0. A
 * NaN position is none of the outside cases, so its sample is NaN (as in torchvision).
 */
export function bilinear(plane: Float64Array, base: number, h: number, w: number, y: number, x: number): number {
  if (Number.isNaN(y) || Number.isNaN(x)) return NaN;
  if (y <= -1 || y >= h || x <= -1 || x >= w) return 0;
  const y0 = Math.floor(y);
  const x0 = Math.floor(x);
  const ly = y - y0;
  const lx = x - x0;
  const at = (r: number, c: number): number => (r >= 0 && r < h && c >= 0 && c < w ? plane[base + r * w + c] : 0);
  return (1 - ly) * (1 - lx) * at(y0, x0) + (1 - ly) * lx * at(y0, x0 + 1) + ly * (1 - lx) * at(y0 + 1, x0) + ly * lx * at(y0 + 1, x0 + 1);
}

export interface DeformInputs {
  x: Float64Array; w: Float64Array; offset: Float64Array; b?: Float64Array; mask?: Float64Array;
}

export function deformConv2d(inputs: DeformInputs, xShape: Shape, wShape: Shape, attrs: DeformConvAttrs, out: Shape): Float64Array {
  const { x, w, offset, b, mask } = inputs;
  const g = geometry(xShape, wShape, out);
  const { c, h, m, cg, kh, kw, oh, ow } = g;
  const width = g.w;
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilations;
  const [top, left] = attrs.pads;
  const taps = kh * kw;
  const plane = oh * ow;
  const cPerOffsetGroup = c / attrs.offsetGroup;
  const mPerGroup = m / attrs.group;
  const y = new Float64Array(g.n * m * plane);
  // The columns of one input channel at a time, column[tap][i*ow + j]: the modulated bilinear
  // sample feeding tap (p, q) of output (i, j). (All channels at once took C·taps·plane float64s:
  // 16 GB for 16384 channels of 11×11 taps on a 32×32 output, from small inputs.) Each output
  // still sums its channels, then its taps, in order.
  const column = new Float64Array(taps * plane);
  for (let n = 0; n < g.n; n++) {
    for (let ci = 0; ci < c; ci++) {
      const og = Math.floor(ci / cPerOffsetGroup);
      const xBase = (n * c + ci) * h * width;
      for (let p = 0; p < kh; p++) {
        for (let q = 0; q < kw; q++) {
          const t = og * taps + p * kw + q;
          const offH = (n * 2 * attrs.offsetGroup * taps + 2 * t) * plane;
          const offW = offH + plane;
          const maskBase = (n * attrs.offsetGroup * taps + t) * plane;
          const colBase = (p * kw + q) * plane;
          for (let i = 0; i < oh; i++) {
            for (let j = 0; j < ow; j++) {
              const e = i * ow + j;
              const hh = i * sh - top + p * dh + offset[offH + e];
              const vv = j * sw - left + q * dw + offset[offW + e];
              const modulation = mask ? mask[maskBase + e] : 1;
              column[colBase + e] = modulation * bilinear(x, xBase, h, width, hh, vv);
            }
          }
        }
      }
      const group = Math.floor(ci / cg);
      const local = ci - group * cg;
      for (let mo = group * mPerGroup; mo < (group + 1) * mPerGroup; mo++) {
        const yBase = (n * m + mo) * plane;
        for (let tap = 0; tap < taps; tap++) {
          const wv = w[(mo * cg + local) * taps + tap];
          const colBase = tap * plane;
          for (let e = 0; e < plane; e++) y[yBase + e] += wv * column[colBase + e];
        }
      }
    }
    if (b) for (let mo = 0; mo < m; mo++) for (let e = 0; e < plane; e++) y[(n * m + mo) * plane + e] += b[mo];
  }
  applyActivation(y, attrs.activation);
  return y;
}
