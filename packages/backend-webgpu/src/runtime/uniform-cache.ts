/**
 * Uniform buffers by content. Written once at creation (mapped), never changed, so they are
 * safe to reference from commands not yet submitted; the same shapes on the next run reuse
 * them. Bounded: the oldest entries leave first, destroyed after the next submit.
 */
import { BufferUsage } from './usage.js';

function contentKey(data: ArrayBuffer): string {
  return Array.from(new Uint32Array(data)).join(',');
}

export class UniformCache {
  readonly #device: GPUDevice;
  readonly #capacity: number;
  readonly #buffers = new Map<string, GPUBuffer>();
  #doomed: GPUBuffer[] = [];

  constructor(device: GPUDevice, capacity = 4096) {
    this.#device = device;
    this.#capacity = capacity;
  }

  get(data: ArrayBuffer): GPUBuffer {
    const key = contentKey(data);
    const hit = this.#buffers.get(key);
    if (hit) {
      // Refresh its place in the insertion order (least recently used leaves first).
      this.#buffers.delete(key);
      this.#buffers.set(key, hit);
      return hit;
    }
    const buffer = this.#device.createBuffer({ size: data.byteLength, usage: BufferUsage.UNIFORM, mappedAtCreation: true });
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data));
    buffer.unmap();
    this.#buffers.set(key, buffer);
    if (this.#buffers.size > this.#capacity) {
      const [oldKey, old] = this.#buffers.entries().next().value as [string, GPUBuffer];
      this.#buffers.delete(oldKey);
      this.#doomed.push(old);
    }
    return buffer;
  }

  afterSubmit(): void {
    for (const b of this.#doomed) b.destroy();
    this.#doomed = [];
  }

  clear(): void {
    for (const b of this.#buffers.values()) b.destroy();
    this.#buffers.clear();
    this.afterSubmit();
  }
}
