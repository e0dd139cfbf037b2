import { describe, expect, it } from 'vitest';
import { Tensor, keep, liveTensorCount, ops, scope, tensor } from '../src/index.js';
import { spyBackend } from './support/spy-backend.js';

const fresh = () => {
  const backend = spyBackend();
  const make = (values: number[], shape = [values.length]) => tensor(backend, values, shape);
  return { backend, make };
};

describe('Tensor', () => {
  it('shape, rank, size, dtype; the shape is a frozen copy', async () => {
    const { make } = fresh();
    const dims = [2, 3];
    const x = make([1, 2, 3, 4, 5, 6], dims);
    dims[0] = 9;
    expect(x.shape).toEqual([2, 3]);
    expect(Object.isFrozen(x.shape)).toBe(true);
    expect([x.rank, x.size, x.dtype]).toEqual([2, 6, 'float32']);
    expect(x.toString()).toBe('Tensor([2,3], float32, spy)');
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('data() is float32, data64() keeps the reference backend\'s float64 results', async () => {
    const { make } = fresh();
    const y = ops.div({ a: make([1]), b: make([3]) });
    expect((await y.data())[0]).toBe(Math.fround(1 / 3));
    expect((await y.data64())[0]).toBe(1 / 3);
  });

  it('dispose twice is safe and frees the handle once', () => {
    const { backend, make } = fresh();
    const x = make([1, 2]);
    expect(liveTensorCount(backend)).toBe(1);
    x.dispose();
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(backend.counts.frees).toBe(1);
    expect(liveTensorCount(backend)).toBe(0);
    expect(x.toString()).toContain('disposed');
  });

  it('liveTensorCount counts per backend', () => {
    const a = fresh();
    const b = fresh();
    a.make([1]);
    a.make([2]);
    const y = ops.relu({ x: b.make([3]) });
    expect(liveTensorCount(a.backend)).toBe(2);
    expect(liveTensorCount(b.backend)).toBe(2);
    y.dispose();
    expect(liveTensorCount(b.backend)).toBe(1);
  });
});

describe('scope', () => {
  it('disposes intermediates and keeps the returned tensor', async () => {
    const { backend, make } = fresh();
    const x = make([-1, 2]);
    const y = scope(() => ops.add({ a: ops.relu({ x }), b: ops.exp({ x: make([0]) }) }));
    // x (outside), y (returned) remain; relu, the [0] input and exp are gone.
    expect(liveTensorCount(backend)).toBe(2);
    expect(backend.counts.frees).toBe(3);
    expect(Array.from(await y.data())).toEqual([1, 3]);
    expect(x.isDisposed).toBe(false);
  });

  it('keeps tensors returned inside arrays, plain objects, maps and sets', () => {
    const { backend, make } = fresh();
    const result = scope(() => {
      const parts = ops.split({ x: make([1, 2, 3]) }, { sizes: [1, 2] });
      const inner = make([9]);
      make([0]); // dropped
      return { parts, nested: { deep: [inner] }, map: new Map([['m', make([7])]]), set: new Set([make([8])]), label: 'not a tensor' };
    });
    expect(result.parts.every((p) => !p.isDisposed)).toBe(true);
    expect(result.nested.deep[0].isDisposed).toBe(false);
    expect(result.map.get('m')!.isDisposed).toBe(false);
    // A Set's tensors were disposed once (found by a review).
    expect([...result.set][0].isDisposed).toBe(false);
    // split's input and the [0] tensor were disposed: 2 parts + inner + map and set entries remain.
    expect(liveTensorCount(backend)).toBe(5);
  });

  it('disposes what it made when reading the result throws, and rethrows', () => {
    const { backend, make } = fresh();
    expect(() =>
      scope(() => ({
        t: make([1]),
        get broken(): number {
          throw new Error('getter');
        },
      })),
    ).toThrow('getter');
    expect(liveTensorCount(backend)).toBe(0);
  });

  it('nested scopes hand returned tensors to the enclosing scope', () => {
    const { backend, make } = fresh();
    let fromInner: Tensor | undefined;
    const outer = scope(() => {
      fromInner = scope(() => {
        make([1]); // dropped by the inner scope
        return make([2]);
      });
      expect(fromInner.isDisposed).toBe(false);
      expect(liveTensorCount(backend)).toBe(1);
      return make([3]);
    });
    // The outer scope did not return fromInner, so it disposed it.
    expect(fromInner!.isDisposed).toBe(true);
    expect(outer.isDisposed).toBe(false);
    expect(liveTensorCount(backend)).toBe(1);
  });

  it('an exception disposes everything the scope created and propagates', () => {
    const { backend, make } = fresh();
    const before = make([5]);
    const failing = () =>
      scope(() => {
        make([1]);
        ops.relu({ x: before });
        throw new Error('boom');
      });
    expect(failing).toThrow('boom');
    expect(liveTensorCount(backend)).toBe(1);
    expect(before.isDisposed).toBe(false);
  });

  it('an op error inside a scope leaves nothing behind', () => {
    const { backend, make } = fresh();
    expect(() => scope(() => ops.add({ a: make([1, 2]), b: make([1, 2, 3]) }))).toThrow(/add/);
    expect(liveTensorCount(backend)).toBe(0);
  });

  it('keep() protects a tensor from every open scope', () => {
    const { backend, make } = fresh();
    let kept: Tensor | undefined;
    scope(() => {
      scope(() => {
        kept = keep(make([1]));
        make([2]);
      });
    });
    expect(kept!.isDisposed).toBe(false);
    expect(liveTensorCount(backend)).toBe(1);
  });

  it('a tensor disposed by hand inside a scope is not freed again', () => {
    const { backend, make } = fresh();
    scope(() => {
      make([1]).dispose();
      make([2]);
    });
    expect(backend.counts.frees).toBe(2);
    expect(liveTensorCount(backend)).toBe(0);
  });

  it('returns non-tensor values untouched', () => {
    expect(scope(() => 42)).toBe(42);
    expect(scope(() => undefined)).toBeUndefined();
  });
});
