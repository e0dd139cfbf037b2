/**
 * What an ONNX op mapping sees: its node's inputs as device tensors (float32) or as host values
 * (int64 shapes, axes, split sizes, Clip bounds), its attributes, and the opset. A mapping that
 * meets something dcnn cannot express throws `NotMapped` with the reason; the runner reports the
 * test as `unsupported` with that reason.
 */
import { tensor, type AnyBackend, type Tensor } from '@dcnn/core';
import { NotMapped } from './not-mapped.js';
import type { AttrValue, OnnxNode, OnnxTensor } from './proto.js';

/** A value in the graph: host data (from .pb files, initializers, Constant) or a device tensor. */
export type Value = { kind: 'host'; t: OnnxTensor } | { kind: 'device'; tensor: Tensor };

export { NotMapped } from './not-mapped.js';

export class NodeContext {
  readonly #values: Map<string, Value>;
  readonly backend: AnyBackend;
  readonly node: OnnxNode;
  readonly opset: number;

  constructor(backend: AnyBackend, node: OnnxNode, values: Map<string, Value>, opset: number) {
    this.backend = backend;
    this.node = node;
    this.#values = values;
    this.opset = opset;
  }

  get inputCount(): number {
    return this.node.inputs.length;
  }

  /** Whether input `i` is given (an empty name is an absent optional input). */
  has(i: number): boolean {
    return i < this.node.inputs.length && this.node.inputs[i] !== '';
  }

  value(i: number): Value {
    const name = this.node.inputs[i];
    const v = this.#values.get(name);
    if (!v) throw new Error(`${this.node.opType}: input '${name}' has no value`);
    return v;
  }

  /** Input `i` as a float32 tensor on the backend (host float32 data is uploaded). */
  tensor(i: number): Tensor {
    const v = this.value(i);
    if (v.kind === 'device') return v.tensor;
    if (v.t.dtype !== 'float32') throw new NotMapped(`${this.node.opType}: input ${i} has dtype ${v.t.dtype}; dcnn tensors are float32`);
    const t = tensor(this.backend, Float32Array.from(v.t.values), v.t.dims);
    this.#values.set(this.node.inputs[i], { kind: 'device', tensor: t });
    return t;
  }

  /** Input `i` as host numbers (shape, axes, sizes, bounds); a computed tensor cannot be one. */
  host(i: number): OnnxTensor {
    const v = this.value(i);
    if (v.kind === 'host') return v.t;
    throw new NotMapped(`${this.node.opType}: input ${i} must be known before running (a constant), but is computed`);
  }

  /** The dims of input `i`, wherever it lives. */
  shape(i: number): number[] {
    const v = this.value(i);
    return v.kind === 'host' ? v.t.dims : [...v.tensor.shape];
  }

  attr(name: string): AttrValue | undefined {
    return this.node.attrs[name];
  }

  int(name: string, fallback: number): number {
    const v = this.node.attrs[name];
    return typeof v === 'number' ? v : fallback;
  }

  float(name: string, fallback: number): number {
    return this.int(name, fallback);
  }

  ints(name: string): number[] | undefined {
    const v = this.node.attrs[name];
    return Array.isArray(v) ? (v as number[]) : undefined;
  }

  string(name: string, fallback: string): string {
    const v = this.node.attrs[name];
    return typeof v === 'string' ? v : fallback;
  }

  /** A scalar float32 tensor on the backend. */
  scalar(v: number): Tensor {
    return tensor(this.backend, [v], []);
  }

  /** Throws NotMapped for attributes this mapping does not handle. */
  onlyAttrs(known: string[]): void {
    const extra = Object.keys(this.node.attrs).filter((a) => !known.includes(a));
    if (extra.length) throw new NotMapped(`${this.node.opType}: attribute(s) ${extra.join(', ')} not mapped`);
  }
}

export type Mapper = (ctx: NodeContext) => Value[] | Tensor[] | Tensor;
