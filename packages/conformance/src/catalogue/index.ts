/** The op catalogue: every op and attribute of SPEC.md, and every error case. */
import { convCases } from './conv.js';
import { deformConvCases } from './deform-conv.js';
import { densePoolNormCases } from './dense-pool-norm.js';
import { dynamicConvCases } from './dynamic-conv.js';
import { elementwiseCases } from './elementwise.js';
import { reduceShapeCases } from './reduce-shape.js';
import type { OpCaseSpec } from './types.js';

export const opCatalogue: readonly OpCaseSpec[] = [
  ...convCases,
  ...dynamicConvCases,
  ...deformConvCases,
  ...densePoolNormCases,
  ...elementwiseCases,
  ...reduceShapeCases,
];

export * from './types.js';
export * as generators from './generators.js';
export { check, rejects, t } from './define.js';
export { layerCases, modelCases, layerCatalogue, MODEL_TOLERANCE } from './layers.js';
