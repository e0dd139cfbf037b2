import type { FuzzCase } from '@dcnn/conformance';

/**
 * A 16→16 3×3 conv on a 10×10 map (the Winograd path) whose input channel 0 holds `value`
 * everywhere and whose kernels read it only through their middle column, `column` (top to
 * bottom); the rest of the data is random.
 */
function channelZeroCase(why: string, value: number, column: number[], data: number): { why: string; c: FuzzCase } {
  const taps = [0, column[0], 0, 0, column[1], 0, 0, column[2], 0];
  return {
    why,
    c: {
      op: 'conv2d',
      inputs: {
        x: { shape: [1, 16, 10, 10], set: Array.from({ length: 100 }, (_, i): [number, number] => [i, value]) },
        w: { shape: [16, 16, 3, 3], set: Array.from({ length: 16 * 9 }, (_, i): [number, number] => [Math.floor(i / 9) * 144 + (i % 9), taps[i % 9]]) },
      },
      attrs: {},
      data,
    },
  };
}

/** Minimised mismatches the fuzzer found, kept as fixed cases (each says what was wrong). */
export const regressions: { why: string; c: FuzzCase }[] = [
  // assembly/conv.ts packConvTile copied 8 consecutive input floats for any full tile of a
  // 1×1 stride-1 conv without top/left pads, also when a right pad made the output rows wider
  // than the input's (row 1 of the output read the rest of input row 0, and so on) ...
  {
    why: '1x1 conv with a right pad (output rows wider than the input rows)',
    c: { op: 'conv2d', inputs: { x: { shape: [1, 2, 2, 4] }, w: { shape: [1, 2, 1, 1] } }, attrs: { pads: [0, 0, 0, 4] }, data: 1 },
  },
  // ... and when a bottom pad put a tile's pixels below the image: they read the floats past
  // the plane (the next channel, or past the tensor) instead of 0.
  {
    why: '1x1 conv with a bottom pad (a whole tile in the padding)',
    c: { op: 'conv2d', inputs: { x: { shape: [1, 2, 1, 8] }, w: { shape: [1, 2, 1, 1] }, b: { shape: [1] } }, attrs: { pads: [0, 0, 1, 0] }, data: 2 },
  },
  // dynamicConv2d's GEMM path packs its tiles the same way.
  {
    why: 'dynamicConv2d 1x1 with bottom and right pads',
    c: {
      op: 'dynamicConv2d',
      inputs: { x: { shape: [1, 3, 3, 3] }, w: { shape: [2, 4, 3, 1, 1] }, a: { shape: [1, 2] } },
      attrs: { pads: [0, 0, 1, 1], activation: 'relu6' },
      data: 3,
    },
  },
  // Taps on the padding contribute exactly 0 even under a NaN or infinite weight
  // (docs/spec-decisions.md): the GEMM path multiplied the im2col panel's zeros by the weight,
  // the depthwise path its zero-bordered plane's, dynamicConv2d both (0·NaN = NaN). Such kernels
  // now take convDirect (assembly/conv.ts), which skips taps outside the image. Here only the
  // centre tap of the 1×1 image's 3×3 window reads the image; every other weight is NaN.
  {
    why: 'NaN weights on padded taps, GEMM path (2 channels)',
    c: {
      op: 'conv2d',
      inputs: { x: { shape: [1, 2, 1, 1] }, w: { shape: [3, 2, 3, 3], set: Array.from({ length: 54 }, (_, i) => [i, i % 9 === 4 ? 0.5 : 'NaN']) } },
      attrs: { pads: [1, 1, 1, 1] },
      data: 4,
    },
  },
  {
    why: 'NaN weights on padded taps, depthwise path',
    c: {
      op: 'conv2d',
      inputs: { x: { shape: [1, 1, 1, 1] }, w: { shape: [1, 1, 3, 3], set: [[0, 'NaN'], [1, 'Infinity'], [8, '-Infinity']] } },
      attrs: { pads: [1, 1, 1, 1], activation: 'relu6' },
      data: 5,
    },
  },
  {
    // The NaN sits at tap (0, 0) of expert 1: only output (1, 1) reads that tap inside the image.
    why: 'NaN bank weight on padded taps, dynamicConv2d GEMM path',
    c: {
      op: 'dynamicConv2d',
      inputs: { x: { shape: [1, 2, 2, 2] }, w: { shape: [2, 3, 2, 3, 3], set: [[54, 'NaN']] }, a: { shape: [1, 2] }, filterAttn: { shape: [1, 3] } },
      attrs: { pads: [1, 1, 1, 1] },
      data: 6,
    },
  },
  {
    why: 'infinite spatial attention on padded taps, dynamicConv2d depthwise path',
    c: {
      op: 'dynamicConv2d',
      inputs: { x: { shape: [1, 2, 3, 3] }, w: { shape: [2, 2, 1, 3, 3] }, a: { shape: [1, 2] }, spatialAttn: { shape: [1, 3, 3], set: [[2, 'Infinity']] } },
      attrs: { pads: [1, 1, 1, 1], group: 2 },
      data: 7,
    },
  },
  // Winograd's transforms add and subtract a tile's 4×4 inputs: one infinite input gave
  // ∞ − ∞ = NaN in outputs where the direct sum is ±∞. Inputs with ±∞ now take the GEMM path.
  // (A NaN alone stays in the outputs whose window holds it, and stays on Winograd: F(2×2, 3×3)
  // keeps patch rows 0 and 3 out of output rows 1 and 0; the next case checks that.)
  {
    why: 'an infinite input on the Winograd path',
    c: { op: 'conv2d', inputs: { x: { shape: [1, 16, 8, 8], set: [[18, 'Infinity']] }, w: { shape: [16, 16, 3, 3] } }, attrs: { pads: [1, 1, 1, 1] }, data: 8 },
  },
  {
    why: 'a NaN input on the Winograd path stays in its windows',
    c: { op: 'conv2d', inputs: { x: { shape: [1, 16, 8, 8], set: [[0, 'NaN'], [27, 'NaN'], [63, 'NaN']] }, w: { shape: [16, 16, 3, 3] } }, attrs: { pads: [1, 1, 1, 1] }, data: 14 },
  },
  {
    why: 'an infinite input on the dynamicConv2d Winograd path',
    c: {
      op: 'dynamicConv2d',
      inputs: { x: { shape: [1, 16, 8, 8], set: [[18, '-Infinity']] }, w: { shape: [2, 16, 16, 3, 3] }, a: { shape: [1, 2] } },
      attrs: { pads: [1, 1, 1, 1] },
      data: 9,
    },
  },
  // conv2d's Winograd loop took a sample holding ±Infinity to the GEMM through packedWeights,
  // which freed the weight's cached Winograd transform while the later samples still read it
  // (NaN here, where the fuzz test poisons freed blocks). Caught by a review of the glue.
  {
    why: 'conv2d Winograd batch: an infinite sample before finite ones',
    c: {
      op: 'conv2d',
      inputs: { x: { shape: [3, 16, 8, 8], set: [[5, 'Infinity']] }, w: { shape: [16, 16, 3, 3] }, b: { shape: [16] } },
      attrs: { pads: [1, 1, 1, 1] },
      data: 14,
    },
  },
  // Winograd's transforms add inputs (and weights) before multiplying: finite values near the
  // float32 limit overflowed to ±∞ there, and ∞·0 or ∞ − ∞ gave NaN where the direct sum is 0.
  // Inputs above 2^50 now take the GEMM (the pad copy flags them), and so do such weights.
  // Found by a review of the kernels. Here channel 0 is 2e38 everywhere and its kernel column
  // (0.5, −1, 0.5) sums it to exactly 0.
  channelZeroCase('huge finite inputs on the Winograd path', 2e38, [0.5, -1, 0.5], 15),
  // Weights 2e38 and −2e38 in channel 0's column, over a channel 0 of ones: the direct sum is 0.
  channelZeroCase('huge finite weights on the Winograd path', 1, [2e38, -2e38, 0], 16),
  // A depthwise conv's zero-bordered plane reserves three column strides past the last output:
  // at a column stride of 5592404 its size (over 2^32 floats) wrapped around in 32 bits into a
  // small block, which the kernel then wrote far past, into other tensors, before trapping.
  // Such sparse geometry now takes the direct loop, which needs no plane. Found by a review.
  {
    why: 'depthwise conv with a column stride of 5592404',
    c: { op: 'conv2d', inputs: { x: { shape: [1, 2, 256, 1] }, w: { shape: [2, 1, 1, 1] } }, attrs: { group: 2, strides: [1, 5592404] }, data: 17 },
  },
  // Empty dimensions (SPEC.md: dims are non-negative). aggregatePacked refused K = cg·kh·kw = 0
  // (an UnsupportedError for no input channels, where the output is the bias) ...
  {
    why: 'dynamicConv2d with no input channels',
    c: { op: 'dynamicConv2d', inputs: { x: { shape: [1, 0, 5, 5] }, w: { shape: [2, 4, 0, 3, 3] }, a: { shape: [1, 2] }, b: { shape: [2, 4] } }, attrs: {}, data: 10 },
  },
  // ... depthwiseSample refused 0 output channels per group ...
  {
    why: 'depthwise conv2d with no output channels',
    c: { op: 'conv2d', inputs: { x: { shape: [1, 3, 5, 5] }, w: { shape: [0, 1, 3, 3] } }, attrs: { group: 3 }, data: 11 },
  },
  // ... and both aggregations read expert 0 of an empty bank (K = 0) instead of summing nothing.
  {
    why: 'dynamicConv2d with an empty bank (K = 0), GEMM path',
    c: { op: 'dynamicConv2d', inputs: { x: { shape: [2, 2, 4, 4] }, w: { shape: [0, 3, 2, 3, 3] }, a: { shape: [2, 0] } }, attrs: { pads: [1, 1, 1, 1], activation: 'sigmoid' }, data: 12 },
  },
  {
    why: 'dynamicConv2d with an empty bank (K = 0), depthwise path',
    c: { op: 'dynamicConv2d', inputs: { x: { shape: [2, 2, 4, 4] }, w: { shape: [0, 2, 1, 3, 3] }, a: { shape: [2, 0] } }, attrs: { pads: [1, 1, 1, 1], group: 2, activation: 'sigmoid' }, data: 13 },
  },
];
