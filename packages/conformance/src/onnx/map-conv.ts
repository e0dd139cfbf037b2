/**
 * ONNX Conv, DeformConv, pooling and BatchNormalization onto dcnn ops.
 *
 * - `auto_pad` SAME_UPPER / SAME_LOWER / VALID become explicit pads (total padding so that
 *   `out = ceil(in / stride)`, the odd pixel at the end for SAME_UPPER, at the start for SAME_LOWER).
 * - ONNX pads `[x1_begin, x2_begin, x1_end, x2_end]` are dcnn's `[top, left, bottom, right]`.
 * - 1-D convs and pools run as 2-D with H = 1 (a reshape either side): exact, since a 1-row
 *   image with no vertical padding, stride or dilation is the 1-D op.
 * - 3-D convs and pools are unsupported: dcnn's ops are 2-D.
 */
import { ops, type Tensor } from '@dcnn/core';
import { NotMapped, type Mapper, type NodeContext } from './context.js';

type Geometry = { kernel: [number, number]; strides: [number, number]; pads: [number, number, number, number]; dilations: [number, number] };

/** Reads kernel/strides/pads/dilations/auto_pad for 1 or 2 spatial dims and lifts 1-D to 2-D. */
function geometry(ctx: NodeContext, spatial: number[], kernel: number[]): Geometry {
  const rank = spatial.length;
  const strides = ctx.ints('strides') ?? Array(rank).fill(1);
  const dilations = ctx.ints('dilations') ?? Array(rank).fill(1);
  let pads = ctx.ints('pads') ?? Array(2 * rank).fill(0);
  const autoPad = ctx.string('auto_pad', 'NOTSET');
  if (autoPad === 'VALID') pads = Array(2 * rank).fill(0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const begin: number[] = [];
    const end: number[] = [];
    for (let a = 0; a < rank; a++) {
      const out = Math.ceil(spatial[a] / strides[a]);
      const total = Math.max(0, (out - 1) * strides[a] + (kernel[a] - 1) * dilations[a] + 1 - spatial[a]);
      const small = Math.floor(total / 2);
      begin.push(autoPad === 'SAME_UPPER' ? small : total - small);
      end.push(autoPad === 'SAME_UPPER' ? total - small : small);
    }
    pads = [...begin, ...end];
  } else if (autoPad !== 'NOTSET') throw new NotMapped(`${ctx.node.opType}: auto_pad ${autoPad} is not an ONNX value`);
  if (rank === 1) return { kernel: [1, kernel[0]], strides: [1, strides[0]], pads: [0, pads[0], 0, pads[1]], dilations: [1, dilations[0]] };
  return { kernel: kernel as [number, number], strides: strides as [number, number], pads: pads as Geometry['pads'], dilations: dilations as [number, number] };
}

/** The spatial rank of an NC... input: 1 and 2 are mapped, others are not. */
function spatialRank(ctx: NodeContext, shape: number[]): 1 | 2 {
  const r = shape.length - 2;
  if (r === 1 || r === 2) return r;
  throw new NotMapped(`${ctx.node.opType}: ${r}-D input; dcnn convolutions and pools are 2-D (1-D runs as H = 1)`);
}

/** [N, C, L] -> [N, C, 1, L] for 1-D; 2-D passes through. */
const lift = (t: Tensor, rank: 1 | 2): Tensor => (rank === 1 ? ops.reshape({ x: t }, { shape: [t.shape[0], t.shape[1], 1, t.shape[2]] }) : t);
const drop = (t: Tensor, rank: 1 | 2): Tensor => (rank === 1 ? ops.reshape({ x: t }, { shape: [t.shape[0], t.shape[1], t.shape[3]] }) : t);

function checkKernelShape(ctx: NodeContext, kernel: number[]): void {
  const declared = ctx.ints('kernel_shape');
  if (declared && declared.join() !== kernel.join()) throw new NotMapped(`${ctx.node.opType}: kernel_shape [${declared}] differs from the weights' [${kernel}]`);
}

const conv: Mapper = (ctx) => {
  ctx.onlyAttrs(['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides']);
  const x = ctx.tensor(0);
  const rank = spatialRank(ctx, [...x.shape]);
  const w = ctx.tensor(1);
  const kernel = w.shape.slice(2);
  checkKernelShape(ctx, kernel);
  const g = geometry(ctx, x.shape.slice(2), kernel);
  const y = ops.conv2d(
    { x: lift(x, rank), w: lift(w, rank), b: ctx.has(2) ? ctx.tensor(2) : undefined },
    { strides: g.strides, pads: g.pads, dilations: g.dilations, group: ctx.int('group', 1) },
  );
  return drop(y, rank);
};

const deformConv: Mapper = (ctx) => {
  ctx.onlyAttrs(['dilations', 'group', 'kernel_shape', 'offset_group', 'pads', 'strides']);
  const x = ctx.tensor(0);
  if (spatialRank(ctx, [...x.shape]) !== 2) throw new NotMapped('DeformConv: only 2-D');
  const w = ctx.tensor(1);
  checkKernelShape(ctx, w.shape.slice(2));
  const g = geometry(ctx, x.shape.slice(2), w.shape.slice(2));
  return ops.deformConv2d(
    {
      x,
      w,
      offset: ctx.tensor(2),
      b: ctx.has(3) ? ctx.tensor(3) : undefined,
      mask: ctx.has(4) ? ctx.tensor(4) : undefined,
    },
    { strides: g.strides, pads: g.pads, dilations: g.dilations, group: ctx.int('group', 1), offsetGroup: ctx.int('offset_group', 1) },
  );
};

function pool(kind: 'avg' | 'max'): Mapper {
  return (ctx) => {
    if (ctx.node.outputs.length > 1) throw new NotMapped('MaxPool: the Indices output (argmax) has no dcnn op');
    ctx.onlyAttrs(['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'strides', ...(kind === 'avg' ? ['count_include_pad'] : ['storage_order'])]);
    const x = ctx.tensor(0);
    const rank = spatialRank(ctx, [...x.shape]);
    const kernel = ctx.ints('kernel_shape');
    if (!kernel) throw new NotMapped(`${ctx.node.opType}: no kernel_shape`);
    const g = geometry(ctx, x.shape.slice(2), kernel);
    const common = { kernel: g.kernel, strides: g.strides, pads: g.pads, dilations: g.dilations, ceilMode: ctx.int('ceil_mode', 0) === 1 };
    const y =
      kind === 'avg'
        ? ops.avgPool2d({ x: lift(x, rank) }, { ...common, countIncludePad: ctx.int('count_include_pad', 0) === 1 })
        : ops.maxPool2d({ x: lift(x, rank) }, common);
    return drop(y, rank);
  };
}

function globalPool(kind: 'avg' | 'max'): Mapper {
  return (ctx) => {
    const x = ctx.tensor(0);
    if (x.shape.length !== 4) throw new NotMapped(`${ctx.node.opType}: ${x.shape.length - 2}-D input; only 2-D is mapped`);
    return kind === 'avg' ? ops.globalAvgPool({ x }) : ops.globalMaxPool({ x });
  };
}

const batchNorm: Mapper = (ctx) => {
  if (ctx.int('training_mode', 0) === 1 || ctx.node.outputs.length > 1) {
    throw new NotMapped('BatchNormalization: training mode (running mean/var outputs) has no dcnn op; dcnn batchNorm is inference only');
  }
  ctx.onlyAttrs(['epsilon', 'momentum', 'training_mode']);
  return ops.batchNorm(
    { x: ctx.tensor(0), scale: ctx.tensor(1), bias: ctx.tensor(2), mean: ctx.tensor(3), var: ctx.tensor(4) },
    { epsilon: ctx.float('epsilon', 1e-5) },
  );
};

export const convMappers: Record<string, Mapper> = {
  Conv: conv,
  DeformConv: deformConv,
  AveragePool: pool('avg'),
  MaxPool: pool('max'),
  GlobalAveragePool: globalPool('avg'),
  GlobalMaxPool: globalPool('max'),
  BatchNormalization: batchNorm,
};
