/**
 * Seeded differential fuzzing: random valid configurations of the shape-sensitive ops, run on a
 * backend and on the float64 reference and judged at the backend's tolerance (README.md).
 */
export {
  type FuzzCase,
  type FuzzInput,
  ACTIVATIONS as FUZZ_ACTIVATIONS,
  attrsOf as fuzzAttrs,
  convOut as fuzzConvOut,
  expectedShape as fuzzExpectedShape,
  inputData as fuzzInputData,
  poolOut as fuzzPoolOut,
  size as fuzzSize,
} from './case.js';
export { FUZZ_FAMILIES, type FuzzFamily, fuzzCases } from './generators.js';
export { FuzzRng, parseFuzzSeeds, streamSeed as fuzzStreamSeed } from './rng.js';
export { type FuzzJudgement, type FuzzOutput, type FuzzTarget, describeFuzzCase, judgeFuzzCase, runFuzzCase } from './judge.js';
