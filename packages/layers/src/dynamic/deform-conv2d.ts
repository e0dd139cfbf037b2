/**
 * Deformable convolution, v1 (Dai et al. 2017) and v2 (Zhu et al. 2019), with torchvision /
 * mmcv semantics: a conv `conv_offset` (same kernel, stride, padding and dilation as the main
 * conv, with bias, initialised to zero) predicts from the input the sampling offsets, and for v2
 * also a modulation mask. For v2 the `3·G·k²` predicted channels are split as `o1, o2, m`;
 * offset = `cat(o1, o2)`, mask = `sigmoid(m)` (mmcv's modulated form). At initialisation the
 * offsets are 0 (and the v2 mask 0.5).
 *
 * Parameters: `conv_offset.{weight,bias}`, `weight [M, C/g, k, k]`, optional `bias [M]`.
 */
import { ops, scope, sizeOf, type Shape, type Tensor } from '@dcnn/core';
import { kaimingConv, uniform, zeros } from '../init.js';
import { Module } from '../module.js';
import { Conv2d } from '../nn/conv2d.js';
import { checkGroups, convAttrs, convOutShape, kernelShape, resolveConv, type ConvOptions, type ResolvedConv } from '../nn/conv-options.js';
import { convMacs, type Tracer } from '../trace.js';

export interface DeformConv2dOptions extends ConvOptions {
  /** 1 (offsets only) or 2 (offsets and a sigmoid mask). Default 2. */
  version?: 1 | 2;
  /** Offset groups (mmcv's `deform_groups`, ONNX's `offset_group`). Default 1. */
  offsetGroups?: number;
  bias?: boolean;
}

export class DeformConv2d extends Module {
  readonly config: ResolvedConv;
  readonly version: 1 | 2;
  readonly offsetGroups: number;
  readonly hasBias: boolean;
  readonly conv_offset: Conv2d;

  constructor(options: DeformConv2dOptions) {
    super();
    this.config = resolveConv(options);
    checkGroups('DeformConv2d', this.config);
    this.version = options.version ?? 2;
    this.offsetGroups = options.offsetGroups ?? 1;
    this.hasBias = options.bias ?? true;
    const c = this.config;
    const taps = this.offsetGroups * c.kernelSize * c.kernelSize;
    this.conv_offset = this.child('conv_offset', new Conv2d({
      ...c, groups: 1, activation: 'none', outChannels: (this.version === 2 ? 3 : 2) * taps, bias: true, weightInit: zeros, biasInit: zeros,
    }));
    const kshape = kernelShape(c);
    this.declare('weight', kshape, kaimingConv);
    if (this.hasBias) this.declare('bias', [c.outChannels], uniform(1 / Math.sqrt(sizeOf(kshape) / kshape[0])));
  }

  /** Deformable convolution with given offsets (and mask for v2). */
  forwardWithOffsets(x: Tensor, offset: Tensor, mask?: Tensor): Tensor {
    return ops.deformConv2d(
      { x, w: this.p('weight'), offset, mask, b: this.hasBias ? this.p('bias') : undefined },
      { ...convAttrs(this.config), offsetGroup: this.offsetGroups },
    );
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const predicted = this.conv_offset.forward(x);
      if (this.version === 1) return this.forwardWithOffsets(x, predicted);
      const third = predicted.shape[1] / 3;
      const [o1, o2, m] = ops.split({ x: predicted }, { axis: 1, sizes: [third, third, third] });
      return this.forwardWithOffsets(x, ops.concat({ xs: [o1, o2] }, { axis: 1 }), ops.sigmoid({ x: m }));
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const out = convOutShape(this.typeName, shape, this.config);
    tracer.run('conv_offset', this.conv_offset, shape);
    const kernel = kernelShape(this.config);
    // Bilinear sampling: 4 weights per sampled value (C·k² per output position), plus the mask.
    const sampled = out[0] * out[2] * out[3] * this.config.inChannels * kernel[2] * kernel[3];
    tracer.addMacs(sampled * (this.version === 2 ? 5 : 4));
    tracer.addMacs(convMacs(out, kernel));
    return out;
  }
}
