/**
 * @dcnn/conformance/node: the parts that read files (Node only): ONNX node-test directories and
 * case-file directories.
 */
export { loadOnnxNodeTests } from './onnx/node-dir.js';
export { loadCaseDirectory } from './cases/case-dir.js';
export { repositoryVectorSources, REPOSITORY_CASE_DIRS } from './repository-vectors.js';
