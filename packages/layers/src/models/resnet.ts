/**
 * ResNet-18 (He et al. 2016) in torchvision's layout and names (`conv1`, `bn1`, `layer{1..4}.{j}`,
 * `fc`). Dynamic variants, as the ODConv and DyConv authors define them: the 3×3 convs inside
 * the basic blocks become dynamic; the 7×7 stem, the 1×1 downsample convs and the fc stay static.
 */
import { ops, scope, type Shape, type Tensor } from '@dcnn/core';
import type { FusionSite } from '../module.js';
import { BatchNorm2d } from '../nn/batch-norm.js';
import { Conv2d } from '../nn/conv2d.js';
import { runSite, traceSite } from '../nn/folded-layer.js';
import { Sequential } from '../nn/sequential.js';
import type { Tracer } from '../trace.js';
import { ResNetSkeleton } from './resnet-skeleton.js';
import { RoutedBlock } from './routed-block.js';
import { variantConv, type Variant } from './variant.js';

/** conv-bn-relu, then conv-bn (the relu comes after the residual add). */
const BASIC_SITES: readonly FusionSite[] = [{ conv: 'conv1', bn: 'bn1', activation: 'relu' }, { conv: 'conv2', bn: 'bn2' }];

export class BasicBlock extends RoutedBlock {
  readonly downsample: Sequential | undefined;

  constructor(inplanes: number, planes: number, stride: number, variant: Variant) {
    super(variant, inplanes);
    this.child('conv1', variantConv(variant, { inChannels: inplanes, outChannels: planes, kernelSize: 3, stride }));
    this.child('bn1', new BatchNorm2d(planes));
    this.child('conv2', variantConv(variant, { inChannels: planes, outChannels: planes, kernelSize: 3 }));
    this.child('bn2', new BatchNorm2d(planes));
    if (stride !== 1 || inplanes !== planes) {
      this.downsample = this.child('downsample', new Sequential([
        new Conv2d({ inChannels: inplanes, outChannels: planes, kernelSize: 1, stride }),
        new BatchNorm2d(planes),
      ]));
    }
    this.registerRoute();
  }

  override fusionSites(): readonly FusionSite[] {
    return BASIC_SITES;
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      const y = this.routed(x, () => {
        return runSite(this, BASIC_SITES[1], runSite(this, BASIC_SITES[0], x));
      });
      const identity = this.downsample ? this.downsample.forward(x) : x;
      return ops.relu({ x: ops.add({ a: y, b: identity }) });
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    this.traceRoute(shape, tracer);
    const out = traceSite(this, BASIC_SITES[1], tracer, traceSite(this, BASIC_SITES[0], tracer, shape));
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
export class ResNet extends ResNetSkeleton {
  constructor(o: ResNetOptions = {}) {
    const variant = o.variant ?? { kind: 'static', kernels: 1 };
    super({ layers: o.layers ?? [2, 2, 2, 2], numClasses: o.numClasses, inChannels: o.inChannels }, (inplanes, stage, stride) => {
      const planes = 64 * 2 ** stage;
      return { block: new BasicBlock(inplanes, planes, stride, variant), outChannels: planes };
    });
  }
}
