/**
 * The benchmark rows (the wasm benchmark's rows): each an op with its input shapes and
 * attributes. Inputs are seeded uniform noise in [-1, 1) (never zeros), identical for every
 * runtime compared.
 */
export interface BenchRow {
  name: string;
  op: 'conv2d' | 'dynamicConv2d' | 'deformConv2d';
  inputs: Record<string, number[]>;
  attrs: Record<string, unknown>;
}

export const benchRows: BenchRow[] = [
  { name: 'conv3x3 64→64 56²', op: 'conv2d', inputs: { x: [1, 64, 56, 56], w: [64, 64, 3, 3], b: [64] }, attrs: { pads: [1, 1, 1, 1], activation: 'relu' } },
  { name: 'depthwise3x3 144ch 56²', op: 'conv2d', inputs: { x: [1, 144, 56, 56], w: [144, 1, 3, 3], b: [144] }, attrs: { pads: [1, 1, 1, 1], group: 144, activation: 'relu6' } },
  { name: 'pointwise1x1 96→576 28²', op: 'conv2d', inputs: { x: [1, 96, 28, 28], w: [576, 96, 1, 1], b: [576] }, attrs: { activation: 'relu6' } },
  {
    name: 'dynamicConv3x3 K=4 64→64 28² batch 1', op: 'dynamicConv2d',
    inputs: { x: [1, 64, 28, 28], w: [4, 64, 64, 3, 3], a: [1, 4], b: [4, 64] }, attrs: { pads: [1, 1, 1, 1], activation: 'relu' },
  },
  {
    name: 'dynamicConv3x3 K=4 64→64 28² batch 8', op: 'dynamicConv2d',
    inputs: { x: [8, 64, 28, 28], w: [4, 64, 64, 3, 3], a: [8, 4], b: [4, 64] }, attrs: { pads: [1, 1, 1, 1], activation: 'relu' },
  },
  {
    name: 'deformConv3x3 64→64 28² (DCNv2)', op: 'deformConv2d',
    inputs: { x: [1, 64, 28, 28], w: [64, 64, 3, 3], offset: [1, 18, 28, 28], mask: [1, 9, 28, 28], b: [64] }, attrs: { pads: [1, 1, 1, 1] },
  },
];

/** Seeded noise in [-1, 1) (mulberry32). */
export function noise(size: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
