/**
 * The parameter-and-MAC counter: walks the module tree by shape propagation, never running it.
 *
 * MAC convention ("standard", torchvision/fvcore style): one MAC per weight multiply in conv
 * and linear layers, `Cout · (Cin/group) · kh · kw · Ho · Wo`, for a batch of one. Batch norm,
 * activations, pooling, residual adds and biases are free. Dynamic layers additionally count
 * what they execute beyond the convolution: attention heads (as 1×1 convs / linears), kernel
 * aggregation (`K` multiplies per kernel element), spatial attention on the kernel, and the
 * attention multiplies on inputs and outputs (see docs/models.md).
 */
import { sizeOf, type Shape } from '@dcnn/core';
import type { Module } from './module.js';

/** One counted module: its dotted name, type, shapes, own parameters and own MACs. */
export interface LayerRow {
  name: string;
  type: string;
  input: Shape;
  output: Shape;
  params: number;
  macs: number;
}

export class Tracer {
  readonly rows: LayerRow[] = [];
  #macs = 0;
  readonly #path: string[] = [];
  readonly #own: number[] = [];

  /** Total MACs reported so far. */
  get macs(): number {
    return this.#macs;
  }

  /** Adds MACs executed by the module being traced. */
  addMacs(n: number): void {
    this.#macs += n;
    if (this.#own.length > 0) this.#own[this.#own.length - 1] += n;
  }

  /** Traces child `name` of the current module on an input of `shape`. */
  run(name: string, module: Module, shape: Shape): Shape {
    this.#path.push(name);
    this.#own.push(0);
    const out = module.trace(shape, this);
    const macs = this.#own.pop()!;
    let params = 0;
    for (const slot of module.ownSlots().values()) if (slot.kind === 'parameter') params += sizeOf(slot.shape);
    if (params > 0 || macs > 0) {
      this.rows.push({ name: this.#path.join('.'), type: module.typeName, input: shape, output: out, params, macs });
    }
    this.#path.pop();
    return out;
  }
}

/** What `countModel` reports. */
export interface ModelCount {
  params: number;
  macs: number;
  output: Shape;
  rows: LayerRow[];
}

/** Counts parameters (PyTorch numel convention) and MACs of `model` for one input of `inputShape`. */
export function countModel(model: Module, inputShape: Shape): ModelCount {
  const tracer = new Tracer();
  const output = tracer.run('', model, inputShape);
  const rows = tracer.rows.map((r) => ({ ...r, name: r.name.replace(/^\./, '') }));
  return { params: model.parameterCount(), macs: tracer.macs, output, rows };
}

/** Standard conv MACs for an output of shape `[N, M, Ho, Wo]` and a kernel `[M, C/g, kh, kw]`. */
export function convMacs(out: Shape, kernel: Shape): number {
  const [n, m, ho, wo] = out;
  const [, cg, kh, kw] = kernel;
  return n * m * ho * wo * cg * kh * kw;
}
