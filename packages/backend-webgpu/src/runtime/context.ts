/**
 * The GPU side of the backend: one device, its pipeline cache, buffer pool and uniform cache,
 * and one command encoder that collects every dispatch until something must reach the queue
 * (a readback, an upload into a reused buffer, or a batch limit). Kernels call `run()` and get
 * their output buffer back at once; nothing waits for the GPU until `read()`.
 */
import { DisposedError, UnsupportedError } from '@dcnn/core';
import { DeviceLostError, limitError } from '../device/errors.js';
import { packUniforms, type ProgramSpec } from '../wgsl/program.js';
import { BufferPool } from './buffer-pool.js';
import { checkGrid, linearGrid, type Grid } from './dispatch.js';
import { PipelineCache } from './pipeline-cache.js';
import { Profiler, type ProfileEntry } from './profiler.js';
import type { GpuTensor } from './tensor-storage.js';
import { UniformCache } from './uniform-cache.js';
import { BufferUsage, MapMode } from './usage.js';

export interface ContextOptions {
  /** Most bytes of free buffers kept for reuse (default 256 MiB). */
  poolBudgetBytes?: number;
  /** Dispatches recorded before the encoder is submitted on its own (default 64). */
  batchSize?: number;
  /**
   * Choose kernels for a software adapter (SwiftShader: memory accesses dominate, workgroup
   * memory is plain memory). Default: what the adapter says (`isFallbackAdapter`).
   */
  softwareAdapter?: boolean;
}

export type { ProfileEntry } from './profiler.js';

/** How a program is launched: a count of invocations (linear) or an explicit workgroup grid. */
export type Launch = { threads: number } | { grid: Grid };

export class GpuContext {
  readonly device: GPUDevice;
  readonly limits: GPUSupportedLimits;
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  readonly generation: number;
  /** Kernels tuned for a software adapter are chosen where they differ. */
  readonly softwareAdapter: boolean;
  readonly #uniforms: UniformCache;
  readonly #batchSize: number;
  #encoder: GPUCommandEncoder | undefined;
  #pass: GPUComputePassEncoder | undefined;
  #pending = 0;
  #lost: { reason: string; message: string } | undefined;
  #error: string | undefined;
  #profiler: Profiler | undefined;
  dispatches = 0;
  submits = 0;

  constructor(device: GPUDevice, generation: number, options: ContextOptions = {}) {
    this.device = device;
    this.softwareAdapter = options.softwareAdapter ?? false;
    this.limits = device.limits;
    this.generation = generation;
    this.pool = new BufferPool(device, options.poolBudgetBytes ?? 256 * 2 ** 20);
    this.pipelines = new PipelineCache(device);
    this.#uniforms = new UniformCache(device);
    this.#batchSize = options.batchSize ?? 64;
    void device.lost.then((info) => {
      this.#lost = { reason: info.reason, message: info.message };
    });
    device.addEventListener?.('uncapturederror', (event) => {
      this.#error ??= (event as GPUUncapturedErrorEvent).error.message;
    });
  }

  get isLost(): boolean {
    return this.#lost !== undefined;
  }

  /** Throws DeviceLostError once the device is gone, or the first uncaptured GPU error. */
  check(op: string): void {
    if (this.#lost) throw new DeviceLostError(op, this.#lost.reason, this.#lost.message);
    if (this.#error) {
      const message = this.#error;
      this.#error = undefined;
      throw new UnsupportedError({ op, arg: 'GPU command', expected: 'no WebGPU validation error', actual: message });
    }
  }

  /** `check(op)`, then that every input is a tensor of this device (DisposedError otherwise). */
  checkInputs(op: string, inputs: readonly GpuTensor[]): void {
    this.check(op);
    inputs.forEach((t, i) => {
      if (t.storage.generation === this.generation) return;
      throw new DisposedError({ op, arg: `input ${i}`, expected: 'a tensor on the current GPU device', actual: `a tensor from device generation ${t.storage.generation} (lost; now ${this.generation})` });
    });
  }

  /** A fresh (pooled) buffer for `elements` floats, checked against the binding limits. */
  allocate(op: string, elements: number): GpuTensor {
    const bytes = elements * 4;
    // A buffer may exceed what one binding can see (kernels that split their work bind ranges
    // of it; the others are refused in run() before they dispatch).
    if (bytes > this.limits.maxBufferSize) throw limitError(op, 'output', 'maxBufferSize', this.limits.maxBufferSize, bytes, 'bytes');
    return { storage: { buffer: this.pool.acquire(bytes), refs: 1, generation: this.generation }, size: elements };
  }

  release(t: GpuTensor): void {
    if (--t.storage.refs > 0) return;
    if (t.storage.generation !== this.generation || this.#lost) return;
    this.pool.release(t.storage.buffer, this.#encoder !== undefined);
    for (const d of t.storage.derived?.values() ?? []) this.release(d);
    t.storage.derived = undefined;
  }

  /** A layout derived from `t`'s data, made once by `make` and kept until `t` is freed. */
  derive(t: GpuTensor, name: string, make: () => GpuTensor): GpuTensor {
    const cached = t.storage.derived?.get(name);
    if (cached) return cached;
    const made = make();
    (t.storage.derived ??= new Map()).set(name, made);
    return made;
  }

  upload(data: Float32Array): GpuTensor {
    this.check('upload');
    const t = this.allocate('upload', data.length);
    // A buffer released while commands were recorded may still be read or written by them:
    // submit them first so the queue orders this write after them. Any other buffer is safe to
    // write at once (the queue already holds every command that uses it).
    if (this.#pending > 0 && this.pool.mayBeInUse(t.storage.buffer)) this.flush();
    if (data.length) this.device.queue.writeBuffer(t.storage.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return t;
  }

  /** Elements one storage binding can see: larger tensors are bound in ranges (see `run`). */
  get maxBindingElements(): number {
    return Math.floor(this.limits.maxStorageBufferBindingSize / 4);
  }

  /**
   * Records one dispatch of `spec`; buffers bind in the order of `spec.bindings`, each whole or,
   * with `ranges[i]`, as a range of elements (offsets aligned to the device's storage offset
   * alignment). A binding larger than `maxStorageBufferBindingSize`, or a grid over
   * `maxComputeWorkgroupsPerDimension`, is refused with the limit named; the outputs of this
   * dispatch (its read_write bindings) are released first, so the failed op leaves nothing
   * allocated (callers must not release them again).
   */
  run(
    op: string, spec: ProgramSpec, buffers: readonly GpuTensor[], uniforms: Readonly<Record<string, number>>, launch: Launch,
    ranges?: ReadonlyArray<{ offset: number; size: number } | undefined>,
  ): void {
    this.checkInputs(op, buffers);
    if (buffers.length !== spec.bindings.length) throw new Error(`program ${spec.key}: ${buffers.length} buffers for ${spec.bindings.length} bindings`);
    const maxBinding = this.limits.maxStorageBufferBindingSize;
    const releaseOutputs = (): void => spec.bindings.forEach((b, j) => b.access === 'read_write' && this.release(buffers[j]));
    buffers.forEach((t, i) => {
      const bytes = (ranges?.[i]?.size ?? t.size) * 4;
      if (bytes <= maxBinding) return;
      releaseOutputs();
      throw limitError(op, `input '${spec.bindings[i].name}'`, 'maxStorageBufferBindingSize', maxBinding, bytes, 'bytes bound at once');
    });
    const [wx, wy = 1, wz = 1] = spec.workgroup;
    const perGroup = wx * wy * wz;
    let grid: number[];
    try {
      grid = 'threads' in launch
        ? linearGrid(op, Math.ceil(launch.threads / perGroup), this.limits.maxComputeWorkgroupsPerDimension)
        : checkGrid(op, launch.grid, this.limits.maxComputeWorkgroupsPerDimension);
    } catch (error) {
      // A grid over the dispatch limits: the outputs are released as for a binding too large.
      releaseOutputs();
      throw error;
    }
    // Nothing to run (an empty dimension): no dispatch, which Dawn would warn about for a 0 in the grid.
    if (('threads' in launch && launch.threads === 0) || grid.includes(0)) return;
    const pipeline = this.pipelines.get(spec);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.#uniforms.get(packUniforms(spec, uniforms)) } }];
    buffers.forEach((t, i) => {
      const range = ranges?.[i];
      const offset = (range?.offset ?? 0) * 4;
      // Bind exactly the tensor (pooled buffers are rounded up), never less than 16 bytes.
      const size = Math.min(Math.max((range?.size ?? t.size) * 4, 16), t.storage.buffer.size - offset);
      entries.push({ binding: i + 1, resource: { buffer: t.storage.buffer, offset, size } });
    });
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    this.#encoder ??= this.device.createCommandEncoder();
    const timed = this.#profiler?.next(spec.key);
    if (timed) this.#endPass();
    this.#pass ??= this.#encoder.beginComputePass(timed);
    this.#pass.setPipeline(pipeline);
    this.#pass.setBindGroup(0, bindGroup);
    this.#pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    this.dispatches++;
    if (timed) this.#endPass();
    if (++this.#pending >= this.#batchSize) this.flush();
  }

  /** Records a buffer-to-buffer copy (floats) for `op`. */
  copy(op: string, src: GpuTensor, srcOffset: number, dst: GpuTensor, dstOffset: number, elements: number): void {
    this.checkInputs(op, [src, dst]);
    if (elements === 0) return;
    this.#endPass();
    this.#encoder ??= this.device.createCommandEncoder();
    this.#encoder.copyBufferToBuffer(src.storage.buffer, srcOffset * 4, dst.storage.buffer, dstOffset * 4, elements * 4);
    this.#pending++;
  }

  #endPass(): void {
    this.#pass?.end();
    this.#pass = undefined;
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (!this.#encoder) return;
    this.#endPass();
    this.device.queue.submit([this.#encoder.finish()]);
    this.#encoder = undefined;
    this.#pending = 0;
    this.submits++;
    this.pool.afterSubmit();
    this.#uniforms.afterSubmit();
  }

  async read(t: GpuTensor, elements = t.size): Promise<Float32Array> {
    this.checkInputs('read', [t]);
    if (elements === 0) return new Float32Array(0);
    const bytes = elements * 4;
    const staging = this.device.createBuffer({ size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.#endPass();
    this.#encoder ??= this.device.createCommandEncoder();
    this.#encoder.copyBufferToBuffer(t.storage.buffer, 0, staging, 0, bytes);
    this.flush();
    try {
      await staging.mapAsync(MapMode.READ);
    } catch (error) {
      this.check('read');
      throw error;
    }
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    this.check('read');
    return out;
  }

  /** Whether GPU timestamps can be taken (the device has `timestamp-query`). */
  get canProfile(): boolean {
    return this.device.features.has('timestamp-query');
  }

  /** Starts timing every dispatch with timestamp queries (each then runs in its own pass). */
  startProfiling(): void {
    if (!this.canProfile) throw new UnsupportedError({ op: 'profile', arg: 'device', expected: "the 'timestamp-query' feature", actual: 'a device without it' });
    this.#profiler ??= new Profiler(this.device);
  }

  /** GPU milliseconds by program since `startProfiling()`, and stops profiling. */
  async stopProfiling(): Promise<ProfileEntry[]> {
    const profiler = this.#profiler;
    if (!profiler) return [];
    this.#profiler = undefined;
    this.#endPass();
    const entries = await profiler.collect(() => (this.#encoder ??= this.device.createCommandEncoder()), () => this.flush());
    profiler.destroy();
    return entries;
  }

  /** Waits for the queue to drain (benchmarks time with it). */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check('sync');
  }

  dispose(): void {
    this.#encoder = undefined;
    this.#pass = undefined;
    this.pool.clear();
    this.#uniforms.clear();
  }
}
