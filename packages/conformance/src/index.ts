/**
 * @dcnn/conformance: one catalogue of op (and layer) cases run against any backend, with the
 * reference backend as the oracle; known failures; the vitest suite; the ONNX node-test runner;
 * the matrix and the report. Browser-safe: file and directory reading live in `@dcnn/conformance/node`.
 */
export { opCatalogue, layerCatalogue, layerCases, modelCases, caseGroup, generators, check, rejects, t } from './catalogue/index.js';
export type { CatalogueCase, OpCaseSpec, ProgramCaseSpec, InputSpec, Generator } from './catalogue/index.js';
export { createRng, hashSeed, freshSeed, type Rng } from './prng.js';
export { caseInputs, runCaseOnce, type Drawn, type DrawnInputs } from './run-case.js';
export {
  runCatalogue,
  runCaseSeeds,
  selectCases,
  defaultSeeds,
  FIXED_SEEDS,
  type RunCatalogueOptions,
  type ProgressEvent,
} from './run-catalogue.js';
export { judge, staleKnownFailures, type KnownFailure, type Verdict } from './known-failures.js';
export { defineConformanceSuite, type SuiteApi, type SuiteOptions } from './suite.js';
export { defineInt32GeometrySuite, int32GeometryCases, type Int32GeometryOptions } from './int32-geometry.js';
export { buildMatrix, formatCell, renderMatrixMarkdown, renderMatrixText, rowOf, type Matrix, type MatrixCell } from './matrix.js';
export { allPassed, toReport, type ConformanceReport, type ConformanceResult } from './results.js';
export { runOnnxTest, onnxMappers, ONNX_TOLERANCE, compareOnnx, decodeModel, decodeTensor, loadOnnxTestsFromManifest } from './onnx/index.js';
export type { OnnxTestFiles, OnnxReaders, OnnxModel, OnnxTensor, OnnxNode, OnnxGraph } from './onnx/index.js';
export { parseCaseFiles, runCaseFiles, type LoadedCases, type MalformedCaseFile, type RunCaseFilesOptions } from './cases/run-cases.js';
export { runFileCase } from './cases/run-file-case.js';
export { DEFAULT_CASE_TIMEOUT_MS } from './hang-guard.js';
export { runPlan, planSize, type RunPlan } from './plan.js';
export { renderConformancePage, type PageInput } from './page.js';
export { defineVectorSuite, type VectorSources, type VectorSuiteOptions } from './vector-suite.js';
export { browserOnnxReaders, browserVectorSources, globbedCaseFiles, type BrowserFileCommands } from './browser-readers.js';
export {
  FUZZ_FAMILIES,
  FUZZ_ACTIVATIONS,
  fuzzCases,
  judgeFuzzCase,
  runFuzzCase,
  describeFuzzCase,
  parseFuzzSeeds,
  fuzzAttrs,
  fuzzConvOut,
  fuzzExpectedShape,
  fuzzInputData,
  fuzzPoolOut,
  fuzzSize,
  type FuzzCase,
  type FuzzInput,
  type FuzzFamily,
  type FuzzJudgement,
  type FuzzOutput,
  type FuzzTarget,
} from './fuzz/index.js';
