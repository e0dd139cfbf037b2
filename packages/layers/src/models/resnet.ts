/**
 * ResNet-18 (He et al. 2016) in torchvision's layout and names (`conv1`, `bn1`, `layer{1..4}.{j}`,
 * `fc`). Dynamic variants, as the ODConv and DyConv authors define them: the 3×3 convs inside
 * the basic blocks become dynamic; the 7×7 stem, the 1×1 downsample convs and the fc stay static.
 */
import { ops, scope, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { GlobalAvgPoolFlatten, MaxPool2d } from '../nn/stateless.js';
import type { Tracer } from '../trace.js';
import { RoutedBlock } from './routed-block.js';
import { variantConv, type Variant } from './variant.js';

export class BasicBlock extends RoutedBlock {
  readonly conv1: Module;
  readonly bn1: BatchNorm2d;
  readonly conv2: Module;
  readonly bn2: BatchNorm2d;
  readonly downsample: Sequential | undefined;

  constructor(inplanes: number, planes: number, stride: number, variant: Variant) {
    super(variant, inplanes);
    this.conv1 = this.child('conv1', variantConv(variant, { inChannels: inplanes, outChannels: planes, kernelSize: 3, stride }));
    this.bn1 = this.child('bn1', new BatchNorm2d(planes));
    this.conv2 = this.child('conv2', variantConv(variant, { inChannels: planes, outChannels: planes, kernelSize: 3 }));
    this.bn2 = this.child('bn2', new BatchNorm2d(planes));
    if (stride !== 1 || inplanes !== planes) {
      this.downsample = this.child('downsample', new Sequential([
        new Conv2d({ inChannels: inplanes, outChannels: planes, kernelSize: 1, stride }),
        new BatchNorm2d(planes),
      ]));
    }
    this.registerRoute();
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const y = this.routed(x, () => {
        const h = ops.relu({ x: this.bn1.forward(this.conv1.forward(x)) });
        return this.bn2.forward(this.conv2.forward(h));
      });
      const identity = this.downsample ? this.downsample.forward(x) : x;
      return ops.relu({ x: ops.add({ a: y, b: identity }) });
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    this.traceRoute(shape, tracer);
    const h = tracer.run('bn1', this.bn1, tracer.run('conv1', this.conv1, shape));
    const out = tracer.run('bn2', this.bn2, tracer.run('conv2', this.conv2, h));
    if (this.downsample) tracer.run('downsample', this.downsample, shape);
    return out;
  }
}

export interface ResNetOptions {
  /** Blocks per stage; ResNet-18 is `[2, 2, 2, 2]`. */
  layers?: [number, number, number, number];
  numClasses?: number;
  variant?: Variant;
  inChannels?: number;
}

/** A ResNet with basic blocks (ResNet-18/34); the stem and head follow torchvision. */
export class ResNet extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly maxpool = new MaxPool2d(3, 2, 1);
  readonly stages: Sequential[] = [];
  readonly pool = new GlobalAvgPoolFlatten();
  readonly fc: Linear;

  constructor(o: ResNetOptions = {}) {
    super();
    const variant = o.variant ?? { kind: 'static', kernels: 1 };
    this.conv1 = this.child('conv1', new Conv2d({ inChannels: o.inChannels ?? 3, outChannels: 64, kernelSize: 7, stride: 2, padding: 3 }));
    this.bn1 = this.child('bn1', new BatchNorm2d(64));
    let inplanes = 64;
    (o.layers ?? [2, 2, 2, 2]).forEach((blocks, i) => {
      const planes = 64 * 2 ** i;
      const list: Module[] = [];
      for (let j = 0; j < blocks; j++) {
        list.push(new BasicBlock(inplanes, planes, j === 0 && i > 0 ? 2 : 1, variant));
        inplanes = planes;
      }
      this.stages.push(this.child(`layer${i + 1}`, new Sequential(list)));
    });
    this.fc = this.child('fc', new Linear({ inFeatures: inplanes, outFeatures: o.numClasses ?? 1000 }));
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      let y = this.maxpool.forward(ops.relu({ x: this.bn1.forward(this.conv1.forward(x)) }));
      for (const s of this.stages) y = s.forward(y);
      return this.fc.forward(this.pool.forward(y));
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    let s = this.maxpool.trace(tracer.run('bn1', this.bn1, tracer.run('conv1', this.conv1, shape)));
    this.stages.forEach((stage, i) => {
      s = tracer.run(`layer${i + 1}`, stage, s);
    });
    return tracer.run('fc', this.fc, this.pool.trace(s));
  }
}
