/** Specs of the unary activations and the broadcasting binary ops. */
import { broadcastShapes, formatShape } from '../shape.js';
import * as kinds from './attr-kinds.js';
import type { OpName, OpSignatures } from './signatures.js';
import { type OpSpec, attributeError, shapeError, slots } from './spec.js';

type UnaryName = {
  [Op in OpName]: OpSignatures[Op]['inputs'] extends { x: 'one' } ? (keyof OpSignatures[Op]['inputs'] extends 'x' ? Op : never) : never;
}[OpName];

function unary<Op extends UnaryName>(
  name: Op,
  summary: string,
  defaults: OpSpec<Op>['defaults'],
  attrKinds: OpSpec<Op>['attrKinds'],
): OpSpec<Op> {
  return { name, summary, inputs: slots('x'), defaults, attrKinds, infer: ({ x }) => [x] } as OpSpec<Op>;
}

export const reluSpec = unary('relu', 'max(x, 0)', {}, {});
export const relu6Spec = unary('relu6', 'min(max(x, 0), 6)', {}, {});
export const sigmoidSpec = unary('sigmoid', '1 / (1 + exp(-x))', {}, {});
export const tanhSpec = unary('tanh', 'tanh(x)', {}, {});
export const expSpec = unary('exp', 'exp(x)', {}, {});
export const siluSpec = unary('silu', 'x · sigmoid(x)', {}, {});
export const geluSpec = unary('gelu', 'x · Φ(x), the erf form', {}, {});
export const hardSigmoidSpec = unary(
  'hardSigmoid',
  'max(0, min(1, alpha·x + beta))',
  { alpha: 0.2, beta: 0.5 },
  { alpha: kinds.number, beta: kinds.number },
);
export const hardSwishSpec = unary('hardSwish', 'x · max(0, min(1, x/6 + 0.5))', {}, {});
export const leakyReluSpec = unary('leakyRelu', 'x if x >= 0 else alpha·x', { alpha: 0.01 }, { alpha: kinds.number });

const clipBase = unary('clip', 'min(max(x, min), max)', { min: -Infinity, max: Infinity }, { min: kinds.number, max: kinds.number });
export const clipSpec: OpSpec<'clip'> = {
  ...clipBase,
  infer({ x }, attrs) {
    if (attrs.min > attrs.max) attributeError('clip', 'min', `a value <= max (${attrs.max})`, attrs.min);
    return [x];
  },
};

type BinaryName = 'add' | 'sub' | 'mul' | 'div';

function binary(name: BinaryName, summary: string): OpSpec<BinaryName> {
  return {
    name,
    summary,
    inputs: slots('a', 'b'),
    defaults: {},
    attrKinds: {},
    infer({ a, b }) {
      const out = broadcastShapes(a, b);
      if (!out) shapeError(name, "inputs 'a' and 'b'", 'shapes that broadcast (NumPy rules)', `${formatShape(a)} and ${formatShape(b)}`);
      return [out];
    },
  };
}

export const addSpec = binary('add', 'a + b, broadcasting') as OpSpec<'add'>;
export const subSpec = binary('sub', 'a - b, broadcasting') as OpSpec<'sub'>;
export const mulSpec = binary('mul', 'a · b, broadcasting') as OpSpec<'mul'>;
export const divSpec = binary('div', 'a / b, broadcasting') as OpSpec<'div'>;
