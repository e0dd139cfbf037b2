/**
 * An op's specification: its inputs, attributes with defaults and validators, and shape
 * inference. Defined once here; the engine validates with it before any backend sees a call.
 */
import { AttributeError, ShapeError, describeValue } from '../errors.js';
import { formatShape, type Shape } from '../shape.js';
import type { AttrKind } from './attr-kinds.js';
import type { AttrsOf, InputsOf, OpName } from './signatures.js';

export interface InputSlot {
  name: string;
  optional: boolean;
  /** A variadic input (concat's `xs`). */
  list: boolean;
}

export interface OpSpec<Op extends OpName> {
  name: Op;
  /** One-line meaning, for `--help` and docs. */
  summary: string;
  inputs: readonly InputSlot[];
  defaults: AttrsOf<Op>;
  attrKinds: { [K in keyof AttrsOf<Op>]: AttrKind<AttrsOf<Op>[K]> };
  /** Output shapes; throws ShapeError/AttributeError on inputs that disagree with the spec. */
  infer(shapes: InputsOf<Op, Shape>, attrs: AttrsOf<Op>): Shape[];
}

/** Parses `['x', 'w', 'b?', 'xs*']` into slots. */
export function slots(...names: string[]): InputSlot[] {
  return names.map((n) => ({
    name: n.replace(/[?*]$/, ''),
    optional: n.endsWith('?'),
    list: n.endsWith('*'),
  }));
}

/** Resolves user attributes against the spec: unknown names and bad values throw AttributeError. */
export function resolveAttrs<Op extends OpName>(spec: OpSpec<Op>, given: Record<string, unknown> = {}): AttrsOf<Op> {
  const resolved: Record<string, unknown> = { ...(spec.defaults as Record<string, unknown>) };
  const kinds = spec.attrKinds as Record<string, AttrKind<unknown>>;
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(kinds, name)) {
      const known = Object.keys(kinds);
      throw new AttributeError({
        op: spec.name,
        arg: `attribute '${name}'`,
        expected: known.length ? `one of the attributes ${known.join(', ')}` : 'no attributes',
        actual: `${describeValue(value)}`,
      });
    }
    if (value === undefined) continue;
    resolved[name] = kinds[name](spec.name, name, value);
  }
  return resolved as AttrsOf<Op>;
}

/** Throws a ShapeError unless `shape` has rank `rank` (or one of `rank`). */
export function requireRank(op: string, arg: string, shape: Shape, rank: number | number[], layout: string): void {
  const ranks = Array.isArray(rank) ? rank : [rank];
  if (!ranks.includes(shape.length)) {
    throw new ShapeError({
      op,
      arg: `input '${arg}'`,
      expected: `rank ${ranks.join(' or ')} ${layout}`,
      actual: `shape ${formatShape(shape)}`,
    });
  }
}

/** Throws a ShapeError unless `shape` equals `expected`. */
export function requireShape(op: string, arg: string, shape: Shape, expected: Shape, layout: string): void {
  if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError({
      op,
      arg: `input '${arg}'`,
      expected: `shape ${formatShape(expected)} ${layout}`,
      actual: `shape ${formatShape(shape)}`,
    });
  }
}

export function shapeError(op: string, arg: string, expected: string, actual: string): never {
  throw new ShapeError({ op, arg, expected, actual });
}

export function attributeError(op: string, arg: string, expected: string, actual: unknown): never {
  throw new AttributeError({ op, arg: `attribute '${arg}'`, expected, actual: describeValue(actual) });
}

/** Checks an axis against a rank (AttributeError) and returns it normalised to `[0, rank)`. */
export function checkAxis(op: string, name: string, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) attributeError(op, name, `an axis in [${-rank}, ${rank})`, axis);
  return axis < 0 ? axis + rank : axis;
}
