/**
 * Running an op: validate inputs and attributes with the op's spec, infer output shapes, then
 * call the backend's kernel. Nothing is allocated before validation has passed, so a rejected
 * call leaves no memory behind.
 */
import type { AnyBackend, KernelTensor } from './backend.js';
import { AttributeError, DisposedError, ShapeError, UnsupportedError, describeValue } from './errors.js';
import { isOpName, opSpecs } from './ops/index.js';
import type { AttrsOf, InputsOf, OpName, OutputOf } from './ops/signatures.js';
import { resolveAttrs } from './ops/spec.js';
import { MAX_ELEMENTS, formatShape, sizeOf, type Shape } from './shape.js';
import { isTensor, Tensor } from './tensor.js';

export type OpInputs<Op extends OpName> = InputsOf<Op, Tensor>;
export type OpAttrs<Op extends OpName> = Partial<AttrsOf<Op>>;


/** Runs `op` on the backend that owns its inputs. */
export function runOp<Op extends OpName>(op: Op, inputs: OpInputs<Op>, attrs: OpAttrs<Op> = {}): OutputOf<Op, Tensor> {
  if (!isOpName(op)) {
    throw new UnsupportedError({ op: String(op), arg: 'op', expected: 'an op of SPEC.md', actual: describeValue(op) });
  }
  const spec = opSpecs[op];
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new ShapeError({ op, arg: 'inputs', expected: 'an object of named tensors', actual: describeValue(inputs) });
  }
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) {
    throw new AttributeError({ op, arg: 'attributes', expected: 'an object of named attributes', actual: describeValue(attrs) });
  }
  const given = inputs as Record<string, unknown>;
  const kernelInputs: Record<string, KernelTensor<unknown> | KernelTensor<unknown>[]> = {};
  const shapes: Record<string, Shape | Shape[]> = {};
  let backend: AnyBackend | undefined;

  const admit = (name: string, t: unknown): KernelTensor<unknown> => {
    if (!isTensor(t)) {
      throw new ShapeError({ op, arg: `input '${name}'`, expected: 'a Tensor', actual: describeValue(t) });
    }
    if (t.isDisposed) {
      // Checked here, not by t.handle(), so the error names the input that was disposed.
      throw new DisposedError({ op, arg: `input '${name}'`, expected: 'a live tensor', actual: `a disposed tensor of shape ${formatShape(t.shape)}` });
    }
    const handle = t.handle(op);
    if (backend && t.backend !== backend) {
      // Two instances of one kind of backend (two WebGPU devices, say) share a name.
      const other = t.backend.name === backend.name ? `another '${t.backend.name}' backend (a second instance)` : `'${t.backend.name}'`;
      throw new ShapeError({ op, arg: `input '${name}'`, expected: `a tensor on backend '${backend.name}' like the other inputs`, actual: `a tensor on ${other}` });
    }
    backend = t.backend;
    return { shape: t.shape, handle };
  };

  const known = new Set(spec.inputs.map((s) => s.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name) && given[name] !== undefined) {
      throw new ShapeError({ op, arg: `input '${name}'`, expected: `one of the inputs ${[...known].join(', ')}`, actual: 'an unknown input' });
    }
  }
  for (const slot of spec.inputs) {
    const value = given[slot.name];
    if (value === undefined || value === null) {
      if (slot.optional) continue;
      throw new ShapeError({ op, arg: `input '${slot.name}'`, expected: 'a tensor (required)', actual: 'nothing' });
    }
    if (slot.list) {
      if (!Array.isArray(value)) throw new ShapeError({ op, arg: `input '${slot.name}'`, expected: 'an array of tensors', actual: describeValue(value) });
      // A plain loop: `map` skips holes, which would drop them from the list silently.
      const list: KernelTensor<unknown>[] = [];
      for (let i = 0; i < value.length; i++) list.push(admit(`${slot.name}[${i}]`, value[i]));
      kernelInputs[slot.name] = list;
      shapes[slot.name] = list.map((k) => k.shape);
    } else {
      const k = admit(slot.name, value);
      kernelInputs[slot.name] = k;
      shapes[slot.name] = k.shape;
    }
  }
  if (!backend) {
    throw new ShapeError({ op, arg: 'inputs', expected: 'at least one tensor', actual: 'none' });
  }

  const resolved = resolveAttrs(spec, attrs as Record<string, unknown>);
  const outShapes = spec.infer(shapes as InputsOf<Op, Shape>, resolved);
  for (const s of outShapes) {
    // `!(size <= MAX)` also refuses a NaN size (a dimension too large to multiply, next to a 0).
    if (!(sizeOf(s) <= MAX_ELEMENTS) || s.some((d) => !(d <= MAX_ELEMENTS))) {
      throw new UnsupportedError({ op, arg: 'output', expected: `at most ${MAX_ELEMENTS} elements`, actual: `shape ${formatShape(s)}` });
    }
  }

  const kernel = backend.kernels[op] as unknown as (i: unknown, a: unknown, o: readonly Shape[]) => unknown;
  const result = kernel(kernelInputs, resolved, outShapes);
  const owner = backend;
  if (Array.isArray(result)) return result.map((h, i) => new Tensor(owner, h, outShapes[i])) as OutputOf<Op, Tensor>;
  return new Tensor(owner, result, outShapes[0]) as OutputOf<Op, Tensor>;
}
