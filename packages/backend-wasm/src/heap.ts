/**
 * The wasm heap: one WebAssembly.Memory owned by the glue. Tensors and scratch are blocks from a
 * size-class free-list allocator (freed blocks are reused by later requests of the same class;
 * the top grows the memory on demand). Typed-array views are re-created whenever growth has
 * replaced the buffer.
 */
import { UnsupportedError } from '@dcnn/core';

const PAGE = 65536;
const ALIGN = 64;

/** Rounds a request up to its size class: multiples of 64 B, then 8 classes per octave. */
export function sizeClass(bytes: number): number {
  const b = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (b <= 4096) return b;
  const step = 2 ** (Math.floor(Math.log2(b)) - 3);
  return Math.ceil(b / step) * step;
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  #top: number;
  readonly #bins = new Map<number, number[]>();
  readonly #sizes = new Map<number, number>();
  #f32: Float32Array;
  #i32: Int32Array;
  /** The largest heap in bytes the memory may grow to. */
  readonly maxBytes: number;

  constructor(memory: WebAssembly.Memory, base: number, maxBytes: number) {
    this.memory = memory;
    this.#top = Math.ceil(base / ALIGN) * ALIGN;
    this.maxBytes = maxBytes;
    this.#f32 = new Float32Array(memory.buffer);
    this.#i32 = new Int32Array(memory.buffer);
  }

  /** A float32 view of the whole heap, valid until the next allocation. */
  get f32(): Float32Array {
    if (this.#f32.buffer !== this.memory.buffer || this.#f32.length === 0) this.#refresh();
    return this.#f32;
  }

  get i32(): Int32Array {
    if (this.#i32.buffer !== this.memory.buffer || this.#i32.length === 0) this.#refresh();
    return this.#i32;
  }

  #refresh(): void {
    this.#f32 = new Float32Array(this.memory.buffer);
    this.#i32 = new Int32Array(this.memory.buffer);
  }

  /** Bytes currently handed out (live blocks, rounded to their classes). */
  get liveBytes(): number {
    let total = 0;
    for (const size of this.#sizes.values()) total += size;
    return total;
  }

  /** Returns the byte offset of a 64-byte aligned block of at least `bytes`. */
  alloc(bytes: number, op = 'wasm'): number {
    const size = sizeClass(bytes);
    const bin = this.#bins.get(size);
    let ptr = bin?.pop();
    if (ptr === undefined) {
      ptr = this.#top;
      const end = ptr + size;
      if (end > this.maxBytes) {
        throw new UnsupportedError({ op, arg: 'wasm heap', expected: `at most ${this.maxBytes} bytes in total`, actual: `a request for ${bytes} more bytes with ${this.#top} in use` });
      }
      const have = this.memory.buffer.byteLength;
      if (end > have) {
        const pages = Math.ceil((end - have) / PAGE);
        try {
          this.memory.grow(pages);
        } catch (error) {
          throw new UnsupportedError({ op, arg: 'wasm heap', expected: `room to grow by ${pages} pages`, actual: `growth refused (${(error as Error).message})` });
        }
        this.#refresh();
      }
      this.#top = end;
    }
    this.#sizes.set(ptr, size);
    return ptr;
  }

  /** Returns a block to its bin. */
  free(ptr: number): void {
    const size = this.#sizes.get(ptr);
    if (size === undefined) return;
    this.#sizes.delete(ptr);
    let bin = this.#bins.get(size);
    if (!bin) this.#bins.set(size, (bin = []));
    bin.push(ptr);
  }

  /** Allocates and fills a block with float32 data. */
  writeF32(data: ArrayLike<number>, op?: string): number {
    const ptr = this.alloc(data.length * 4, op);
    this.f32.set(data, ptr >>> 2);
    return ptr;
  }

  /** Allocates and fills a block with int32 data (kernel parameters: dims, strides). */
  writeI32(data: ArrayLike<number>, op?: string): number {
    const ptr = this.alloc(data.length * 4, op);
    this.i32.set(data, ptr >>> 2);
    return ptr;
  }

  /** A copy of `length` floats at `ptr`. */
  readF32(ptr: number, length: number): Float32Array {
    return this.f32.slice(ptr >>> 2, (ptr >>> 2) + length);
  }
}
