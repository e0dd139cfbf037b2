/** The numbers a conv-family kernel needs, gathered once from shapes and resolved attributes. */
import { type ConvAttrs, checkInt32Geometry } from '@dcnn/core';
import { ACTIVATION_CODES } from '../codes.js';

export interface ConvGeometry {
  N: number; C: number; H: number; W: number;
  M: number; cg: number; mg: number; kh: number; kw: number; K: number;
  oh: number; ow: number; group: number;
  sh: number; sw: number; dh: number; dw: number; top: number; left: number;
  act: number;
}

/** The geometry of `op`; an UnsupportedError when the kernels cannot index it (checkInt32Geometry). */
export function convGeometry(op: string, x: readonly number[], kernel: readonly number[], out: readonly number[], attrs: ConvAttrs): ConvGeometry {
  const [N, C, H, W] = x;
  checkInt32Geometry(op, 'wasm', H, W, attrs);
  const [M, cg, kh, kw] = kernel.slice(-4);
  return {
    N, C, H, W, M, cg, kh, kw, mg: M / attrs.group, K: cg * kh * kw,
    oh: out[2], ow: out[3], group: attrs.group,
    sh: attrs.strides[0], sw: attrs.strides[1], dh: attrs.dilations[0], dw: attrs.dilations[1],
    top: attrs.pads[0], left: attrs.pads[1],
    act: ACTIVATION_CODES[attrs.activation],
  };
}

/** Depthwise (one input channel per group) runs its own kernel; everything else the GEMM core. */
export const isDepthwise = (g: ConvGeometry): boolean => g.cg === 1 && g.group === g.C;

/** A 1×1, ungrouped, unpadded conv of a 1×1 map: a dense layer over the channels. */
export const isPixelDense = (g: ConvGeometry): boolean =>
  g.H === 1 && g.W === 1 && g.oh === 1 && g.ow === 1 && g.kh === 1 && g.kw === 1 && g.group === 1 && g.top === 0 && g.left === 0;

/** Floats of every group's packed 4-row weight panels. */
export const packedFloats = (g: ConvGeometry): number => g.group * Math.ceil(g.mg / 4) * 4 * g.K;

/** Bytes of a tile's pixel panel (K×8) plus the index scratch. */
export const panelBytes = (g: ConvGeometry): number => (g.K * 8 + 16) * 4;
