/**
 * @dcnn/layers: layers and models composed from ops only (they never branch on the backend),
 * parameter and MAC counting, and safetensors weights.
 */
export { Module, type FusionSite, type Slot, type SlotKind } from './module.js';
export { Rng, streamSeed, type Initializer } from './init.js';
export * as init from './init.js';
export { Tracer, countModel, convMacs, type LayerRow, type ModelCount } from './trace.js';

export { Conv2d, type Conv2dOptions } from './nn/conv2d.js';
export type { ConvOptions } from './nn/conv-options.js';
export { Linear, type LinearOptions } from './nn/linear.js';
export { BatchNorm2d } from './nn/batch-norm.js';
export { Sequential } from './nn/sequential.js';
export { ModuleList } from './nn/module-list.js';
export { Activation, Identity, MaxPool2d, GlobalAvgPoolFlatten } from './nn/stateless.js';

export { DynamicConv2d, type DynamicConv2dOptions } from './dynamic/dynamic-conv2d.js';
export { DyConv2d, DyAttention, type DyConv2dOptions } from './dynamic/dy-conv2d.js';
export { CondConv2d, RoutingFunction, type CondConv2dOptions } from './dynamic/cond-conv2d.js';
export { ODConv2d, OdAttention, type ODConv2dOptions, type OdAttentions } from './dynamic/od-conv2d.js';
export { DeformConv2d, type DeformConv2dOptions } from './dynamic/deform-conv2d.js';

export { SE, type SEOptions } from './attention/squeeze-excitation.js';
export { CBAM, ChannelAttention, SpatialAttention, type CBAMOptions } from './attention/cbam.js';
export { SKConv, type SKConvOptions } from './attention/sk-conv.js';
export { DepthwiseSeparable, type DepthwiseSeparableOptions } from './blocks/depthwise-separable.js';
export { WeightedFusion } from './blocks/weighted-fusion.js';
export { foldBatchNorm } from './blocks/fold-batch-norm.js';
export { fuseForInference, type FuseReport } from './blocks/fuse-for-inference.js';
export { FoldedLayer, reluAfter, runSite, traceSite } from './nn/folded-layer.js';
export { calibrateBatchNorm } from './blocks/calibrate-batch-norm.js';

export { MobileNetV2, InvertedResidual, type MobileNetV2Options } from './models/mobilenetv2.js';
export { ResNet, BasicBlock, type ResNetOptions } from './models/resnet.js';
export { SKNet, SKBottleneck, type SKNetOptions } from './models/sknet.js';
export { DynamicConvNet, type DynamicConvNetOptions } from './models/dynamic-convnet.js';
export { makeDivisible, variantConv, defaultKernels, type Variant, type VariantKind } from './models/variant.js';
export { buildModel, modelNames, modelOptions, models, isModelName, type BuildOptions, type ModelName } from './models/registry.js';
export { loadSafetensors, saveSafetensors, type SafeTensor, type SafetensorsFile, type TensorToSave } from './weights/safetensors.js';
export { loadWeights, saveWeights, type LoadOptions } from './weights/state-dict.js';
