import { describe, it } from 'vitest';
import { expectAgrees } from './helpers.js';
import { useGpu } from './setup.js';

const backend = useGpu();

describe('webgpu element-wise ops agree with the reference', () => {
  const unary = ['relu', 'relu6', 'sigmoid', 'tanh', 'exp', 'silu', 'gelu', 'hardSwish'] as const;
  for (const op of unary) it(op, () => expectAgrees(backend(), op, { x: [2, 3, 5, 7] }, {}, 3));
  it('hardSigmoid with attributes', () => expectAgrees(backend(), 'hardSigmoid', { x: [3, 40] }, { alpha: 0.3, beta: 0.4 }));
  it('leakyRelu', () => expectAgrees(backend(), 'leakyRelu', { x: [3, 40] }, { alpha: 0.1 }));
  it('clip', () => expectAgrees(backend(), 'clip', { x: [3, 40] }, { min: -0.3, max: 0.5 }));
  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    it(`${op}: same shapes`, () => expectAgrees(backend(), op, { a: [2, 3, 4], b: [2, 3, 4] }));
    it(`${op}: broadcast both ways`, () => expectAgrees(backend(), op, { a: [2, 1, 4, 5], b: [3, 1, 5] }));
    it(`${op}: scalar operand`, () => expectAgrees(backend(), op, { a: [1], b: [3, 4] }));
  }
  it('channel broadcast (squeeze-excite)', () => expectAgrees(backend(), 'mul', { a: [2, 6, 5, 5], b: [2, 6, 1, 1] }));
});
