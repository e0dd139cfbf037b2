/** Spec of dense (PyTorch Linear layout). */
import * as kinds from './attr-kinds.js';
import { type OpSpec, requireRank, requireShape, shapeError, slots } from './spec.js';
import { formatShape } from '../shape.js';

export const denseSpec: OpSpec<'dense'> = {
  name: 'dense',
  summary: 'y = act(x · wᵀ + b) with x [N, F] and w [O, F].',
  inputs: slots('x', 'w', 'b?'),
  defaults: { activation: 'none' },
  attrKinds: { activation: kinds.activation },
  infer({ x, w, b }) {
    requireRank('dense', 'x', x, 2, '[N, F]');
    requireRank('dense', 'w', w, 2, '[O, F]');
    if (w[1] !== x[1]) shapeError('dense', "input 'w'", `[O, F] with F = ${x[1]} (x's features)`, `shape ${formatShape(w)}`);
    if (b) requireShape('dense', 'b', b, [w[0]], '[O]');
    return [[x[0], w[0]]];
  },
};
