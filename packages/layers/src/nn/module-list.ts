/**
 * Children named `0`, `1`, ... that the owner runs itself (PyTorch's `nn.ModuleList`): it gives
 * the parameters their dotted names and has no forward of its own.
 */
import { AttributeError, type Shape, type Tensor } from '@dcnn/core';
import { Module } from '../module.js';

export class ModuleList<M extends Module = Module> extends Module {
  readonly items: readonly M[];

  constructor(items: M[]) {
    super();
    this.items = items;
    items.forEach((m, i) => this.child(String(i), m));
  }

  forward(_x: Tensor): Tensor {
    throw new AttributeError({ op: 'ModuleList', arg: 'forward', expected: 'the owner to run each item', actual: 'a direct call' });
  }

  trace(_shape: Shape): Shape {
    throw new AttributeError({ op: 'ModuleList', arg: 'trace', expected: 'the owner to trace each item', actual: 'a direct call' });
  }
}
