import { readFile } from 'node:fs/promises';
import { ShapeError, formatShape, ops, tensor, type AnyBackend, type Tensor } from '@dcnn/core';
import { Rng, buildModel, calibrateBatchNorm, loadSafetensors, loadWeights, modelNames } from '@dcnn/layers';
import { UsageError, intFlag, stringFlag } from '../args.js';
import { createRegistry } from '../backends.js';
import type { Command } from '../command.js';
import { modelChoice, modelFlags } from './summary.js';

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The input: the only tensor (or the one named `input`) of a safetensors file, or seeded noise. */
async function makeInput(backend: AnyBackend, file: string | undefined, size: number, seed: number): Promise<Tensor> {
  if (!file) {
    const rng = new Rng(seed);
    const data = new Float32Array(3 * size * size);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    return tensor(backend, data, [1, 3, size, size]);
  }
  const { tensors } = loadSafetensors(await readBytes(file));
  const chosen = tensors.get('input') ?? (tensors.size === 1 ? [...tensors.values()][0] : undefined);
  if (!chosen) throw new ShapeError({ op: 'run', arg: `--input ${file}`, expected: "one tensor, or one named 'input'", actual: `${tensors.size} tensors: ${[...tensors.keys()].join(', ')}` });
  const shape = chosen.shape.length === 3 ? [1, ...chosen.shape] : chosen.shape;
  if (shape.length !== 4) throw new ShapeError({ op: 'run', arg: `--input ${file}`, expected: 'a [C,H,W] or [N,C,H,W] tensor', actual: formatShape(chosen.shape) });
  return tensor(backend, chosen.data, shape);
}

export const runCommand: Command = {
  name: 'run',
  summary: 'One inference of a model (seeded random weights and input by default): top-5 and timing.',
  positionals: 1,
  usage: `run <model> [--backend NAME] [--weights FILE] [--input FILE] [--size N] [--width W] [--kernels K] [--seed S]   (models: ${modelNames.join(', ')})`,
  flags: {
    backend: { value: 'NAME', description: 'backend to run on (default: the best available)' },
    weights: { value: 'FILE', description: 'safetensors weights, by PyTorch state_dict name' },
    input: { value: 'FILE', description: "safetensors file with the input tensor ([C,H,W] or [N,C,H,W]; the only one, or 'input')" },
    ...modelFlags,
    seed: { value: 'S', description: 'seed of the random weights and input (default 0)' },
  },
  async run(args, io) {
    const { name, options, size } = modelChoice(args, 'run');
    const seed = intFlag(args.flags, 'seed', 0, 0);
    const weightsFile = stringFlag(args.flags, 'weights');
    const weights = weightsFile ? await readBytes(weightsFile) : undefined;
    const backend = await createRegistry().create(stringFlag(args.flags, 'backend'));
    try {
      let t = performance.now();
      const model = buildModel(name, { ...options, backend, seed });
      if (weights) loadWeights(model, weights);
      const buildMs = performance.now() - t;
      const x = await makeInput(backend, stringFlag(args.flags, 'input'), size, seed + 1);
      // Random weights with identity BN statistics drift in scale layer after layer; estimating the
      // statistics on the input keeps the seeded model's outputs informative.
      if (!weights) calibrateBatchNorm(model, x);
      const infer = async (): Promise<[Float32Array, number]> => {
        const start = performance.now();
        const logits = model.forward(x);
        const probs = ops.softmax({ x: logits }, { axis: -1 });
        const data = await probs.data();
        logits.dispose();
        probs.dispose();
        return [data, performance.now() - start];
      };
      const [probs, firstMs] = await infer();
      const [, warmMs] = await infer();
      t = performance.now() - t;
      const classes = probs.length / x.shape[0];
      const top = [...probs.subarray(0, classes)].map((p, i) => [i, p] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
      io.out(`${name} on ${backend.name}: input ${formatShape(x.shape)}, ${model.parameterCount().toLocaleString('en-US')} params, ${weightsFile ? `weights ${weightsFile}` : `seeded weights (seed ${seed}), batch norms calibrated on the input`}`);
      io.out('top-5 (class: probability):');
      for (const [i, p] of top) io.out(`  ${String(i).padStart(5)}: ${p.toFixed(6)}`);
      io.out(`timing: build ${buildMs.toFixed(1)} ms, first run ${firstMs.toFixed(1)} ms, warm run ${warmMs.toFixed(1)} ms`);
      x.dispose();
      model.dispose();
      return 0;
    } finally {
      backend.dispose();
    }
  },
};
