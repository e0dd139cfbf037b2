/**
 * The Module base: named parameters and buffers (PyTorch-style dotted names), child modules,
 * `forward(x)`, and shape tracing for the counters.
 *
 * A module is declared first (shapes and initialisers only) and materialised on a backend
 * later, so the parameter and MAC counters can walk a 45M-parameter model without allocating
 * it. `materialize(backend, seed)` creates every tensor; `dispose()` frees them.
 */
import { AttributeError, ShapeError, formatShape, keep, sizeOf, tensor, type AnyBackend, type Shape, type Tensor } from '@dcnn/core';
import { Rng, streamSeed, type Initializer } from './init.js';
import type { Tracer } from './trace.js';

/** `parameter`s are learnable and counted; `buffer`s (BN running statistics) are state only. */
export type SlotKind = 'parameter' | 'buffer';

/**
 * A conv child, the batch norm child its output goes through, and the activation the module
 * applies right after (which it skips once the conv has it fused: see `runSite`), for
 * `fuseForInference` in modules that call their layers by name rather than through a Sequential.
 */
export interface FusionSite {
  conv: string;
  bn: string;
  activation?: 'relu';
}

/** One declared tensor of a module. */
export interface Slot {
  readonly shape: Shape;
  readonly kind: SlotKind;
  readonly init: Initializer;
  tensor: Tensor | undefined;
}

export abstract class Module {
  readonly #slots = new Map<string, Slot>();
  readonly #children = new Map<string, Module>();

  /** The class name shown by the summary. */
  get typeName(): string {
    return this.constructor.name;
  }

  /** Declares a tensor of this module. */
  protected declare(name: string, shape: Shape, init: Initializer, kind: SlotKind = 'parameter'): void {
    this.#slots.set(name, { shape: Object.freeze([...shape]), kind, init, tensor: undefined });
  }

  /** Registers a child module under `name` (a PyTorch attribute name or a Sequential index). */
  protected child<M extends Module>(name: string, module: M): M {
    this.#children.set(name, module);
    return module;
  }

  /** This module's own tensor `name`; throws if the module has not been materialised. */
  protected p(name: string): Tensor {
    const slot = this.#slots.get(name);
    if (!slot) throw new ShapeError({ op: this.typeName, arg: name, expected: 'a declared parameter', actual: 'no such parameter' });
    if (!slot.tensor) {
      throw new AttributeError({ op: this.typeName, arg: name, expected: 'a materialised parameter (call materialize(backend, seed))', actual: 'a declared shape only' });
    }
    return slot.tensor;
  }

  /** True when this module declares its own tensor `name`. */
  protected has(name: string): boolean {
    return this.#slots.has(name);
  }

  /** Direct children in registration order. */
  children(): ReadonlyMap<string, Module> {
    return this.#children;
  }

  /** The child registered as `name`; a `ShapeError` naming it if there is none. */
  childNamed(name: string): Module {
    const child = this.#children.get(name);
    if (!child) throw new ShapeError({ op: this.typeName, arg: name, expected: 'a child module', actual: 'no such child' });
    return child;
  }

  /**
   * Puts `module` in place of the child `name` (same name, same position) and returns the old
   * one, which is not disposed. Only children the module reads back by name on every call can be
   * replaced (`readsByName`: a Sequential's layers, the runs of `fusionSites()`); for a child held
   * in a field the old module would keep running, so that is an `AttributeError`.
   */
  replaceChild(name: string, module: Module): Module {
    const old = this.childNamed(name);
    if (!this.readsByName(name)) {
      throw new AttributeError({
        op: `${this.typeName}.replaceChild`, arg: name,
        expected: 'a child the module reads by name (a Sequential layer or a fusion site)', actual: 'a child it keeps in a field, so the old one would still run',
      });
    }
    this.#children.set(name, module);
    return old;
  }

  /** Whether this module reads child `name` through `childNamed` on every call (so it can be replaced). */
  protected readsByName(name: string): boolean {
    return this.fusionSites().some((site) => site.conv === name || site.bn === name);
  }

  /** Conv → batch norm (→ activation) runs this module calls by name (none by default). */
  fusionSites(): readonly FusionSite[] {
    return [];
  }

  /** Every declared tensor under this module, with dotted names, in registration order. */
  *namedSlots(prefix = ''): Generator<[string, Slot]> {
    for (const [name, slot] of this.#slots) yield [prefix + name, slot];
    for (const [name, child] of this.#children) yield* child.namedSlots(`${prefix}${name}.`);
  }

  /** Own declared tensors (no children). */
  ownSlots(): ReadonlyMap<string, Slot> {
    return this.#slots;
  }

  /** Learnable parameters by dotted name. */
  parameters(): Map<string, Tensor> {
    return this.#collect('parameter');
  }

  /** Parameters and buffers by dotted name: what a PyTorch `state_dict` holds. */
  stateDict(): Map<string, Tensor> {
    return this.#collect(undefined);
  }

  #collect(kind: SlotKind | undefined): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, slot] of this.namedSlots()) {
      if (kind && slot.kind !== kind) continue;
      if (!slot.tensor) throw new AttributeError({ op: this.typeName, arg: name, expected: 'a materialised parameter', actual: 'a declared shape only' });
      out.set(name, slot.tensor);
    }
    return out;
  }

  /** The number of learnable scalars (PyTorch `sum(p.numel())`; buffers excluded). */
  parameterCount(): number {
    let n = 0;
    for (const [, slot] of this.namedSlots()) if (slot.kind === 'parameter') n += sizeOf(slot.shape);
    return n;
  }

  /**
   * Creates every declared tensor on `backend`, each from its own seeded stream. Replaces (and
   * frees) tensors a previous call created. Returns `this`.
   */
  materialize(backend: AnyBackend, seed = 0): this {
    for (const [name, slot] of this.namedSlots()) {
      const data = slot.init(slot.shape, new Rng(streamSeed(seed, name)));
      slot.tensor?.dispose();
      slot.tensor = keep(tensor(backend, data, slot.shape));
    }
    return this;
  }

  /**
   * Replaces tensor `name` (dotted, relative to this module) by `value`, which must have the
   * declared shape. The module owns `value` from now on; the old tensor is freed.
   */
  setTensor(name: string, value: Tensor): void {
    const slot = this.findSlot(name);
    if (value.shape.length !== slot.shape.length || value.shape.some((d, i) => d !== slot.shape[i])) {
      throw new ShapeError({ op: this.typeName, arg: name, expected: `shape ${formatShape(slot.shape)}`, actual: formatShape(value.shape) });
    }
    if (slot.tensor !== value) slot.tensor?.dispose();
    slot.tensor = keep(value);
  }

  /** The slot at a dotted name, or a `ShapeError` naming it. */
  findSlot(name: string): Slot {
    const dot = name.indexOf('.');
    const own = this.#slots.get(name);
    if (own) return own;
    if (dot > 0) {
      const child = this.#children.get(name.slice(0, dot));
      if (child) return child.findSlot(name.slice(dot + 1));
    }
    throw new ShapeError({ op: this.typeName, arg: name, expected: 'a declared parameter or buffer', actual: 'no such name' });
  }

  /** Frees every tensor of this module and its children. The declarations stay. */
  dispose(): void {
    for (const [, slot] of this.namedSlots()) {
      slot.tensor?.dispose();
      slot.tensor = undefined;
    }
  }

  /** Inference. Intermediates are freed; only the output is new. */
  abstract forward(x: Tensor): Tensor;

  /**
   * Shape propagation without running: returns the output shape for an input of `shape` and
   * reports this module's MACs (and its children, through `tracer.run`) to `tracer`.
   */
  abstract trace(shape: Shape, tracer: Tracer): Shape;
}
