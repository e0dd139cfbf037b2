/**
 * Selective kernel convolution (Li et al., CVPR 2019). Branches with different receptive
 * fields (3×3 convs with dilation 1, 2, ...; grouped; each with BN and ReLU) are summed, pooled
 * and squeezed (`fuse`: 1×1 conv C → d without bias, BN, ReLU, `d = max(C/r, L)`); a 1×1 conv
 * (`select`, d → branches·C, no bias) gives per-channel logits, softmaxed over the branches, that
 * weight the branches' sum.
 *
 * Names: `convs.{i}.0` (conv), `convs.{i}.1` (BN), `fuse.0` (conv), `fuse.1` (BN), `select`.
 */
import { ops, scope, sizeOf, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { ModuleList } from '../nn/module-list.js';
import { Sequential } from '../nn/sequential.js';
import { Activation } from '../nn/stateless.js';
import type { Tracer } from '../trace.js';
import { pooledShape } from '../dynamic/helpers.js';

export interface SKConvOptions {
  channels: number;
  stride?: number;
  /** Groups of the branch convs (default 32). */
  groups?: number;
  /** Number of branches (default 2); branch i is a 3×3 conv with dilation i + 1. */
  branches?: number;
  /** Squeeze ratio r (default 16). */
  reduction?: number;
  /** Minimum squeeze width L (default 32). */
  minChannels?: number;
}

export class SKConv extends Module {
  readonly channels: number;
  readonly convs: Sequential[];
  readonly fuse: Sequential;
  readonly select: Conv2d;

  constructor(o: SKConvOptions) {
    super();
    const c = o.channels;
    const branches = o.branches ?? 2;
    const d = Math.max(Math.floor(c / (o.reduction ?? 16)), o.minChannels ?? 32);
    this.channels = c;
    this.convs = Array.from({ length: branches }, (_, i) => new Sequential([
      new Conv2d({ inChannels: c, outChannels: c, kernelSize: 3, stride: o.stride ?? 1, dilation: i + 1, groups: o.groups ?? 32 }),
      new BatchNorm2d(c),
      new Activation('relu'),
    ]));
    this.child('convs', new ModuleList(this.convs));
    this.fuse = this.child('fuse', new Sequential([new Conv2d({ inChannels: c, outChannels: d, kernelSize: 1 }), new BatchNorm2d(d), new Activation('relu')]));
    this.select = this.child('select', new Conv2d({ inChannels: d, outChannels: branches * c, kernelSize: 1 }));
  }

  /** The branch weights `[N, branches, C]` (softmax over the branches) for summed features `u`. */
  weights(u: Tensor): Tensor {
    return scope(() => {
      const logits = this.select.forward(this.fuse.forward(ops.globalAvgPool({ x: u })));
      const grouped = ops.reshape({ x: logits }, { shape: [u.shape[0], this.convs.length, this.channels] });
      return ops.softmax({ x: grouped }, { axis: 1 });
    });
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const feats = this.convs.map((b) => b.forward(x));
      const u = feats.slice(1).reduce((acc, f) => ops.add({ a: acc, b: f }), feats[0]);
      const w = this.weights(u);
      const parts = feats.length === 1 ? [w] : ops.split({ x: w }, { axis: 1, sizes: feats.map(() => 1) });
      let out: Tensor | undefined;
      feats.forEach((f, i) => {
        const gate = ops.reshape({ x: parts[i] }, { shape: [x.shape[0], this.channels, 1, 1] });
        const term = ops.mul({ a: f, b: gate });
        out = out ? ops.add({ a: out, b: term }) : term;
      });
      return out!;
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    let out: Shape = shape;
    this.convs.forEach((b, i) => {
      out = tracer.run(`convs.${i}`, b, shape);
    });
    tracer.run('select', this.select, tracer.run('fuse', this.fuse, pooledShape(out)));
    tracer.addMacs(this.convs.length * sizeOf(out)); // weighting the branches
    return out;
  }
}
