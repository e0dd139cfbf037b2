import { describe, expect, it } from 'vitest';
import { createReferenceBackend, liveTensorCount, ops, scope, tensor, isTensor } from '../src/index.js';

describe('tensor identity across package copies', () => {
  it('accepts a tensor-shaped object carrying the shared marker only when it is a real Tensor', () => {
    const be = createReferenceBackend();
    const x = tensor(be, [1, -2], [2]);
    expect(isTensor(x)).toBe(true);
    expect(isTensor({ shape: [2] })).toBe(false);
    expect(Array.from(ops.relu({ x }).shape)).toEqual([2]);
  });
});

describe('scope with an async function', () => {
  it('throws instead of disposing tensors an async body still uses', () => {
    const be = createReferenceBackend();
    const before = liveTensorCount(be);
    expect(() => scope((async () => tensor(be, [1], [1])) as never)).toThrow(/must be synchronous/);
    expect(liveTensorCount(be)).toBe(before);
  });
});
