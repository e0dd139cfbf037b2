export { runOnnxTest, onnxMappers, type OnnxTestFiles } from './run-test.js';
export { loadOnnxTestsFromManifest, type OnnxReaders } from './manifest-loader.js';
export { ONNX_TOLERANCE, compareOnnx } from './compare.js';
export { decodeModel, decodeTensor, type OnnxModel, type OnnxTensor, type OnnxNode, type OnnxGraph } from './proto.js';
