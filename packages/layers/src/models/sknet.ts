/**
 * SKNet-50 (Li et al., CVPR 2019): the ResNeXt-50 layout (bottleneck widths 128/256/512/1024,
 * outputs 256/512/1024/2048, blocks 3/4/6/3, stride on the 3×3) with each 3×3 grouped conv
 * replaced by an SK unit (two branches, 32 groups, dilation 1 and 2; d = max(C/16, 32)).
 * Names follow torchvision's ResNet (`conv1`, `layer{i}.{j}.conv{1,2,3}`, ...); `conv2` is the
 * SK unit.
 */
import { ops, scope, type Shape, type Tensor } from '@dcnn/core';
import { Module, type FusionSite } from '../module.js';
import { SKConv } from '../attention/sk-conv.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { runSite, traceSite } from '../nn/folded-layer.js';
import { Sequential } from '../nn/sequential.js';
import type { Tracer } from '../trace.js';
import { ResNetSkeleton } from './resnet-skeleton.js';

/** The 1×1 conv-bn-relu before the SKConv, and the 1×1 conv-bn after it. */
const SK_SITES: readonly FusionSite[] = [{ conv: 'conv1', bn: 'bn1', activation: 'relu' }, { conv: 'conv3', bn: 'bn3' }];

export class SKBottleneck extends Module {
  readonly conv2: SKConv;
  readonly downsample: Sequential | undefined;

  constructor(inplanes: number, mid: number, out: number, stride: number) {
    super();
    this.child('conv1', new Conv2d({ inChannels: inplanes, outChannels: mid, kernelSize: 1 }));
    this.child('bn1', new BatchNorm2d(mid));
    this.conv2 = this.child('conv2', new SKConv({ channels: mid, stride, groups: 32 }));
    this.child('conv3', new Conv2d({ inChannels: mid, outChannels: out, kernelSize: 1 }));
    this.child('bn3', new BatchNorm2d(out));
    if (stride !== 1 || inplanes !== out) {
      this.downsample = this.child('downsample', new Sequential([
        new Conv2d({ inChannels: inplanes, outChannels: out, kernelSize: 1, stride }),
        new BatchNorm2d(out),
      ]));
    }
  }

  override fusionSites(): readonly FusionSite[] {
    return SK_SITES;
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const y = runSite(this, SK_SITES[1], this.conv2.forward(runSite(this, SK_SITES[0], x)));
      const identity = this.downsample ? this.downsample.forward(x) : x;
      return ops.relu({ x: ops.add({ a: y, b: identity }) });
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const h = tracer.run('conv2', this.conv2, traceSite(this, SK_SITES[0], tracer, shape));
    const out = traceSite(this, SK_SITES[1], tracer, h);
    if (this.downsample) tracer.run('downsample', this.downsample, shape);
    return out;
  }
}

export interface SKNetOptions {
  layers?: [number, number, number, number];
  numClasses?: number;
  inChannels?: number;
}

export class SKNet extends ResNetSkeleton {
  constructor(o: SKNetOptions = {}) {
    super({ layers: o.layers ?? [3, 4, 6, 3], numClasses: o.numClasses, inChannels: o.inChannels }, (inplanes, stage, stride) => {
      const out = 256 * 2 ** stage;
      return { block: new SKBottleneck(inplanes, 128 * 2 ** stage, out, stride), outChannels: out };
    });
  }
}
