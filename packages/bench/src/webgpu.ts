/**
 * @dcnn/bench/webgpu: the WebGPU benchmark (dcnn's webgpu backend next to tfjs-backend-webgpu and
 * onnxruntime-web's webgpu EP in headless Chromium), the body of `dcnn bench --backend webgpu`.
 * Node only; it runs this package's browser page from its source tree (src/webgpu/).
 */
export { runWebGPUBench, renderText, type WebGPUBenchOptions, type WebGPUBenchReport, type ReportRow, type Runtime, type Timing } from './webgpu/node-runner.js';
