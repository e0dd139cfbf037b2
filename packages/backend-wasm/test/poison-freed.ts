/**
 * Use-after-free detection for tests: while on, every block the wasm heap frees is overwritten
 * with NaN before it returns to its bin, so a kernel that reads a freed block (a cached weight
 * transform evicted mid-call, say) gives NaN where the reference gives numbers, and a kernel
 * that counts on reused memory being zero gives NaN too.
 */
import { Heap } from '../src/heap.js';

/** Turns poisoning on for every heap of this module instance; returns the function that turns it off. */
export function poisonFreedBlocks(): () => void {
  const original = { alloc: Heap.prototype.alloc, free: Heap.prototype.free };
  const requested = new WeakMap<Heap, Map<number, number>>();
  Heap.prototype.alloc = function (this: Heap, bytes: number, op?: string) {
    const ptr = original.alloc.call(this, bytes, op);
    let sizes = requested.get(this);
    if (!sizes) requested.set(this, (sizes = new Map()));
    sizes.set(ptr, bytes);
    return ptr;
  };
  Heap.prototype.free = function (this: Heap, ptr: number) {
    const sizes = requested.get(this);
    const bytes = sizes?.get(ptr);
    if (bytes !== undefined) {
      this.f32.fill(NaN, ptr >>> 2, (ptr >>> 2) + (bytes >>> 2));
      sizes!.delete(ptr);
    }
    original.free.call(this, ptr);
  };
  return () => Object.assign(Heap.prototype, original);
}
