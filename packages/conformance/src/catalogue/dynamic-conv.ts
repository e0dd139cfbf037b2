/** dynamicConv2d: banks with K = 1 and K > 1, each optional attention alone and all together. */
import { activations } from '@dcnn/core';
import { check, rejects, t } from './define.js';
import { simplex, uniform } from './generators.js';
import type { InputSpec, OpCaseSpec } from './types.js';

interface Geometry {
  n: number;
  c: number;
  h: number;
  w: number;
  k: number;
  m: number;
  kh: number;
  kw: number;
  group?: number;
}

type Optional = 'b' | 'spatialAttn' | 'channelAttn' | 'filterAttn';

/** Inputs for a geometry with the chosen optional inputs; attentions are in their layers' ranges. */
function inputs(g: Geometry, with_: Optional[]): Record<string, InputSpec> {
  const group = g.group ?? 1;
  const all: Record<string, InputSpec> = {
    x: t([g.n, g.c, g.h, g.w]),
    w: t([g.k, g.m, g.c / group, g.kh, g.kw]),
    a: t([g.n, g.k], simplex),
  };
  const optional: Record<Optional, InputSpec> = {
    b: t([g.k, g.m]),
    spatialAttn: t([g.n, g.kh, g.kw], uniform(0, 1)),
    channelAttn: t([g.n, g.c], uniform(0, 1)),
    filterAttn: t([g.n, g.m], uniform(0, 1)),
  };
  for (const name of with_) all[name] = optional[name];
  return all;
}

const base: Geometry = { n: 2, c: 5, h: 7, w: 6, k: 3, m: 6, kh: 3, kw: 3 };
const pad1 = { pads: [1, 1, 1, 1] };

export const dynamicConvCases: OpCaseSpec[] = [
  check('dynamicConv2d', 'k1', inputs({ ...base, k: 1 }, []), pad1),
  check('dynamicConv2d', 'k1-bias', inputs({ ...base, k: 1 }, ['b']), pad1),
  check('dynamicConv2d', 'k3', inputs(base, []), pad1),
  check('dynamicConv2d', 'k4-bias', inputs({ ...base, k: 4 }, ['b']), pad1),
  check('dynamicConv2d', 'k3-spatial', inputs(base, ['spatialAttn']), pad1),
  check('dynamicConv2d', 'k3-channel', inputs(base, ['channelAttn']), pad1),
  check('dynamicConv2d', 'k3-filter', inputs(base, ['filterAttn']), pad1),
  check('dynamicConv2d', 'k3-all-attentions', inputs(base, ['spatialAttn', 'channelAttn', 'filterAttn']), pad1),
  check('dynamicConv2d', 'k3-all-attentions-bias', inputs(base, ['b', 'spatialAttn', 'channelAttn', 'filterAttn']), pad1),
  check('dynamicConv2d', 'k1-all-attentions', inputs({ ...base, k: 1, n: 1 }, ['b', 'spatialAttn', 'channelAttn', 'filterAttn'])),
  check('dynamicConv2d', 'k4-stride2-group2', inputs({ n: 2, c: 4, h: 9, w: 7, k: 4, m: 6, kh: 3, kw: 3, group: 2 }, ['b']), {
    strides: [2, 2],
    pads: [1, 1, 1, 1],
    group: 2,
  }),
  check('dynamicConv2d', 'depthwise-k2', inputs({ n: 2, c: 6, h: 6, w: 6, k: 2, m: 6, kh: 3, kw: 3, group: 6 }, ['b', 'channelAttn']), {
    group: 6,
    pads: [1, 1, 1, 1],
  }),
  check('dynamicConv2d', 'pointwise-k4-filter', inputs({ n: 3, c: 7, h: 4, w: 5, k: 4, m: 9, kh: 1, kw: 1 }, ['filterAttn'])),
  check('dynamicConv2d', 'dilated-asym-pads', inputs({ ...base, kh: 3, kw: 2 }, ['spatialAttn', 'b']), {
    dilations: [2, 2],
    pads: [2, 1, 1, 0],
  }),
  check('dynamicConv2d', 'image-1x1', inputs({ ...base, h: 1, w: 1 }, ['b', 'spatialAttn', 'channelAttn', 'filterAttn']), pad1),
  ...activations.map((activation) =>
    check('dynamicConv2d', `activation-${activation}`, inputs({ ...base, n: 1 }, ['b', 'filterAttn']), { ...pad1, activation }),
  ),
  rejects('dynamicConv2d', 'w-rank4', 'ShapeError', { x: t([2, 5, 7, 6]), w: t([6, 5, 3, 3]), a: t([2, 3]) }),
  rejects('dynamicConv2d', 'attention-k', 'ShapeError', { ...inputs(base, []), a: t([2, 4]) }),
  rejects('dynamicConv2d', 'attention-n', 'ShapeError', { ...inputs(base, []), a: t([1, 3]) }),
  rejects('dynamicConv2d', 'bias-shape', 'ShapeError', { ...inputs(base, []), b: t([6]) }),
  rejects('dynamicConv2d', 'spatial-shape', 'ShapeError', { ...inputs(base, []), spatialAttn: t([2, 3, 2]) }),
  rejects('dynamicConv2d', 'channel-shape', 'ShapeError', { ...inputs(base, []), channelAttn: t([2, 6]) }),
  rejects('dynamicConv2d', 'filter-shape', 'ShapeError', { ...inputs(base, []), filterAttn: t([2, 5]) }),
  rejects('dynamicConv2d', 'kernel-channels', 'ShapeError', { ...inputs(base, []), x: t([2, 4, 7, 6]) }),
  rejects('dynamicConv2d', 'stride-negative', 'AttributeError', inputs(base, []), { strides: [-1, 1] }),
];
