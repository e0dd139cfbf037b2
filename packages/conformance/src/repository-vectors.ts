/**
 * The independent vectors of this repository, read from disk (Node only): the case files of
 * core and conformance, and the ONNX node tests beside the repository (or `DCNN_ONNX_NODE_DIR`).
 */
import { resolve } from 'node:path';
import { loadCaseDirectory } from './cases/case-dir.js';
import { loadOnnxNodeTests } from './onnx/node-dir.js';
import type { VectorSources } from './vector-suite.js';

/** Case-file directories, relative to the repository root. */
export const REPOSITORY_CASE_DIRS = ['packages/core/test/cases', 'packages/conformance/cases'] as const;

export function repositoryVectorSources(repoRoot: string): VectorSources {
  const onnxRoot = process.env.DCNN_ONNX_NODE_DIR ?? resolve(repoRoot, '../shared/onnx-node');
  return {
    caseFiles: Object.fromEntries(REPOSITORY_CASE_DIRS.map((dir) => [dir, () => loadCaseDirectory(resolve(repoRoot, dir))])),
    onnxTests: () => loadOnnxNodeTests(onnxRoot),
  };
}
