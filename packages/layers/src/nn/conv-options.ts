/**
 * Convolution geometry in PyTorch's terms (square kernel, symmetric padding) and its
 * translation to the op attributes of SPEC.md, shared by every conv-like layer.
 */
import { ShapeError, convOutputSize, formatShape, type Activation, type ConvAttrs, type Shape } from '@dcnn/core';

export interface ConvOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  stride?: number;
  /** Symmetric zero padding; defaults to `dilation · (kernelSize − 1) / 2` rounded down ("same" for odd kernels at stride 1). */
  padding?: number;
  dilation?: number;
  groups?: number;
  /** Fused activation after the convolution (not a PyTorch parameter: it has no weights). */
  activation?: Activation;
}

/** Conv options with every default filled in. */
export type ResolvedConv = Required<ConvOptions>;

export function resolveConv(o: ConvOptions): ResolvedConv {
  const dilation = o.dilation ?? 1;
  return {
    inChannels: o.inChannels,
    outChannels: o.outChannels,
    kernelSize: o.kernelSize,
    stride: o.stride ?? 1,
    padding: o.padding ?? Math.floor((dilation * (o.kernelSize - 1)) / 2),
    dilation,
    groups: o.groups ?? 1,
    activation: o.activation ?? 'none',
  };
}

/** The op attributes of a resolved conv. */
export function convAttrs(c: ResolvedConv): ConvAttrs {
  return {
    strides: [c.stride, c.stride],
    pads: [c.padding, c.padding, c.padding, c.padding],
    dilations: [c.dilation, c.dilation],
    group: c.groups,
    activation: c.activation,
  };
}

/** The kernel shape `[M, C/group, k, k]`. */
export function kernelShape(c: ResolvedConv): number[] {
  return [c.outChannels, c.inChannels / c.groups, c.kernelSize, c.kernelSize];
}

/** Checks `[N, C, H, W]` against the layer and returns the output shape. */
export function convOutShape(layer: string, x: Shape, c: ResolvedConv): number[] {
  if (x.length !== 4 || x[1] !== c.inChannels) {
    throw new ShapeError({ op: layer, arg: 'x', expected: `[N,${c.inChannels},H,W]`, actual: formatShape(x) });
  }
  const a = convAttrs(c);
  const [oh, ow] = convOutputSize(layer, x[2], x[3], [c.kernelSize, c.kernelSize], a.strides, a.pads, a.dilations);
  return [x[0], c.outChannels, oh, ow];
}

/** Rejects channel counts the groups do not divide. */
export function checkGroups(layer: string, c: ResolvedConv): void {
  if (c.inChannels % c.groups !== 0 || c.outChannels % c.groups !== 0) {
    throw new ShapeError({ op: layer, arg: 'groups', expected: `a divisor of ${c.inChannels} and ${c.outChannels}`, actual: String(c.groups) });
  }
}
