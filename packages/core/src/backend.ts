/**
 * The versioned backend interface. A backend stores tensor data wherever it likes (a handle of
 * type `H`) and supplies one kernel per op in a typed map. Kernels receive inputs and attributes
 * already validated and resolved by the core, plus the inferred output shapes: they never
 * re-validate. They return new handles the core then owns.
 */
import type { AttrsOf, InputsOf, OpName, OutputOf } from './ops/signatures.js';
import type { Shape } from './shape.js';

export const BACKEND_SPEC_VERSION = 'dcnn-backend/1' as const;

/** An input as a kernel sees it: shape plus the backend's own handle. */
export interface KernelTensor<H> {
  readonly shape: Shape;
  readonly handle: H;
}

export type Kernel<Op extends OpName, H> = (
  inputs: InputsOf<Op, KernelTensor<H>>,
  attrs: AttrsOf<Op>,
  outShapes: readonly Shape[],
) => OutputOf<Op, H>;

/** One kernel per op of SPEC.md. A backend declares `kernels satisfies KernelMap<MyHandle>`. */
export type KernelMap<H> = { readonly [Op in OpName]: Kernel<Op, H> };

/** Which tolerance row of SPEC.md a backend is held to. */
export type PrecisionClass = 'float64' | 'float32-cpu' | 'float32-gpu';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the handle type is the backend's own business
export type AnyBackend = Backend<any>;

export interface Backend<H = unknown> {
  readonly specificationVersion: typeof BACKEND_SPEC_VERSION;
  /** Stable name used by the registry and the CLI (`reference`, `wasm`, `webgpu`, ...). */
  readonly name: string;
  readonly precision: PrecisionClass;
  /**
   * True when the backend runs on a software emulation of its device (e.g. WebGPU on
   * SwiftShader). Automatic selection prefers any hardware backend over a software one.
   */
  readonly software?: boolean;
  readonly kernels: KernelMap<H>;
  /** Copies float32 data into backend storage. */
  upload(data: Float32Array, shape: Shape): H;
  /** Reads data back; GPU backends need the promise. */
  read(handle: H, shape: Shape): Promise<Float32Array>;
  /** Optional full-precision read (the float64 reference uses it for exact comparisons). */
  readFloat64?(handle: H, shape: Shape): Promise<Float64Array>;
  /** Releases one handle's storage. Called exactly once per handle. */
  free(handle: H): void;
  /** Releases everything the backend holds (workers, devices, heaps). */
  dispose(): void;
}

/** How the registry knows a backend without starting it. */
export interface BackendFactory {
  readonly name: string;
  /** Higher is preferred when choosing automatically. */
  readonly priority: number;
  /** One line for `dcnn backends`. */
  readonly description: string;
  /** Starts the backend or throws `BackendInitError` with the reason. */
  create(): Promise<AnyBackend>;
}
