/**
 * ODConv (Li et al., ICLR 2022): attention over four dimensions of the kernel space, as the
 * authors' reference implementation defines it.
 *
 * Attention: `gap → fc (1×1, C → A, no bias) → bn → relu` with `A = max(⌊C·r⌋, 16)`, then
 * 1×1 heads with bias, each divided by the temperature before its activation:
 * `channel_fc` (→ C, sigmoid), `filter_fc` (→ M, sigmoid; absent for depthwise, where the
 * attention is 1), `spatial_fc` (→ k², sigmoid; absent for k = 1), `kernel_fc` (→ K, softmax;
 * absent for K = 1). Weight `weight [K, M, C/g, k, k]`; no bias, as the authors' layer, unless
 * `bias: true` (`bias [K, M]`, mixed by the kernel attention and added after `α_f`, as SPEC.md's
 * dynamicConv2d does: what fuseForInference gives a folded batch norm's shift).
 *
 * Forward: `y = conv(x · α_c, Σ_i α_s · α_w,i · W_i) · α_f`. For the 1×1 single-kernel case the
 * authors skip the aggregation (`x · α_c`, a plain conv, `· α_f`); so do we, without a bias.
 */
import { ops, runOp, scope, sizeOf, tensor, type Shape, type Tensor } from '@dcnn/core';
import { kaimingConv, zeros } from '../init.js';
import { Module, type FusionSite } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { reluAfter } from '../nn/folded-layer.js';
import { checkGroups, convAttrs, convOutShape, kernelShape, resolveConv, type ConvOptions, type ResolvedConv } from '../nn/conv-options.js';
import { convMacs, type Tracer } from '../trace.js';
import { aggregationMacs, divideBy, flatten, pooledShape, unflatten } from './helpers.js';

/** The four attentions for a batch; `undefined` where the authors' head is skipped (= 1). */
export interface OdAttentions {
  channel: Tensor;
  filter?: Tensor;
  spatial?: Tensor;
  kernel?: Tensor;
}

export interface OdAttentionOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  groups: number;
  kernels: number;
  reduction: number;
  minChannels: number;
  temperature: number;
}

export class OdAttention extends Module {
  readonly heads: { name: 'channel_fc' | 'filter_fc' | 'spatial_fc' | 'kernel_fc'; conv: Conv2d }[] = [];
  readonly kernelSize: number;
  temperature: number;

  constructor(o: OdAttentionOptions) {
    super();
    const a = Math.max(Math.floor(o.inChannels * o.reduction), o.minChannels);
    this.kernelSize = o.kernelSize;
    this.temperature = o.temperature;
    this.child('fc', new Conv2d({ inChannels: o.inChannels, outChannels: a, kernelSize: 1 }));
    this.child('bn', new BatchNorm2d(a));
    const head = (name: OdAttention['heads'][number]['name'], out: number): void => {
      this.heads.push({ name, conv: this.child(name, new Conv2d({ inChannels: a, outChannels: out, kernelSize: 1, bias: true, biasInit: zeros })) });
    };
    head('channel_fc', o.inChannels);
    const depthwise = o.inChannels === o.groups && o.inChannels === o.outChannels;
    if (!depthwise) head('filter_fc', o.outChannels);
    if (o.kernelSize > 1) head('spatial_fc', o.kernelSize * o.kernelSize);
    if (o.kernels > 1) head('kernel_fc', o.kernels);
  }

  // Read by name: fuseForInference replaces them (the batch norm by a FoldedLayer).
  get fc(): Conv2d {
    // Always a Conv2d: fusion replaces it by its folded Conv2d.
    return this.childNamed('fc') as Conv2d;
  }

  get bn(): Module {
    return this.childNamed('bn');
  }

  /** The attention's hidden width A. */
  get width(): number {
    return this.heads[0].conv.config.inChannels;
  }

  override fusionSites(): readonly FusionSite[] {
    return [{ conv: 'fc', bn: 'bn', activation: 'relu' }];
  }

  /** All attentions of `x`, each `[N, ·]` (spatial `[N, k, k]`). */
  attend(x: Tensor): OdAttentions {
    return scope(() => {
      const hidden = reluAfter(this.fc, this.bn, this.bn.forward(this.fc.forward(ops.globalAvgPool({ x }))));
      const out: Partial<OdAttentions> = {};
      for (const { name, conv } of this.heads) {
        const logits = divideBy(flatten(conv.forward(hidden)), this.temperature);
        if (name === 'kernel_fc') out.kernel = ops.softmax({ x: logits }, { axis: 1 });
        else if (name === 'spatial_fc') out.spatial = ops.reshape({ x: ops.sigmoid({ x: logits }) }, { shape: [x.shape[0], this.kernelSize, this.kernelSize] });
        else if (name === 'filter_fc') out.filter = ops.sigmoid({ x: logits });
        else out.channel = ops.sigmoid({ x: logits });
      }
      return out as OdAttentions;
    });
  }

  /** Module interface: the channel attention `[N, C]` (use `attend` for all four). */
  forward(x: Tensor): Tensor {
    return scope(() => this.attend(x).channel);
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const h = tracer.run('bn', this.bn, tracer.run('fc', this.fc, pooledShape(shape)));
    for (const { name, conv } of this.heads) tracer.run(name, conv, h);
    return [shape[0], shape[1]];
  }
}

export interface ODConv2dOptions extends ConvOptions {
  /** Number of kernels K (default 1; the paper's "4×" is K = 4). */
  kernels?: number;
  /** Attention reduction ratio r (default 1/16). */
  reduction?: number;
  /** Minimum attention width (default 16). */
  minChannels?: number;
  temperature?: number;
  /** A bias `[K, M]` added after the filter attention (default false, as the authors' layer). */
  bias?: boolean;
}

export class ODConv2d extends Module {
  readonly config: ResolvedConv;
  readonly kernels: number;
  readonly hasBias: boolean;
  readonly attention: OdAttention;

  constructor(options: ODConv2dOptions) {
    super();
    this.config = resolveConv(options);
    checkGroups('ODConv2d', this.config);
    this.kernels = options.kernels ?? 1;
    const c = this.config;
    this.attention = this.child('attention', new OdAttention({
      inChannels: c.inChannels, outChannels: c.outChannels, kernelSize: c.kernelSize, groups: c.groups,
      kernels: this.kernels, reduction: options.reduction ?? 1 / 16, minChannels: options.minChannels ?? 16,
      temperature: options.temperature ?? 1,
    }));
    this.declare('weight', [this.kernels, ...kernelShape(c)], kaimingConv);
    this.hasBias = options.bias ?? false;
    if (this.hasBias) this.declare('bias', [this.kernels, c.outChannels], zeros);
  }

  get temperature(): number {
    return this.attention.temperature;
  }

  set temperature(value: number) {
    this.attention.temperature = value;
  }

  /** True for the authors' 1×1, single-kernel fast path. */
  get isPointwiseSingle(): boolean {
    return this.config.kernelSize === 1 && this.kernels === 1;
  }

  /** Convolution with given attentions (the property tests set them to 1). */
  forwardWithAttentions(x: Tensor, att: OdAttentions): Tensor {
    return scope(() => {
      const attrs = convAttrs(this.config);
      const b = this.hasBias ? this.p('bias') : undefined;
      if (this.isPointwiseSingle && !b) {
        const w = ops.reshape({ x: this.p('weight') }, { shape: kernelShape(this.config) });
        const scaled = ops.mul({ a: x, b: unflatten(att.channel) });
        if (!att.filter) return ops.conv2d({ x: scaled, w }, attrs);
        // The filter attention scales the conv's output before the activation, as in dynamicConv2d.
        const y = ops.mul({ a: ops.conv2d({ x: scaled, w }, { ...attrs, activation: 'none' }), b: unflatten(att.filter) });
        return attrs.activation === 'none' ? y : runOp(attrs.activation, { x: y });
      }
      const a = att.kernel ?? tensor(x.backend, new Float32Array(x.shape[0] * this.kernels).fill(1), [x.shape[0], this.kernels]);
      return ops.dynamicConv2d(
        { x, w: this.p('weight'), a, b, spatialAttn: att.spatial, channelAttn: att.channel, filterAttn: att.filter },
        attrs,
      );
    });
  }

  forward(x: Tensor): Tensor {
    return scope(() => this.forwardWithAttentions(x, this.attention.attend(x)));
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const out = convOutShape(this.typeName, shape, this.config);
    tracer.run('attention', this.attention, shape);
    const kernel = kernelShape(this.config);
    const n = shape[0];
    const kernelSize = sizeOf(kernel);
    tracer.addMacs(aggregationMacs(n, this.kernels, kernelSize));
    if (this.config.kernelSize > 1) tracer.addMacs(n * kernelSize); // spatial attention on the kernel
    tracer.addMacs(sizeOf(shape)); // channel attention on the input
    if (this.attention.heads.some((h) => h.name === 'filter_fc')) tracer.addMacs(sizeOf(out)); // filter attention on the output
    tracer.addMacs(convMacs(out, kernel));
    return out;
  }
}
