/**
 * GPU time per dispatch from timestamp queries (adapters with `timestamp-query`): each
 * profiled dispatch gets its own compute pass whose start and end are written to a query set.
 * `collect()` resolves them and sums nanoseconds by program key.
 */
import { BufferUsage, MapMode } from './usage.js';

export interface ProfileEntry {
  key: string;
  count: number;
  ms: number;
}

export class Profiler {
  readonly #device: GPUDevice;
  readonly #capacity: number;
  readonly #querySet: GPUQuerySet;
  #keys: string[] = [];

  constructor(device: GPUDevice, capacity = 2048) {
    this.#device = device;
    this.#capacity = capacity;
    this.#querySet = device.createQuerySet({ type: 'timestamp', count: capacity * 2 });
  }

  /** Pass descriptor for the next dispatch, or undefined once the query set is full. */
  next(key: string): GPUComputePassDescriptor | undefined {
    const i = this.#keys.length;
    if (i >= this.#capacity) return undefined;
    this.#keys.push(key);
    return { timestampWrites: { querySet: this.#querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } };
  }

  /** Resolves what was recorded (after the encoder holding it was submitted) and starts over. */
  async collect(encoderFor: () => GPUCommandEncoder, submit: () => void): Promise<ProfileEntry[]> {
    const n = this.#keys.length;
    const keys = this.#keys;
    this.#keys = [];
    if (n === 0) return [];
    const bytes = n * 16;
    const resolve = this.#device.createBuffer({ size: bytes, usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC });
    const read = this.#device.createBuffer({ size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const encoder = encoderFor();
    encoder.resolveQuerySet(this.#querySet, 0, 2 * n, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, read, 0, bytes);
    submit();
    await read.mapAsync(MapMode.READ);
    const stamps = new BigInt64Array(read.getMappedRange().slice(0));
    read.unmap();
    read.destroy();
    resolve.destroy();
    const byKey = new Map<string, ProfileEntry>();
    keys.forEach((key, i) => {
      const entry = byKey.get(key) ?? { key, count: 0, ms: 0 };
      entry.count++;
      entry.ms += Number(stamps[2 * i + 1] - stamps[2 * i]) / 1e6;
      byKey.set(key, entry);
    });
    return [...byKey.values()].sort((a, b) => b.ms - a.ms);
  }

  destroy(): void {
    this.#querySet.destroy();
  }
}
