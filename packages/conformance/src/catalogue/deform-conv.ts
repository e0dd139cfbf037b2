/**
 * deformConv2d: offsets that straddle the border, leave the image and land exactly on it; offset
 * groups; masks; strides, dilations and groups (which the ONNX vectors do not cover).
 */
import { activations } from '@dcnn/core';
import { check, rejects, t } from './define.js';
import { constant, deformOffsets, normal, uniform, withNaN, type DeformGeometry, type OffsetMode } from './generators.js';
import type { InputSpec, OpCaseSpec } from './types.js';

interface Geometry extends DeformGeometry {
  n: number;
  c: number;
  m: number;
  group?: number;
  offsetGroup?: number;
}

function outSize(g: Geometry): [number, number] {
  const [sh, sw] = g.strides ?? [1, 1];
  const [top, left, bottom, right] = g.pads ?? [0, 0, 0, 0];
  const [dh, dw] = g.dilations ?? [1, 1];
  return [
    Math.floor((g.h + top + bottom - (dh * (g.kernel[0] - 1) + 1)) / sh) + 1,
    Math.floor((g.w + left + right - (dw * (g.kernel[1] - 1) + 1)) / sw) + 1,
  ];
}

function deform(variant: string, g: Geometry, mode: OffsetMode | 'zero' | 'small' | 'nan', extra: ('b' | 'mask')[] = [], activation?: string): OpCaseSpec {
  const [oh, ow] = outSize(g);
  const og = g.offsetGroup ?? 1;
  const taps = og * g.kernel[0] * g.kernel[1];
  const offsetGen =
    mode === 'zero' ? constant(0) : mode === 'small' ? normal(0.7) : mode === 'nan' ? withNaN(normal(0.7), 0.005) : deformOffsets(g, mode);
  const inputs: Record<string, InputSpec> = {
    x: t([g.n, g.c, g.h, g.w]),
    w: t([g.m, g.c / (g.group ?? 1), ...g.kernel]),
    offset: t([g.n, 2 * taps, oh, ow], offsetGen),
  };
  if (extra.includes('b')) inputs.b = t([g.m]);
  if (extra.includes('mask')) inputs.mask = t([g.n, taps, oh, ow], uniform(0, 1));
  const attrs: Record<string, unknown> = {};
  if (g.strides) attrs.strides = g.strides;
  if (g.pads) attrs.pads = g.pads;
  if (g.dilations) attrs.dilations = g.dilations;
  if (g.group) attrs.group = g.group;
  if (g.offsetGroup) attrs.offsetGroup = g.offsetGroup;
  if (activation) attrs.activation = activation;
  return check('deformConv2d', variant, inputs, attrs);
}

const base: Geometry = { n: 2, c: 3, h: 6, w: 5, m: 4, kernel: [3, 3], pads: [1, 1, 1, 1] };

export const deformConvCases: OpCaseSpec[] = [
  deform('zero-offsets', base, 'zero', ['b']),
  deform('small-offsets', base, 'small'),
  deform('offsets-on-border', base, 'border'),
  deform('offsets-straddle-border', base, 'straddle', ['b']),
  deform('offsets-outside', base, 'outside'),
  deform('offsets-mixed-mask-bias', base, 'mixed', ['b', 'mask']),
  deform('mask-only', { ...base, pads: [0, 0, 0, 0] }, 'small', ['mask']),
  deform('offset-groups-2', { ...base, c: 4, offsetGroup: 2 }, 'mixed', ['mask']),
  deform('offset-groups-3-border', { ...base, c: 6, m: 5, offsetGroup: 3 }, 'border', ['b']),
  deform('stride2', { ...base, h: 9, w: 8, strides: [2, 2] }, 'mixed', ['b', 'mask']),
  deform('dilation2', { ...base, h: 8, w: 8, dilations: [2, 2], pads: [2, 2, 2, 2] }, 'mixed', ['mask']),
  deform('group2', { ...base, c: 4, m: 6, group: 2 }, 'small', ['b']),
  deform('group2-offset-group2', { ...base, c: 4, m: 4, group: 2, offsetGroup: 2 }, 'straddle', ['mask']),
  deform('asym-pads-kernel-2x3', { ...base, kernel: [2, 3], pads: [1, 0, 0, 2] }, 'mixed', ['b']),
  deform('image-1x1', { ...base, h: 1, w: 1 }, 'mixed', ['b', 'mask']),
  deform('channels-5-batch3', { ...base, n: 3, c: 5, m: 7 }, 'small', ['b', 'mask']),
  // A NaN offset is none of SPEC.md's outside cases: its sample, and every output it feeds, is NaN.
  deform('nan-offsets', base, 'nan', ['b', 'mask']),
  ...activations.map((activation) => deform(`activation-${activation}`, { ...base, n: 1 }, 'small', ['b'], activation)),
  rejects('deformConv2d', 'offset-channels', 'ShapeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]), offset: t([1, 16, 3, 3]) }),
  rejects('deformConv2d', 'offset-spatial', 'ShapeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]), offset: t([1, 18, 4, 3]) }),
  rejects('deformConv2d', 'mask-shape', 'ShapeError', {
    x: t([1, 3, 5, 5]),
    w: t([2, 3, 3, 3]),
    offset: t([1, 18, 3, 3]),
    mask: t([1, 18, 3, 3]),
  }),
  rejects('deformConv2d', 'c-not-divisible-by-offset-group', 'ShapeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]), offset: t([1, 36, 3, 3]) }, { offsetGroup: 2 }),
  rejects('deformConv2d', 'offset-group-zero', 'AttributeError', { x: t([1, 3, 5, 5]), w: t([2, 3, 3, 3]), offset: t([1, 18, 3, 3]) }, { offsetGroup: 0 }),
];
