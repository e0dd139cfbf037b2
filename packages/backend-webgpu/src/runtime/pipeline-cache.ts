/** Compute pipelines by program key: each WGSL module is compiled once per device. */
import { generate, type ProgramSpec } from '../wgsl/program.js';

export class PipelineCache {
  readonly #device: GPUDevice;
  readonly #pipelines = new Map<string, GPUComputePipeline>();
  compiled = 0;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  get(spec: ProgramSpec): GPUComputePipeline {
    let pipeline = this.#pipelines.get(spec.key);
    if (!pipeline) {
      const module = this.#device.createShaderModule({ label: spec.key, code: generate(spec) });
      pipeline = this.#device.createComputePipeline({ label: spec.key, layout: 'auto', compute: { module, entryPoint: 'main' } });
      this.#pipelines.set(spec.key, pipeline);
      this.compiled++;
    }
    return pipeline;
  }

  /** The keys of the compiled programs, in the order they were first compiled. */
  keys(): string[] {
    return [...this.#pipelines.keys()];
  }

  get size(): number {
    return this.#pipelines.size;
  }
}
