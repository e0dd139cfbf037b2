import { DcnnError, formatShape, type Shape } from '@dcnn/core';
import { buildModel, countModel, isModelName, modelNames, modelOptions, models, type BuildOptions, type ModelCount, type ModelName } from '@dcnn/layers';
import { UsageError, intFlag, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';

/** The model flags `summary` and `run` share. */
export const modelFlags = {
  width: { value: 'W', description: 'MobileNetV2 width multiplier (default 1)' },
  kernels: { value: 'K', description: 'kernels/experts of a dynamic variant (default: dy 4, condconv 8, od 1)' },
  size: { value: 'N', description: 'input height and width (default: 28 for dynamic-convnet, else 224)' },
} as const;

export interface ModelChoice {
  name: ModelName;
  options: BuildOptions;
  size: number;
}

/** Reads `<model> [--width W] [--kernels K] [--size N]`. */
export function modelChoice(args: ParsedArgs, command: string): ModelChoice {
  const [name, ...extra] = args.positionals;
  if (!name) throw new UsageError(`${command} needs a model: ${modelNames.join(', ')}`);
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (!isModelName(name)) throw new UsageError(`unknown model ${JSON.stringify(name)} (known: ${modelNames.join(', ')})`);
  const options: BuildOptions = {};
  const entry = models[name];
  const takes = modelOptions(name);
  const rawWidth = args.flags.width;
  if (rawWidth !== undefined) {
    const width = Number(rawWidth);
    if (typeof rawWidth !== 'string' || !Number.isFinite(width) || !(width > 0)) throw new UsageError(`--width must be a positive number, got ${JSON.stringify(rawWidth)}`);
    if (!takes.width) throw new UsageError(`--width applies to the MobileNetV2 models only, not ${name} (got ${JSON.stringify(rawWidth)})`);
    options.width = width;
  }
  if (args.flags.kernels !== undefined) {
    options.kernels = intFlag(args.flags, 'kernels', 1);
    if (!takes.kernels) throw new UsageError(`--kernels applies to the dynamic variants only (dy-, condconv-, od-), not ${name} (got ${JSON.stringify(args.flags.kernels)})`);
  }
  const size = intFlag(args.flags, 'size', entry.inputSize);
  return { name, options, size };
}

/**
 * Counts `model` on `shape`; a ShapeError there (an input too small for the network's strides
 * and pools) becomes a usage error naming --size when the size came from that flag.
 */
export function countFor(model: ReturnType<typeof buildModel>, choice: ModelChoice, shape: Shape, args: ParsedArgs): ModelCount {
  try {
    return countModel(model, shape);
  } catch (error) {
    if (args.flags.size === undefined || !DcnnError.isDcnnError(error) || error.name !== 'ShapeError') throw error;
    throw new UsageError(`--size ${choice.size} is too small for ${choice.name}: ${error.message}`);
  }
}

function millions(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(3)}G` : `${(n / 1e6).toFixed(2)}M`;
}

export const summaryCommand: Command = {
  name: 'summary',
  summary: 'Layers, parameters and MACs of a model, counted without running it.',
  positionals: 1,
  usage: `summary <model> [--width W] [--kernels K] [--size N] [--json]   (models: ${modelNames.join(', ')})`,
  flags: {
    ...modelFlags,
    json: { boolean: true, description: 'print {"model", "params", "macs"} as JSON' },
  },
  async run(args, io) {
    const choice = modelChoice(args, 'summary');
    const { name, options, size } = choice;
    const model = buildModel(name, options);
    const count = countFor(model, choice, [1, 3, size, size], args);
    if (args.flags.json) {
      io.out(JSON.stringify({ model: name, params: count.params, macs: count.macs }));
      return 0;
    }
    const nameWidth = Math.max(5, ...count.rows.map((r) => r.name.length));
    const typeWidth = Math.max(4, ...count.rows.map((r) => r.type.length));
    io.out(`${'layer'.padEnd(nameWidth)}  ${'type'.padEnd(typeWidth)}  ${'output'.padEnd(18)}  ${'params'.padStart(11)}  ${'MACs'.padStart(13)}`);
    for (const r of count.rows) {
      io.out(`${r.name.padEnd(nameWidth)}  ${r.type.padEnd(typeWidth)}  ${formatShape(r.output).padEnd(18)}  ${r.params.toLocaleString('en-US').padStart(11)}  ${r.macs.toLocaleString('en-US').padStart(13)}`);
    }
    io.out('');
    io.out(`${name}: input ${formatShape([1, 3, size, size])}, output ${formatShape(count.output)}`);
    io.out(`params ${count.params.toLocaleString('en-US')} (${millions(count.params)}), MACs ${count.macs.toLocaleString('en-US')} (${millions(count.macs)})`);
    return 0;
  },
};
