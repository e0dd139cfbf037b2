/**
 * What `dcnn run` refuses to allocate, judged on the declared model (shapes only, nothing
 * allocated) before any weight or input exists: `--width 1000` asked for 2·10^12 parameters and
 * ran out of memory instead of saying so.
 *
 * One budget, 2^28 float32 values (1 GiB), for the weights together and for the largest single
 * tensor (the input or a layer's output). It is about 6× the largest model at its defaults
 * (dy-resnet18, 44.9M parameters) and 160× the largest tensor at the default sizes (1.6M
 * values), and still fits the float64 reference backend (2 GiB at the cap) on a 16 GiB machine.
 */
import { formatShape, sizeOf, type Shape } from '@dcnn/core';
import type { ModelCount } from '@dcnn/layers';
import { UsageError, type ParsedArgs } from './args.js';

export const MAX_VALUES = 2 ** 28;

const LIMIT = `${MAX_VALUES.toLocaleString('en-US')} (2^28 values, 1 GiB of float32)`;

/** `--width 1e300` gives an infinite count: "Infinity", not toLocaleString's "∞". */
const figure = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : String(n));

/** Throws a UsageError naming --width/--kernels when `params` is over the budget. */
export function checkParameters(model: string, params: number, flags: ParsedArgs['flags']): void {
  if (params <= MAX_VALUES) return;
  const given = ['width', 'kernels'].filter((f) => flags[f] !== undefined).map((f) => `--${f} ${String(flags[f])}`);
  throw new UsageError(`${given.join(' ') || model}: ${model} would have ${figure(params)} parameters, over the limit of ${LIMIT}`);
}

/**
 * Why a forward pass on `input` is over the budget (its largest tensor, by the count's layer
 * outputs), or undefined when it is not. The caller names the flag the input came from.
 */
export function tensorOverLimit(model: string, count: ModelCount, input: Shape): string | undefined {
  let largest = { where: 'the input', shape: input };
  for (const row of count.rows) if (sizeOf(row.output) > sizeOf(largest.shape)) largest = { where: row.name, shape: row.output };
  const values = sizeOf(largest.shape);
  if (values <= MAX_VALUES) return undefined;
  return `the largest tensor of ${model} would be ${formatShape(largest.shape)} at ${largest.where}, ${figure(values)} values, over the limit of ${LIMIT}`;
}
