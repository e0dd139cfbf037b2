/** Specs of concat, split, reshape and transpose. */
import { formatShape, sizeOf } from '../shape.js';
import * as kinds from './attr-kinds.js';
import { type OpSpec, attributeError, checkAxis, shapeError, slots } from './spec.js';

export const concatSpec: OpSpec<'concat'> = {
  name: 'concat',
  summary: 'Joins tensors along axis; other dims must agree.',
  inputs: slots('xs*'),
  defaults: { axis: 0 },
  attrKinds: { axis: kinds.integer },
  infer({ xs }, attrs) {
    if (xs.length === 0) shapeError('concat', "input 'xs'", 'at least one tensor', 'none');
    const first = xs[0];
    const axis = checkAxis('concat', 'axis', attrs.axis, first.length);
    let total = 0;
    xs.forEach((s, i) => {
      const agrees = s.length === first.length && s.every((d, j) => j === axis || d === first[j]);
      if (!agrees) {
        shapeError('concat', `input 'xs[${i}]'`, `rank ${first.length} and dims of ${formatShape(first)} except axis ${axis}`, formatShape(s));
      }
      total += s[axis];
    });
    return [first.map((d, j) => (j === axis ? total : d))];
  },
};

export const splitSpec: OpSpec<'split'> = {
  name: 'split',
  summary: 'Cuts a tensor along axis into pieces of the given sizes.',
  inputs: slots('x'),
  defaults: { axis: 0, sizes: [] },
  attrKinds: { axis: kinds.integer, sizes: kinds.nonNegativeIntegers },
  infer({ x }, attrs) {
    const axis = checkAxis('split', 'axis', attrs.axis, x.length);
    const total = attrs.sizes.reduce((s, v) => s + v, 0);
    if (attrs.sizes.length === 0 || total !== x[axis]) {
      attributeError('split', 'sizes', `one or more sizes summing to ${x[axis]} (dim ${axis} of ${formatShape(x)})`, attrs.sizes);
    }
    return attrs.sizes.map((size) => x.map((d, j) => (j === axis ? size : d)));
  },
};

export const reshapeSpec: OpSpec<'reshape'> = {
  name: 'reshape',
  summary: 'Same data, new shape; one -1 is inferred.',
  inputs: slots('x'),
  defaults: { shape: [] },
  attrKinds: { shape: kinds.integers },
  infer({ x }, attrs) {
    const { shape } = attrs;
    const inferred = shape.filter((d) => d === -1).length;
    if (inferred > 1 || shape.some((d) => d < -1)) attributeError('reshape', 'shape', 'dims >= 0 with at most one -1', shape);
    const count = sizeOf(x);
    const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
    const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : count / known) : d));
    if (sizeOf(out) !== count || out.some((d) => !Number.isInteger(d))) {
      attributeError('reshape', 'shape', `a shape of ${count} elements (input ${formatShape(x)})`, shape);
    }
    return [out];
  },
};

/** The permutation a transpose applies (the reversed axes when `perm` is null). */
export function resolvePerm(rank: number, perm: number[] | null): number[] {
  if (perm === null) return [...Array(rank).keys()].reverse();
  const valid = perm.length === rank && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
  if (!valid) attributeError('transpose', 'perm', `a permutation of 0..${rank - 1}`, perm);
  return perm;
}

export const transposeSpec: OpSpec<'transpose'> = {
  name: 'transpose',
  summary: 'Permutes axes (reverses them when perm is absent).',
  inputs: slots('x'),
  defaults: { perm: null },
  attrKinds: { perm: kinds.integersOrNull },
  infer({ x }, attrs) {
    return [resolvePerm(x.length, attrs.perm).map((p) => x[p])];
  },
};
