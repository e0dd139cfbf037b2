/**
 * Random valid cases of SPEC.md's shape-sensitive ops. The conv shapes aim at code paths that
 * kernels commonly have (GEMM tiles by pixels or by output blocks, 1×1 pointwise with end pads,
 * wide rows, depthwise 3×3, Winograd-sized 3×3, a 1×1 map, per-sample kernels); which path a
 * backend takes is the backend's business (backend-wasm's test/fuzz/paths.ts maps its own).
 */
import { ACTIVATIONS, type FuzzCase, type FuzzInput, convOut, poolOut, size } from './case.js';
import { FuzzRng, streamSeed } from './rng.js';

/** A family's stream, with the scale its sizes are stretched by. */
class Draws extends FuzzRng {
  constructor(
    seed: number,
    readonly scale: number,
  ) {
    super(seed);
  }
}

/**
 * With probability `p`, sprinkles NaN and ±Infinity into one or two of `names` (those present):
 * they must propagate as IEEE arithmetic says, except that taps on a conv's padding contribute
 * exactly 0 even under a NaN weight (docs/spec-decisions.md).
 */
function sprinkle(r: FuzzRng, inputs: Record<string, FuzzInput>, names: string[], p = 0.12): void {
  if (!r.bool(p)) return;
  const present = names.filter((n) => inputs[n]);
  for (let k = r.int(1, 2); k > 0; k--) inputs[r.pick(present)].specials = r.pick([0.002, 0.02, 0.1]);
}

/** Channel counts that hit and miss the 4/8/16 lane and panel widths. */
function channels(r: FuzzRng, max: number, min = 1): number {
  const favourites = [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 20, 23, 24, 31, 32, 33, 40].filter((c) => c >= min && c <= max);
  return favourites.length && r.bool(0.6) ? r.pick(favourites) : r.int(min, max);
}

const divisors = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

const pads = (r: FuzzRng, max: number): number[] => [0, 0, 0, 0].map(() => (r.bool(0.45) ? 0 : r.int(0, max)));
const small = (r: FuzzRng, lo: number, hi: number, pOne = 0.6): number => (r.bool(pOne) ? 1 : r.int(lo, hi));

/** A size drawn up to `hi`, stretched by the scale (3: maps to about 60×60). */
const upto = (r: Draws, lo: number, hi: number): number => r.int(lo, Math.round(hi * r.scale));

/** Multiply-adds the reference will do; cases above the budget are drawn again (time). */
const budget = (r: Draws): number => 1.2e6 * r.scale ** 3;

interface ConvShape {
  N: number; C: number; H: number; W: number; M: number; group: number; kh: number; kw: number;
  strides: number[]; pads: number[]; dilations: number[];
}

/** Output size and cost of a conv shape, or undefined when the output would be empty. */
function convPlan(s: ConvShape): { oh: number; ow: number; macs: number } | undefined {
  const oh = convOut(s.H, s.kh, s.strides[0], s.pads[0], s.pads[2], s.dilations[0]);
  const ow = convOut(s.W, s.kw, s.strides[1], s.pads[1], s.pads[3], s.dilations[1]);
  if (oh <= 0 || ow <= 0) return undefined;
  return { oh, ow, macs: s.N * s.M * oh * ow * (s.C / s.group) * s.kh * s.kw };
}

const CONV_TARGETS = ['gemm', 'pointwise', 'row', 'depthwise', 'winograd', 'dense', 'blocks', 'perSample'] as const;
type ConvTarget = (typeof CONV_TARGETS)[number];

/** A conv shape aimed at one kind of kernel path. */
function convShape(r: Draws, target: ConvTarget): ConvShape {
  for (;;) {
    const s: ConvShape = {
      N: r.int(1, 3), C: 1, H: upto(r, 1, 20), W: upto(r, 1, 20), M: 1, group: 1, kh: r.int(1, 5), kw: r.int(1, 5),
      strides: [r.int(1, 3), r.int(1, 3)], pads: pads(r, 3), dilations: [small(r, 2, 3), small(r, 2, 3)],
    };
    let cg = channels(r, 24 * r.scale);
    let mg = channels(r, 24 * r.scale);
    switch (target) {
      case 'gemm':
        s.group = r.pick([1, 1, 1, 2, 3, 4]);
        break;
      case 'perSample':
        // Also per-sample depthwise kernels (one input channel per group).
        if (r.bool(0.3)) {
          cg = 1;
          s.group = channels(r, 24);
        } else s.group = r.pick([1, 1, 1, 2, 3, 4]);
        break;
      case 'pointwise':
        // 1×1 stride 1 with no top/left pad: the tile copy of consecutive pixels; bottom and
        // right pads (and dilations, which do nothing here) vary.
        s.kh = s.kw = 1;
        s.strides = [1, 1];
        s.pads = [0, 0, r.bool() ? 0 : r.int(1, 2), r.bool() ? 0 : r.int(1, 2)];
        s.group = r.pick([1, 1, 2]);
        s.H = upto(r, 2, 16);
        s.W = upto(r, 2, 16);
        cg = channels(r, 40 * r.scale);
        break;
      case 'row':
        // 8 pixels on one output row (stride 1 or 2): wide maps.
        s.strides[1] = r.pick([1, 2]);
        s.W = upto(r, 8 * s.strides[1], 20 + 8 * (s.strides[1] - 1));
        s.H = upto(r, 1, 10);
        s.group = r.pick([1, 1, 2]);
        break;
      case 'depthwise':
        s.C = channels(r, 40 * r.scale);
        s.group = s.C;
        cg = 1;
        mg = r.pick([1, 1, 1, 2, 3]);
        if (r.bool(0.6)) {
          // The 3×3 row kernels (stride 1 and 2, any row stride and row dilation).
          s.kh = s.kw = 3;
          s.strides[1] = r.pick([1, 2]);
          s.dilations[1] = 1;
        }
        break;
      case 'winograd':
        s.kh = s.kw = 3;
        s.strides = [1, 1];
        s.dilations = [1, 1];
        s.pads = pads(r, 2);
        cg = upto(r, 16, 36);
        mg = upto(r, 16, 36);
        s.H = upto(r, 6, 18);
        s.W = upto(r, 6, 18);
        s.N = r.int(1, 2);
        break;
      case 'dense':
        // A 1×1 conv of a 1×1 map: a matrix-vector product per sample.
        s.H = s.W = 1;
        s.kh = s.kw = 1;
        s.pads = [0, 0, 0, 0];
        cg = r.bool() ? r.int(1, 300) : channels(r, 40);
        mg = r.int(1, 64);
        break;
      case 'blocks':
        // A small map with many output channels: the threads split the output blocks.
        s.H = r.int(1, 4);
        s.W = r.int(1, 4);
        s.kh = r.int(1, 3);
        s.kw = r.int(1, 3);
        s.group = r.pick([1, 1, 2]);
        mg = r.int(9, 64);
        break;
    }
    // Now and then an empty dimension (SPEC.md: dims are non-negative): no samples, no input
    // channels (the output is the bias) or no output channels.
    if (r.bool(0.02)) s.N = 0;
    if (target !== 'depthwise' && r.bool(0.02)) cg = 0;
    if (r.bool(0.02)) mg = 0;
    if (target !== 'depthwise') s.C = cg * s.group;
    s.M = mg * s.group;
    const plan = convPlan(s);
    if (plan && plan.macs <= budget(r)) return s;
  }
}

function genConv2d(r: Draws, data: number): FuzzCase {
  const target = r.pick(CONV_TARGETS);
  const s = convShape(r, target);
  const perSample = target === 'perSample' || (target !== 'dense' && target !== 'winograd' && r.bool(0.1));
  const wShape = [s.M, s.C / s.group, s.kh, s.kw];
  const inputs: Record<string, FuzzInput> = {
    x: { shape: [s.N, s.C, s.H, s.W] },
    w: { shape: perSample ? [s.N, ...wShape] : wShape },
  };
  const bias = r.pick(['none', 'shared', 'shared', 'perSample'] as const);
  if (bias === 'shared') inputs.b = { shape: [s.M] };
  if (bias === 'perSample') inputs.b = { shape: [s.N, s.M] };
  sprinkle(r, inputs, ['x', 'w', 'w', 'b']);
  return {
    op: 'conv2d', inputs, data,
    attrs: { strides: s.strides, pads: s.pads, dilations: s.dilations, group: s.group, activation: r.pick(ACTIVATIONS) },
  };
}

const DYNAMIC_TARGETS = ['gemm', 'depthwise', 'winograd', 'blocks', 'pointwise'] as const;

function genDynamic(r: Draws, data: number): FuzzCase {
  const target = r.pick(DYNAMIC_TARGETS);
  const s = convShape(r, target);
  const K = r.bool(0.02) ? 0 : r.int(1, 4);
  const inputs: Record<string, FuzzInput> = {
    x: { shape: [s.N, s.C, s.H, s.W] },
    w: { shape: [K, s.M, s.C / s.group, s.kh, s.kw] },
    // Attention weights: softmax-like (positive) or signed.
    a: r.bool() ? { shape: [s.N, K], lo: 0, hi: 1 } : { shape: [s.N, K] },
  };
  if (r.bool()) inputs.b = { shape: [K, s.M] };
  if (r.bool()) inputs.spatialAttn = { shape: [s.N, s.kh, s.kw], lo: 0, hi: 2 };
  if (r.bool()) inputs.channelAttn = { shape: [s.N, s.C], lo: 0, hi: 2 };
  if (r.bool()) inputs.filterAttn = { shape: [s.N, s.M], lo: -1, hi: 2 };
  sprinkle(r, inputs, ['x', 'w', 'a', 'spatialAttn', 'channelAttn', 'filterAttn']);
  return {
    op: 'dynamicConv2d', inputs, data,
    attrs: { strides: s.strides, pads: s.pads, dilations: s.dilations, group: s.group, activation: r.pick(ACTIVATIONS) },
  };
}

function genDeform(r: Draws, data: number): FuzzCase {
  for (;;) {
    const group = r.pick([1, 1, 2, 3]);
    const cg = r.bool(0.02) ? 0 : channels(r, 12);
    const C = cg * group;
    const M = (r.bool(0.02) ? 0 : channels(r, 12)) * group;
    const offsetGroup = C ? r.pick(divisors(C)) : r.int(1, 3);
    const s: ConvShape = {
      N: r.bool(0.02) ? 0 : r.int(1, 2), C, H: upto(r, 1, 14), W: upto(r, 1, 14), M, group, kh: r.int(1, 4), kw: r.int(1, 4),
      strides: [small(r, 2, 3), small(r, 2, 3)], pads: pads(r, 2), dilations: [small(r, 2, 2, 0.7), small(r, 2, 2, 0.7)],
    };
    const plan = convPlan(s);
    if (!plan || plan.macs + s.N * C * s.kh * s.kw * plan.oh * plan.ow * 8 > budget(r)) continue;
    // Offsets from a fraction of a pixel to far outside the image; some on the half-pixel grid
    // (integer and exact-edge sample positions, where the bilinear weights are 0 or 1).
    const amp = r.pick([0.4, 1.5, 4, 12]);
    const taps = offsetGroup * s.kh * s.kw;
    const inputs: Record<string, FuzzInput> = {
      x: { shape: [s.N, C, s.H, s.W] },
      w: { shape: [M, cg, s.kh, s.kw] },
      offset: { shape: [s.N, 2 * taps, plan.oh, plan.ow], lo: -amp, hi: amp, step: r.bool(0.25) ? 0.5 : undefined },
    };
    if (r.bool()) inputs.b = { shape: [M] };
    if (r.bool()) inputs.mask = r.bool() ? { shape: [s.N, taps, plan.oh, plan.ow], lo: 0, hi: 1 } : { shape: [s.N, taps, plan.oh, plan.ow] };
    sprinkle(r, inputs, ['x', 'w', 'offset', 'mask', 'b']);
    return {
      op: 'deformConv2d', inputs, data,
      attrs: { strides: s.strides, pads: s.pads, dilations: s.dilations, group, offsetGroup, activation: r.pick(ACTIVATIONS) },
    };
  }
}

function genPool(r: Draws, data: number): FuzzCase {
  const x: FuzzInput = { shape: [r.bool(0.03) ? 0 : r.int(1, 2), r.bool(0.03) ? 0 : channels(r, 9), upto(r, 1, 20), upto(r, 1, 20)] };
  sprinkle(r, { x }, ['x'], 0.08);
  const kind = r.pick(['avgPool2d', 'avgPool2d', 'maxPool2d', 'maxPool2d', 'globalAvgPool', 'globalMaxPool'] as const);
  if (kind === 'globalAvgPool' || kind === 'globalMaxPool') return { op: kind, inputs: { x }, attrs: {}, data };
  for (;;) {
    const kernel = [r.int(1, 5), r.int(1, 5)];
    // Pads up to the kernel and one past it (windows wholly in padding are allowed, ONNX).
    const p = [0, 1, 0, 1].map((axis) => (r.bool(0.4) ? 0 : r.int(0, kernel[axis] - 1 + (r.bool(0.15) ? 2 : 0))));
    const attrs: Record<string, unknown> = {
      kernel, strides: [r.int(1, 3), r.int(1, 3)], pads: p, dilations: [small(r, 2, 3, 0.7), small(r, 2, 3, 0.7)], ceilMode: r.bool(),
    };
    if (kind === 'avgPool2d') attrs.countIncludePad = r.bool();
    const [, , H, W] = x.shape;
    const s = attrs.strides as number[];
    const d = attrs.dilations as number[];
    const oh = poolOut(H, kernel[0], s[0], p[0], p[2], d[0], attrs.ceilMode as boolean);
    const ow = poolOut(W, kernel[1], s[1], p[1], p[3], d[1], attrs.ceilMode as boolean);
    if (oh > 0 && ow > 0) return { op: kind, inputs: { x }, attrs, data };
  }
}

function genDense(r: Draws, data: number): FuzzCase {
  const F = r.bool(0.03) ? 0 : r.bool() ? channels(r, 40) : upto(r, 1, 300);
  const O = r.bool(0.03) ? 0 : r.int(1, 64);
  const N = r.bool(0.03) ? 0 : r.int(1, 5);
  const inputs: Record<string, FuzzInput> = { x: { shape: [N, F] }, w: { shape: [O, F] } };
  if (r.bool()) inputs.b = { shape: [O] };
  sprinkle(r, inputs, ['x', 'w', 'b'], 0.08);
  return { op: 'dense', inputs, attrs: { activation: r.pick(ACTIVATIONS) }, data };
}

function genBinary(r: Draws, data: number): FuzzCase {
  for (;;) {
    const rank = r.int(0, 5);
    const out = Array.from({ length: rank }, () => (r.bool(0.03) ? 0 : r.bool(0.2) ? 1 : r.bool(0.7) ? r.int(2, 7) : r.int(8, 37)));
    // Each side drops some leading axes and broadcasts some others (size 1).
    const side = (): number[] => {
      const drop = r.bool(0.3) ? r.int(0, rank) : 0;
      return out.slice(drop).map((d) => (r.bool(0.35) ? 1 : d));
    };
    let a = side();
    let b = side();
    if (r.bool(0.15)) a = [];
    if (r.bool(0.15)) b = out.slice();
    if (size(out) > 30000) continue;
    const op = r.pick(['add', 'sub', 'mul', 'div'] as const);
    // Divisors away from 0, so a quotient is not dominated by one huge element.
    const inputs: Record<string, FuzzInput> = { a: { shape: a }, b: op === 'div' ? { shape: b, lo: 0.25, hi: 2 } : { shape: b } };
    sprinkle(r, inputs, ['a', 'b'], 0.08);
    return { op, inputs, attrs: {}, data };
  }
}

const UNARY_OPS = ['relu', 'relu6', 'sigmoid', 'tanh', 'exp', 'silu', 'gelu', 'hardSigmoid', 'hardSwish', 'leakyRelu', 'clip'] as const;

/** A shape of `rank` axes: now and then past 16K elements, where backends split element-wise ops. */
function elementShape(r: Draws, rank: number): number[] {
  const big = r.bool(0.35);
  for (;;) {
    const shape = Array.from({ length: rank }, () => (r.bool(0.03) ? 0 : big ? r.int(2, 90) : r.bool(0.3) ? 1 : r.int(2, 17)));
    const n = size(shape);
    if (n <= (big ? 150_000 : 5000) * r.scale ** 2 && (!big || n === 0 || n >= 16_384 || rank < 3)) return shape;
  }
}

/** Unary maps (with their attributes) and batchNorm, at sizes where threads split them too. */
function genElementwise(r: Draws, data: number): FuzzCase {
  if (r.bool(0.3)) {
    const shape = elementShape(r, r.int(2, 4));
    const C = shape[1];
    const inputs: Record<string, FuzzInput> = {
      x: { shape }, scale: { shape: [C] }, bias: { shape: [C] }, mean: { shape: [C] }, var: { shape: [C], lo: 0.1, hi: 2 },
    };
    sprinkle(r, inputs, ['x', 'scale', 'bias', 'mean'], 0.08);
    return { op: 'batchNorm', inputs, attrs: { epsilon: r.pick([1e-5, 1e-3, 0]) }, data };
  }
  const op = r.pick(UNARY_OPS);
  const inputs: Record<string, FuzzInput> = { x: { shape: elementShape(r, r.int(0, 4)), lo: -6, hi: 6 } };
  sprinkle(r, inputs, ['x'], 0.12);
  const attrs: Record<string, unknown> = {};
  if (op === 'hardSigmoid') Object.assign(attrs, { alpha: r.pick([0.2, 1 / 6, 0.5]), beta: r.pick([0.5, 0, 0.25]) });
  if (op === 'leakyRelu') attrs.alpha = r.pick([0.01, 0.2, 1.5]);
  if (op === 'clip') {
    const lo = r.pick([-1, 0, -3.5]);
    Object.assign(attrs, { min: lo, max: lo + r.pick([0, 1, 6]) });
  }
  return { op, inputs, attrs, data };
}

const FAMILIES = {
  conv2d: { gen: genConv2d, perSeed: 6 },
  dynamicConv2d: { gen: genDynamic, perSeed: 3 },
  deformConv2d: { gen: genDeform, perSeed: 2 },
  pooling: { gen: genPool, perSeed: 3 },
  dense: { gen: genDense, perSeed: 1 },
  binary: { gen: genBinary, perSeed: 3 },
  elementwise: { gen: genElementwise, perSeed: 2 },
} as const;
export type FuzzFamily = keyof typeof FAMILIES;
/** The op families, in the order their streams are numbered. */
export const FUZZ_FAMILIES = Object.keys(FAMILIES) as FuzzFamily[];

/**
 * The cases of one family for one seed (the same on every engine). `scale` (default 1)
 * stretches map sizes and channel counts for hunting; fixed seeds in CI use 1.
 */
export function fuzzCases(family: FuzzFamily, seed: number, scale = 1): FuzzCase[] {
  const k = FUZZ_FAMILIES.indexOf(family);
  const r = new Draws(streamSeed(seed, k), scale);
  const { gen, perSeed } = FAMILIES[family];
  return Array.from({ length: perSeed }, (_, i) => gen(r, streamSeed(seed, 1000 * (k + 1) + i)));
}
