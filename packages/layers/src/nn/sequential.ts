/** Children run in order, named `0`, `1`, ... as in PyTorch's `nn.Sequential`. */
import { AttributeError, scope, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';
import type { Tracer } from '../trace.js';

export class Sequential extends Module {
  #layers: Module[];

  constructor(layers: Module[]) {
    super();
    this.#layers = [...layers];
    layers.forEach((m, i) => this.child(String(i), m));
  }

  get layers(): readonly Module[] {
    return this.#layers;
  }

  /**
   * Puts `module` at `index` in place of the layer there (which is returned, not disposed), under
   * the same name, so the other layers keep theirs (fuseForInference uses this).
   */
  replaceLayer(index: number, module: Module): Module {
    if (!Number.isInteger(index) || index < 0 || index >= this.#layers.length) {
      throw new AttributeError({ op: 'Sequential.replaceLayer', arg: 'index', expected: `an integer from 0 to ${this.#layers.length - 1}`, actual: String(index) });
    }
    return this.replaceChild(String(index), module);
  }

  protected override readsByName(): boolean {
    return true;
  }

  /** `replaceLayer` by the child's name (`'0'`, `'1'`, ...): the new module is the one that runs. */
  override replaceChild(name: string, module: Module): Module {
    const old = super.replaceChild(name, module);
    this.#layers[Number(name)] = module;
    return old;
  }

  forward(x: Tensor): Tensor {
    return scope(() => {
      let y = x;
      for (const m of this.layers) y = m.forward(y);
      return y;
    });
  }

  trace(shape: Shape, tracer: Tracer): Shape {
    let s = shape;
    this.layers.forEach((m, i) => {
      s = tracer.run(String(i), m, s);
    });
    return s;
  }
}
