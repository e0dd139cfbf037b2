import { readFile } from 'node:fs/promises';
import { DcnnError, formatShape, ops, tensor, type AnyBackend, type Shape, type Tensor } from '@dcnn/core';
import {
  Rng, buildModel, calibrateBatchNorm, countModel, fuseForInference, loadSafetensors, loadWeights, modelNames, type ModelCount, type SafetensorsFile,
} from '@dcnn/layers';
import { CliError, MAX_SEED, UsageError, intFlag, stringFlag } from '../args.js';
import { backendFlag, createRegistry } from '../backends.js';
import type { Command } from '../command.js';
import { MAX_VALUES, checkParameters, tensorOverLimit } from '../size-limits.js';
import { pathFlag } from '../user-path.js';
import { countFor, modelChoice, modelFlags } from './summary.js';

async function readBytes(flag: string, file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Reads a safetensors file; a malformed one is an error naming the flag and the file. */
async function readSafetensors(flag: string, file: string): Promise<SafetensorsFile> {
  const bytes = await readBytes(flag, file);
  try {
    return loadSafetensors(bytes);
  } catch (error) {
    if (!DcnnError.isDcnnError(error)) throw error;
    throw new CliError(`${flag} ${file}: not a valid safetensors file: ${error.name}: ${error.message}`);
  }
}

/** The input tensor of `--input`: the only tensor of the file, or the one named `input`, as [N,C,H,W]. */
function inputOf(file: string, parsed: SafetensorsFile): { shape: Shape; data: Float32Array } {
  const { tensors } = parsed;
  const chosen = tensors.get('input') ?? (tensors.size === 1 ? [...tensors.values()][0] : undefined);
  if (!chosen) throw new CliError(`--input ${file}: expected one tensor, or one named 'input', got ${tensors.size} tensors${tensors.size ? `: ${[...tensors.keys()].join(', ')}` : ''}`);
  const shape = chosen.shape.length === 3 ? [1, ...chosen.shape] : chosen.shape;
  if (shape.length !== 4) throw new CliError(`--input ${file}: expected a [C,H,W] or [N,C,H,W] tensor, got ${formatShape(chosen.shape)}`);
  return { shape, data: chosen.data };
}

/** Seeded standard-normal noise of `shape`; an input too large to allocate names --size. */
function noise(shape: Shape, seed: number): Float32Array {
  let data: Float32Array;
  try {
    data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  } catch (error) {
    throw new CliError(`--size ${shape[3]}: an input of ${formatShape(shape)} is too large to allocate (${(error as Error).message})`);
  }
  const rng = new Rng(seed);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return data;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'One inference of a model (seeded random weights and input by default): top-5 and timing.',
  positionals: 1,
  usage:
    `run <model> [--backend NAME] [--weights FILE] [--input FILE] [--size N] [--width W] [--kernels K] [--seed S] [--fuse]   (models: ${modelNames.join(', ')})\n\n` +
    `Before anything is allocated, a model over ${MAX_VALUES.toLocaleString('en-US')} parameters (2^28, 1 GiB of float32; --width, --kernels) is\n` +
    'refused, and so is an input whose largest tensor (the input or a layer output) would hold more values (--size, --input).',
  flags: {
    backend: { value: 'NAME', description: 'backend to run on (default: the best available)' },
    weights: { value: 'FILE', description: 'safetensors weights, by PyTorch state_dict name' },
    input: { value: 'FILE', description: "safetensors file with the input tensor ([C,H,W] or [N,C,H,W]; the only one, or 'input'); its shape replaces --size" },
    ...modelFlags,
    seed: { value: 'S', description: `seed of the random weights and input, 0 to ${MAX_SEED} (default 0)` },
    fuse: { boolean: true, description: 'fold batch norms and activations into the convs before running (fuseForInference)' },
  },
  async run(args, io) {
    const choice = modelChoice(args, 'run');
    const { name, options, size } = choice;
    const seed = intFlag(args.flags, 'seed', 0, 0, MAX_SEED);
    const registry = createRegistry();
    const backendName = backendFlag(registry, args.flags);
    const inputFile = pathFlag(args.flags, 'input');
    if (inputFile !== undefined && args.flags.size !== undefined) {
      throw new UsageError(`--size sets the size of the seeded input; with --input ${inputFile} the file's tensor is the input (drop one of them)`);
    }
    // Declared only (shapes, nothing allocated): an absurd size is refused before any file is read.
    const declared = buildModel(name, options);
    checkParameters(name, declared.parameterCount(), args.flags);
    const weightsFile = pathFlag(args.flags, 'weights');
    // Everything the user gave is read and checked before a backend starts.
    const weights = weightsFile === undefined ? undefined : await readSafetensors('--weights', weightsFile);
    const given = inputFile === undefined ? undefined : inputOf(inputFile, await readSafetensors('--input', inputFile));
    const shape: Shape = given?.shape ?? [1, 3, size, size];
    let count: ModelCount;
    if (given) {
      try {
        count = countModel(declared, shape);
      } catch (error) {
        if (!DcnnError.isDcnnError(error)) throw error;
        throw new CliError(`--input ${inputFile}: a ${formatShape(shape)} input does not fit ${name} (it takes [N,3,H,W]): ${error.name}: ${error.message}`);
      }
    } else {
      count = countFor(declared, choice, shape, args);
    }
    const over = tensorOverLimit(name, count, shape);
    if (over) throw given ? new CliError(`--input ${inputFile}: ${over}`) : new UsageError(`--size ${size}: ${over}`);
    const inputData = given?.data ?? noise(shape, seed + 1);
    const backend = await registry.create(backendName);
    let model: ReturnType<typeof buildModel> | undefined;
    let x: Tensor | undefined;
    try {
      let t = performance.now();
      model = buildModel(name, { ...options, backend, seed });
      if (weights) {
        try {
          loadWeights(model, weights);
        } catch (error) {
          if (!DcnnError.isDcnnError(error)) throw error;
          throw new CliError(`--weights ${weightsFile}: does not fit ${name}: ${error.name}: ${error.message}`);
        }
      }
      const buildMs = performance.now() - t;
      x = tensor(backend, inputData, shape);
      // Random weights with identity BN statistics drift in scale layer after layer; estimating the
      // statistics on the input keeps the seeded model's outputs informative.
      if (!weights) calibrateBatchNorm(model, x);
      // The model's own count (PyTorch's, as `summary` and the docs give it), before fusion
      // trades each folded batch norm's parameters for a conv bias.
      const params = model.parameterCount();
      const fused = args.flags.fuse ? await fuseForInference(model) : undefined;
      const infer = async (m: NonNullable<typeof model>, input: Tensor): Promise<[Float32Array, number]> => {
        const start = performance.now();
        const logits = m.forward(input);
        const probs = ops.softmax({ x: logits }, { axis: -1 });
        const data = await probs.data();
        logits.dispose();
        probs.dispose();
        return [data, performance.now() - start];
      };
      const [probs, firstMs] = await infer(model, x);
      const [, warmMs] = await infer(model, x);
      t = performance.now() - t;
      const classes = probs.length / x.shape[0];
      const top = [...probs.subarray(0, classes)].map((p, i) => [i, p] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
      io.out(`${name} on ${backend.name}: input ${formatShape(x.shape)}, ${params.toLocaleString('en-US')} params, ${weightsFile ? `weights ${weightsFile}` : `seeded weights (seed ${seed}), batch norms calibrated on the input`}`);
      if (fused) io.out(`fused for inference: ${fused.batchNorms} batch norms and ${fused.activations} activations folded into the convs`);
      io.out('top-5 (class: probability):');
      for (const [i, p] of top) io.out(`  ${String(i).padStart(5)}: ${p.toFixed(6)}`);
      io.out(`timing: build ${buildMs.toFixed(1)} ms, first run ${firstMs.toFixed(1)} ms, warm run ${warmMs.toFixed(1)} ms`);
      return 0;
    } finally {
      x?.dispose();
      model?.dispose();
      backend.dispose();
    }
  },
};
