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
import { reluAfter } from '../nn/folded-layer.js';
import { Sequential } from '../nn/sequential.js';
import type { Tracer } from '../trace.js';
import { ResNetSkeleton } from './resnet-skeleton.js';

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

  // Read by name: fuseForInference replaces them (the batch norms by FoldedLayers).
  get conv1(): Module {
    return this.childNamed('conv1');
  }

  get bn1(): Module {
    return this.childNamed('bn1');
  }

  get conv3(): Module {
    return this.childNamed('conv3');
  }

  get bn3(): Module {
    return this.childNamed('bn3');
  }

  override fusionSites(): readonly FusionSite[] {
    return [{ conv: 'conv1', bn: 'bn1', activation: 'relu' }, { conv: 'conv3', bn: 'bn3' }];
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const h = this.conv2.forward(reluAfter(this.conv1, this.bn1, this.bn1.forward(this.conv1.forward(x))));
      const y = this.bn3.forward(this.conv3.forward(h));
      const identity = this.downsample ? this.downsample.forward(x) : x;
      return ops.relu({ x: ops.add({ a: y, b: identity }) });
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    const h = tracer.run('conv2', this.conv2, tracer.run('bn1', this.bn1, tracer.run('conv1', this.conv1, shape)));
    const out = tracer.run('bn3', this.bn3, tracer.run('conv3', this.conv3, h));
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
