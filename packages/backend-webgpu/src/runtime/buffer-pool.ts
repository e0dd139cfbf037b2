/**
 * A bounded pool of tensor buffers. Sizes are rounded up to a small set of size classes so a
 * freed buffer can serve the next allocation of a similar size; free buffers beyond the byte
 * budget are destroyed, but only after the commands recorded so far have been submitted (a
 * buffer destroyed while an unsubmitted command uses it would make the submit fail).
 */
import { TENSOR_USAGE } from './usage.js';

/** Rounds a byte size up to its size class: multiples of 256 B, then eight steps per power of two. */
export function sizeClass(bytes: number): number {
  const min = Math.max(bytes, 16);
  if (min <= 4096) return Math.ceil(min / 256) * 256;
  const step = 2 ** (Math.floor(Math.log2(min)) - 3);
  return Math.ceil(min / step) * step;
}

export interface PoolStats {
  /** Buffers handed out and not yet released. */
  live: number;
  /** Free buffers kept for reuse, and their bytes. */
  pooled: number;
  pooledBytes: number;
  /** Allocations served from the pool vs. created fresh. */
  hits: number;
  misses: number;
}

export class BufferPool {
  readonly #device: GPUDevice;
  readonly #budget: number;
  readonly #free = new Map<number, GPUBuffer[]>();
  #pooledBytes = 0;
  #pooled = 0;
  #live = 0;
  #hits = 0;
  #misses = 0;
  #doomed: GPUBuffer[] = [];
  /** Released while commands were recorded and not yet submitted, which may still use them. */
  #releasedSinceSubmit = new Set<GPUBuffer>();

  /** `budgetBytes`: the most bytes of free buffers kept for reuse. */
  constructor(device: GPUDevice, budgetBytes: number) {
    this.#device = device;
    this.#budget = budgetBytes;
  }

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.#free.get(size);
    this.#live++;
    const reused = list?.pop();
    if (reused) {
      this.#hits++;
      this.#pooled--;
      this.#pooledBytes -= size;
      return reused;
    }
    this.#misses++;
    return this.#device.createBuffer({ size, usage: TENSOR_USAGE });
  }

  /** `recorded`: whether unsubmitted commands are recorded (which may use this buffer). */
  release(buffer: GPUBuffer, recorded = true): void {
    this.#live--;
    if (recorded) this.#releasedSinceSubmit.add(buffer);
    if (this.#pooledBytes + buffer.size > this.#budget) {
      this.#doomed.push(buffer);
      return;
    }
    const list = this.#free.get(buffer.size) ?? [];
    list.push(buffer);
    this.#free.set(buffer.size, list);
    this.#pooled++;
    this.#pooledBytes += buffer.size;
  }

  /**
   * Whether recorded, unsubmitted commands may still use `buffer`: it was released (by a tensor
   * those commands may read or write) while they were recorded. A buffer created fresh, pooled
   * before the last submit, or released with nothing recorded is used by no command that is not
   * on the queue already.
   */
  mayBeInUse(buffer: GPUBuffer): boolean {
    return this.#releasedSinceSubmit.has(buffer);
  }

  /** Destroys what was released over budget; call right after a submit. */
  afterSubmit(): void {
    for (const b of this.#doomed) b.destroy();
    this.#doomed = [];
    this.#releasedSinceSubmit.clear();
  }

  stats(): PoolStats {
    return { live: this.#live, pooled: this.#pooled, pooledBytes: this.#pooledBytes, hits: this.#hits, misses: this.#misses };
  }

  /** Destroys every pooled buffer (live ones belong to their tensors). */
  clear(): void {
    for (const list of this.#free.values()) for (const b of list) b.destroy();
    this.#free.clear();
    this.#pooled = 0;
    this.#pooledBytes = 0;
    this.afterSubmit();
  }
}
