/**
 * What a webgpu tensor handle is: a GPU buffer shared by reference count (reshape is a view),
 * and the element count this handle covers.
 */
export interface GpuStorage {
  readonly buffer: GPUBuffer;
  refs: number;
  /** The device generation that owns the buffer (a re-initialised backend refuses old ones). */
  readonly generation: number;
  /**
   * Layouts derived from this data (e.g. transposed weights), by name. Tensors are immutable,
   * so a derived copy stays valid until the storage is freed, which frees these too.
   */
  derived?: Map<string, GpuTensor>;
}

export interface GpuTensor {
  readonly storage: GpuStorage;
  /** Elements of float32 data. */
  readonly size: number;
}
