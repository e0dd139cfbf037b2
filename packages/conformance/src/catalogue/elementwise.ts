/** Unary activations (with NaN/Inf propagation) and the broadcasting binary ops. */
import { check, rejects, t } from './define.js';
import { awayFromZero, normal, uniform, withSpecials } from './generators.js';
import type { OpCaseSpec } from './types.js';

const unaryOps = ['relu', 'relu6', 'sigmoid', 'tanh', 'exp', 'silu', 'gelu', 'hardSigmoid', 'hardSwish', 'leakyRelu', 'clip'] as const;

function unaryCases(op: (typeof unaryOps)[number]): OpCaseSpec[] {
  // Wide enough to reach every kink: relu6 at 6, hardSigmoid at ±2.5, hardSwish at ±3.
  const wide = normal(4);
  return [
    check(op, 'nchw', { x: t([2, 3, 5, 7], wide) }),
    check(op, 'vector-odd', { x: t([13], wide) }),
    check(op, 'scalar', { x: t([], wide) }),
    check(op, 'nan-inf-zero', { x: t([4, 9], withSpecials(4)) }),
    // gelu's far negative tail, where 1 + erf(x/√2) rounds to 0 in float64 and the value is tiny
    // but not 0 (gelu(−10) ≈ −7.6e−23; still a normal float32 at −12). The scalar case meets it by
    // chance (normal(4) reaches below −8.3 in about 2% of seeds).
    ...(op === 'gelu' ? [check(op, 'far-negative-tail', { x: t([16], uniform(-12, -8)) })] : []),
  ];
}

const binaryOps = ['add', 'sub', 'mul', 'div'] as const;

/** Shape pairs that exercise NumPy broadcasting from both sides. */
const broadcastPairs: [string, number[], number[]][] = [
  ['same', [2, 3, 4, 5], [2, 3, 4, 5]],
  ['trailing', [2, 3, 4, 5], [5]],
  ['channel', [2, 3, 4, 5], [1, 3, 1, 1]],
  ['both-sides', [2, 1, 4, 1], [3, 1, 5]],
  ['scalar-left', [], [3, 4]],
  ['scalar-right', [2, 3, 2], []],
  ['one-vs-vector', [1], [7]],
  ['rank5', [2, 1, 3, 1, 2], [1, 4, 1, 5, 1]],
];

function binaryCases(op: (typeof binaryOps)[number]): OpCaseSpec[] {
  const b = op === 'div' ? awayFromZero() : undefined;
  return [
    ...broadcastPairs.map(([name, sa, sb]) => check(op, `broadcast-${name}`, { a: t(sa), b: t(sb, b) })),
    check(op, 'nan-inf-zero', { a: t([3, 8], withSpecials()), b: t([3, 8], withSpecials()) }),
    rejects(op, 'incompatible-shapes', 'ShapeError', { a: t([2, 3]), b: t([4]) }),
    rejects(op, 'incompatible-inner', 'ShapeError', { a: t([2, 3, 4]), b: t([3, 3, 4]) }),
  ];
}

export const elementwiseCases: OpCaseSpec[] = [
  ...unaryOps.flatMap(unaryCases),
  check('hardSigmoid', 'alpha-beta', { x: t([3, 11], normal(3)) }, { alpha: 0.5, beta: 0.6 }),
  check('leakyRelu', 'alpha-0.3', { x: t([3, 11]) }, { alpha: 0.3 }),
  check('clip', 'min-max', { x: t([2, 3, 4, 4], normal(3)) }, { min: -1.5, max: 2 }),
  check('clip', 'min-only', { x: t([17], normal(3)) }, { min: 0.25 }),
  check('clip', 'max-only', { x: t([17], normal(3)) }, { max: -0.5 }),
  check('clip', 'min-equals-max', { x: t([9]) }, { min: 1, max: 1 }),
  rejects('clip', 'min-above-max', 'AttributeError', { x: t([4]) }, { min: 2, max: 1 }),
  rejects('leakyRelu', 'alpha-not-number', 'AttributeError', { x: t([4]) }, { alpha: 'small' }),
  rejects('hardSigmoid', 'unknown-attribute', 'AttributeError', { x: t([4]) }, { gamma: 1 }),
  ...binaryOps.flatMap(binaryCases),
];
