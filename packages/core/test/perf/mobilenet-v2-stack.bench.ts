/**
 * How slow is the reference on a real network shape? A MobileNetV2 (width 1.0) stack of convs at
 * 224x224, batch 1, random weights, timed per layer kind. Prints figures only; no assertion.
 * Run: pnpm --filter @dcnn/core exec vitest bench --run test/perf
 */
import { bench, describe } from 'vitest';
import { createReferenceBackend, ops, scope, tensor, type Tensor } from '../../src/index.js';

const backend = createReferenceBackend();
const filled = (shape: number[], scale: number) => {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (((i * 2654435761) % 1000) / 1000 - 0.5) * scale;
  return tensor(backend, data, shape);
};

type Kind = 'stem 3x3' | 'pointwise 1x1' | 'depthwise 3x3' | 'add/pool/dense';
const times: Record<Kind, number> = { 'stem 3x3': 0, 'pointwise 1x1': 0, 'depthwise 3x3': 0, 'add/pool/dense': 0 };
const timed = <T>(kind: Kind, f: () => T): T => {
  const start = performance.now();
  const out = f();
  times[kind] += performance.now() - start;
  return out;
};

function conv(x: Tensor, cout: number, k: number, stride: number, group: number, activation: 'relu6' | 'none', kind: Kind): Tensor {
  const cin = x.shape[1];
  const w = filled([cout, cin / group, k, k], 1 / Math.sqrt((cin / group) * k * k));
  const b = filled([cout], 0.1);
  const pad = (k - 1) / 2;
  return timed(kind, () => ops.conv2d({ x, w, b }, { strides: [stride, stride], pads: [pad, pad, pad, pad], group, activation }));
}

// [expansion t, output channels c, repeats n, first stride s] of the MobileNetV2 paper.
const blocks: [number, number, number, number][] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

function mobilenetV2(): Tensor {
  return scope(() => {
    let x = conv(filled([1, 3, 224, 224], 2), 32, 3, 2, 1, 'relu6', 'stem 3x3');
    for (const [t, c, n, s] of blocks) {
      for (let i = 0; i < n; i++) {
        const stride = i === 0 ? s : 1;
        const cin = x.shape[1];
        let h = t === 1 ? x : conv(x, cin * t, 1, 1, 1, 'relu6', 'pointwise 1x1');
        h = conv(h, h.shape[1], 3, stride, h.shape[1], 'relu6', 'depthwise 3x3');
        h = conv(h, c, 1, 1, 1, 'none', 'pointwise 1x1');
        const input = x;
        x = stride === 1 && cin === c ? timed('add/pool/dense', () => ops.add({ a: input, b: h })) : h;
      }
    }
    x = conv(x, 1280, 1, 1, 1, 'relu6', 'pointwise 1x1');
    const pooled = x;
    return timed('add/pool/dense', () =>
      ops.dense({ x: ops.reshape({ x: ops.globalAvgPool({ x: pooled }) }, { shape: [1, 1280] }), w: filled([1000, 1280], 0.03) }),
    );
  });
}

describe('reference backend, MobileNetV2 224x224 batch 1', () => {
  bench(
    'forward pass',
    () => {
      for (const k of Object.keys(times) as Kind[]) times[k] = 0;
      const start = performance.now();
      mobilenetV2().dispose();
      const total = performance.now() - start;
      const parts = Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
      console.log(`MobileNetV2 forward: ${total.toFixed(0)} ms (${parts})`);
    },
    { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 },
  );
});
