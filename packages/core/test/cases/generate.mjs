// Generates the example case files in this folder (CASES.md format) with its own naive float64
// code: nothing here imports @dcnn/core, so the expected outputs are independent of the
// reference backend they are checked against. Run: node packages/core/test/cases/generate.mjs [outDir]
// (outDir defaults to this folder; the core tests regenerate into a temporary one and compare).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));

// A linear congruential generator; values rounded to float32 since that is what a file stores.
function values(count, seed, lo = -1, hi = 1) {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.fround(lo + ((hi - lo) * s) / 2147483648);
  });
}

const size = (shape) => shape.reduce((p, d) => p * d, 1);
const base64 = (list) => Buffer.from(new Float32Array(list).buffer).toString('base64');
const data = (shape, list) => ({ shape, data: base64(list) });

// Element [n][c][r][q] of an NCHW array, 0 outside the image.
const at = (x, [, c, h, w], n, ch, r, q) => (r >= 0 && r < h && q >= 0 && q < w ? x[((n * c + ch) * h + r) * w + q] : 0);

/** Direct convolution from the SPEC.md formula; `kernelOf(n)` gives sample n's [M, C/g, kh, kw]. */
function conv(x, xShape, kernelOf, [m, cg, kh, kw], { strides = [1, 1], pads = [0, 0, 0, 0], group = 1 }, biasOf) {
  const [n, , h, w] = xShape;
  const oh = Math.floor((h + pads[0] + pads[2] - kh) / strides[0]) + 1;
  const ow = Math.floor((w + pads[1] + pads[3] - kw) / strides[1]) + 1;
  const y = [];
  for (let s = 0; s < n; s++) {
    const k = kernelOf(s);
    for (let mo = 0; mo < m; mo++) {
      const g = Math.floor(mo / (m / group));
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let acc = biasOf ? biasOf(s, mo) : 0;
          for (let ci = 0; ci < cg; ci++) {
            for (let p = 0; p < kh; p++) {
              for (let q = 0; q < kw; q++) {
                const xv = at(x, xShape, s, g * cg + ci, i * strides[0] - pads[0] + p, j * strides[1] - pads[1] + q);
                acc += k[((mo * cg + ci) * kh + p) * kw + q] * xv;
              }
            }
          }
          y.push(acc);
        }
      }
    }
  }
  return { y, shape: [n, m, oh, ow] };
}

function conv2dCase() {
  const xShape = [2, 4, 7, 6];
  const wShape = [6, 2, 3, 3];
  const attrs = { strides: [2, 2], pads: [1, 0, 1, 2], group: 2, activation: 'relu' };
  const x = values(size(xShape), 1);
  const w = values(size(wShape), 2);
  const b = values(6, 3, -0.5, 0.5);
  const { y, shape } = conv(x, xShape, () => w, wShape, attrs, (_, m) => b[m]);
  return {
    format: 'dcnn-case/1',
    name: 'conv2d/group2-stride2-asymmetric-pads-relu',
    op: 'conv2d',
    attrs,
    inputs: { x: data(xShape, x), w: data(wShape, w), b: { shape: [6], values: b } },
    outputs: { y: data(shape, y.map((v) => Math.max(0, v))) },
  };
}

function dynamicCase() {
  const [n, c, h, w, k, m] = [2, 3, 5, 5, 3, 4];
  const xShape = [n, c, h, w];
  const x = values(size(xShape), 11);
  const bank = values(k * m * c * 9, 12);
  const a = values(n * k, 13, 0, 1);
  const b = values(k * m, 14);
  const spatial = values(n * 9, 15, 0, 1);
  const channel = values(n * c, 16, 0, 1);
  const filter = values(n * m, 17, 0, 1);
  // W_n = Σ_k a[n,k]·w[k]·spatialAttn[n]; x'_n = x_n·channelAttn[n]
  const kernelOf = (s) => Array.from({ length: m * c * 9 }, (_, e) => {
    let sum = 0;
    for (let kk = 0; kk < k; kk++) sum += a[s * k + kk] * bank[kk * m * c * 9 + e];
    return sum * spatial[s * 9 + (e % 9)];
  });
  const scaled = x.map((v, e) => v * channel[Math.floor(e / (h * w))]);
  const attrs = { pads: [1, 1, 1, 1] };
  const { y, shape } = conv(scaled, xShape, kernelOf, [m, c, 3, 3], attrs);
  const plane = shape[2] * shape[3];
  const out = y.map((v, e) => {
    const s = Math.floor(e / (m * plane));
    const mo = Math.floor(e / plane) % m;
    let bias = 0;
    for (let kk = 0; kk < k; kk++) bias += a[s * k + kk] * b[kk * m + mo];
    return filter[s * m + mo] * v + bias;
  });
  return {
    format: 'dcnn-case/1',
    name: 'dynamicConv2d/k3-all-attentions',
    op: 'dynamicConv2d',
    attrs,
    inputs: {
      x: data(xShape, x), w: data([k, m, c, 3, 3], bank), a: data([n, k], a), b: data([k, m], b),
      spatialAttn: data([n, 3, 3], spatial), channelAttn: data([n, c], channel), filterAttn: data([n, m], filter),
    },
    outputs: { y: data(shape, out) },
  };
}

function smallOpsFile() {
  // maxPool2d 3x3 stride 2 ceil on 1..16 (4x4): windows overhang, maxima 11 12 15 16.
  const grid = Array.from({ length: 16 }, (_, i) => i + 1);
  const logits = [1, 2, 3, -1, 0, 1];
  const soft = [0, 1].flatMap((row) => {
    const e = logits.slice(row * 3, row * 3 + 3).map((v) => Math.exp(v / 2));
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / s);
  });
  return {
    format: 'dcnn-case/1',
    cases: [
      {
        name: 'maxPool2d/ceil-overhang',
        op: 'maxPool2d',
        attrs: { kernel: [3, 3], strides: [2, 2], ceilMode: true },
        inputs: { x: { shape: [1, 1, 4, 4], values: grid } },
        outputs: { y: { shape: [1, 1, 2, 2], values: [11, 12, 15, 16] } },
      },
      {
        name: 'softmax/temperature-2',
        op: 'softmax',
        attrs: { axis: -1, temperature: 2 },
        inputs: { x: { shape: [2, 3], values: logits } },
        outputs: { y: { shape: [2, 3], values: soft.map(Math.fround) } },
      },
      {
        name: 'split/axis1-sizes-1-2',
        op: 'split',
        attrs: { axis: 1, sizes: [1, 2] },
        inputs: { x: { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] } },
        outputs: { y0: { shape: [2, 1], values: [1, 4] }, y1: { shape: [2, 2], values: [2, 3, 5, 6] } },
      },
      {
        name: 'concat/axis0-two-inputs',
        op: 'concat',
        attrs: { axis: 0 },
        inputs: { x0: { shape: [1, 2], values: [1, 2] }, x1: { shape: [2, 2], values: [3, 4, 5, 6] } },
        outputs: { y: { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] } },
      },
      {
        name: 'conv2d/kernel-channels-mismatch',
        op: 'conv2d',
        inputs: { x: { shape: [1, 2, 3, 3], values: new Array(18).fill(0) }, w: { shape: [1, 3, 1, 1], values: [1, 1, 1] } },
        error: 'ShapeError',
      },
    ],
  };
}

const files = {
  'conv2d-group2-stride2.json': conv2dCase(),
  'dynamic-conv2d-k3-attentions.json': dynamicCase(),
  'small-ops.json': smallOpsFile(),
};
for (const [name, content] of Object.entries(files)) {
  // Indented objects, but number arrays kept on one line.
  const text = JSON.stringify(content, null, 1).replace(/\[[-\d.,\se+]*\]/g, (list) => list.replace(/\s+/g, ' ').replace('[ ', '[').replace(' ]', ']'));
  writeFileSync(join(outDir, name), `${text}\n`);
  console.log(`wrote ${name}`);
}
