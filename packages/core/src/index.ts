/**
 * @dcnn/core: tensors, the op contract of SPEC.md, the backend interface and registry, typed
 * errors, and the float64 reference backend.
 */
export * from './errors.js';
export * from './shape.js';
export * from './backend.js';
export * from './ops/index.js';
export { Tensor, tensor, isTensor, type DType } from './tensor.js';
export { scope, keep, liveTensorCount } from './tracking.js';
export { runOp, type OpInputs, type OpAttrs } from './execute.js';
export { ops, type Ops, type OpFn } from './api.js';
export { BackendRegistry } from './registry.js';
export { createReferenceBackend, referenceBackendFactory, referenceF32BackendFactory, type ReferenceOptions } from './reference/backend.js';
export { activationFn, erf, erfc } from './reference/math.js';
export { checkInt32Geometry, MAX_PADDED_PLANE, MAX_SPATIAL_STEP, type SpatialSteps } from './index-limits.js';
export { tolerances, compareOutputs, type Comparison, type Tolerance } from './compare.js';
export { parseCaseFile, encodeFloat32, CASE_FORMAT, type OpCase, type CaseTensor } from './cases/format.js';
export { runCase, type CaseResult, type CaseStatus } from './cases/run.js';
