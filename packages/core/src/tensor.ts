/**
 * Tensors: a shape, a dtype (float32), the backend that owns the data and its handle. Reading
 * back is explicit and async. Disposal is explicit, or by `scope()`; `liveTensorCount(backend)`
 * counts what is not yet disposed.
 */
import type { AnyBackend } from './backend.js';
import { DisposedError, ShapeError, describeValue } from './errors.js';
import { MAX_ELEMENTS, formatShape, sizeOf, type Shape } from './shape.js';
import { track, untrack } from './tracking.js';

export type DType = 'float32';

const TENSOR_MARKER = Symbol.for('dcnn.tensor');

/** True for a Tensor from any copy of this package (a duplicate install must not be rejected). */
export function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TENSOR_MARKER] === true;
}

export class Tensor {
  readonly [TENSOR_MARKER] = true;
  readonly dtype: DType = 'float32';
  readonly shape: Shape;
  readonly backend: AnyBackend;
  #handle: unknown;
  #disposed = false;

  /** Wraps a handle the backend just created; the tensor owns it from now on. */
  constructor(backend: AnyBackend, handle: unknown, shape: Shape) {
    this.backend = backend;
    this.#handle = handle;
    this.shape = Object.freeze([...shape]);
    track(this);
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** The backend handle; throws `DisposedError` after `dispose()`. */
  handle(op = 'tensor'): unknown {
    if (this.#disposed) {
      throw new DisposedError({ op, arg: 'tensor', expected: 'a live tensor', actual: `a disposed tensor of shape ${formatShape(this.shape)}` });
    }
    return this.#handle;
  }

  /** Reads the data back as float32. */
  async data(): Promise<Float32Array> {
    return this.backend.read(this.handle('data'), this.shape);
  }

  /** Reads the data back at the backend's full precision (float64 for the reference). */
  async data64(): Promise<Float64Array> {
    const handle = this.handle('data64');
    if (this.backend.readFloat64) return this.backend.readFloat64(handle, this.shape);
    return Float64Array.from(await this.backend.read(handle, this.shape));
  }

  /** Frees the data. Safe to call twice. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    untrack(this);
    this.backend.free(this.#handle);
    this.#handle = undefined;
  }

  toString(): string {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}, ${this.backend.name}${this.#disposed ? ', disposed' : ''})`;
  }
}

/** Uploads float32 data as a new tensor on `backend`. */
export function tensor(backend: AnyBackend, data: Float32Array | ArrayLike<number>, shape: Shape): Tensor {
  // Each dimension bounded too: [0, 1e300, 1e300] holds no element, but a transpose of it would
  // multiply 1e300 by 1e300 before the 0 and give a NaN size.
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX_ELEMENTS) || !(sizeOf(shape) <= MAX_ELEMENTS)) {
    throw new ShapeError({ op: 'tensor', arg: 'shape', expected: `non-negative integer dimensions, at most ${MAX_ELEMENTS} elements`, actual: Array.isArray(shape) ? formatShape(shape) : describeValue(shape) });
  }
  if (data.length !== sizeOf(shape)) {
    throw new ShapeError({ op: 'tensor', arg: 'data', expected: `${sizeOf(shape)} values for shape ${formatShape(shape)}`, actual: `${data.length} values` });
  }
  const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
  return new Tensor(backend, backend.upload(f32, shape), shape);
}
