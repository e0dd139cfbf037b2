/**
 * An independent windowed pooling: lays each channel on a canvas that marks every cell as image,
 * explicit padding, or beyond the padding (the overhang of a ceil-mode window), then reduces
 * each window's cells. The reference computes tap positions and bounds tests instead.
 */
export interface NaivePoolParams {
  x: number[]; shape: number[]; kind: 'avg' | 'max';
  kernel: [number, number]; strides?: [number, number]; pads?: [number, number, number, number];
  dilations?: [number, number]; ceilMode?: boolean; countIncludePad?: boolean;
}

type Cell = { kind: 'image'; value: number } | { kind: 'pad' } | { kind: 'beyond' };

function outSize(size: number, k: number, s: number, begin: number, end: number, d: number, ceil: boolean): number {
  const span = size + begin + end - (d * (k - 1) + 1);
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // ONNX / PyTorch: the last window must start inside the image or the leading padding.
  if (ceil && (out - 1) * s >= size + begin) out -= 1;
  return out;
}

export function naivePool(p: NaivePoolParams): { y: number[]; shape: number[] } {
  const [n, c, h, w] = p.shape;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.strides ?? [1, 1];
  const [top, left, bottom, right] = p.pads ?? [0, 0, 0, 0];
  const [dh, dw] = p.dilations ?? [1, 1];
  const oh = outSize(h, kh, sh, top, bottom, dh, p.ceilMode ?? false);
  const ow = outSize(w, kw, sw, left, right, dw, p.ceilMode ?? false);
  const cell = (plane: number, r: number, col: number): Cell => {
    if (r >= 0 && r < h && col >= 0 && col < w) return { kind: 'image', value: p.x[plane * h * w + r * w + col] };
    if (r >= -top && r < h + bottom && col >= -left && col < w + right) return { kind: 'pad' };
    return { kind: 'beyond' };
  };
  const y: number[] = [];
  for (let plane = 0; plane < n * c; plane++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const cells: Cell[] = [];
        for (let a = 0; a < kh; a++) {
          for (let b = 0; b < kw; b++) cells.push(cell(plane, i * sh - top + a * dh, j * sw - left + b * dw));
        }
        const values = cells.flatMap((e) => (e.kind === 'image' ? [e.value] : []));
        if (p.kind === 'max') {
          y.push(Math.max(...values));
        } else {
          const counted = p.countIncludePad ? cells.filter((e) => e.kind !== 'beyond').length : values.length;
          y.push(values.reduce((s, v) => s + v, 0) / counted);
        }
      }
    }
  }
  return { y, shape: [n, c, oh, ow] };
}
