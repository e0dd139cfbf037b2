import { describe, expect, it } from 'vitest';
import { createReferenceBackend, ops, tensor, scope, liveTensorCount, ShapeError } from './index.js';

describe('smoke', () => {
  it('conv2d 1x1', async () => {
    const be = createReferenceBackend();
    const x = tensor(be, [1, 2, 3, 4], [1, 1, 2, 2]);
    const w = tensor(be, [2], [1, 1, 1, 1]);
    const y = ops.conv2d({ x, w });
    expect(Array.from(await y.data())).toEqual([2, 4, 6, 8]);
    expect(() => ops.conv2d({ x, w: tensor(be, [1, 2], [2, 1, 1, 1]), }, { group: 2 })).toThrow(ShapeError);
    const before = liveTensorCount(be);
    const kept = scope(() => ops.relu({ x: ops.add({ a: x, b: x }) }));
    expect(liveTensorCount(be)).toBe(before + 1);
    expect(Array.from(await kept.data())).toEqual([2, 4, 6, 8]);
  });
});
