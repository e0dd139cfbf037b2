import { describe, expect, it } from 'vitest';
import { createReferenceBackend, liveTensorCount, ops, tensor, type Backend, type KernelMap } from '@dcnn/core';
import { buildModel } from '@dcnn/layers';
import { randomData } from '../src/data.js';
import { lastUses, traceModel, type Trace } from '../src/trace.js';
import { dcnnProgram } from '../src/trace-dcnn.js';
import { loadTfjs } from '../src/peers/tfjs.js';
import { tfjsProgram } from '../src/trace-tfjs.js';

// x → a = relu(x); [s0, s1] = split(a); b = relu(s0); y = add(b, one) → y (s1 is never read).
const splitGraph = (): Trace => ({
  values: new Map([
    [0, { id: 0, shape: [1, 4, 2, 2] }],
    [1, { id: 1, shape: [1, 4, 2, 2] }],
    [2, { id: 2, shape: [1, 2, 2, 2] }],
    [3, { id: 3, shape: [1, 2, 2, 2] }],
    [4, { id: 4, shape: [1, 2, 2, 2] }],
    [5, { id: 5, shape: [1, 2, 2, 2], data: new Float32Array(8).fill(1) }],
    [6, { id: 6, shape: [1, 2, 2, 2] }],
  ]),
  ops: [
    { op: 'relu', inputs: { x: 0 }, attrs: {}, outputs: [1] },
    { op: 'split', inputs: { x: 1 }, attrs: { axis: 1, sizes: [2, 2] }, outputs: [2, 3] },
    { op: 'relu', inputs: { x: 2 }, attrs: {}, outputs: [4] },
    { op: 'add', inputs: { a: 4, b: 5 }, attrs: {}, outputs: [6] },
  ],
  input: 0,
  output: 6,
});

describe('lastUses', () => {
  it('lists each intermediate once, after the last op that reads it (or makes it, when none does)', () => {
    expect(lastUses(splitGraph())).toEqual([[], [1, 3], [2], [4]]);
  });

  it('lists every op output of a model but the graph output, and never a constant or the input', () => {
    const trace = traceModel((b) => buildModel('mobilenetv2', { backend: b, seed: 1 }), [1, 3, 32, 32]);
    const listed = lastUses(trace).flat();
    expect(new Set(listed).size).toBe(listed.length);
    const produced = trace.ops.flatMap((o) => o.outputs).filter((id) => id !== trace.output);
    expect(new Set(listed)).toEqual(new Set(produced));
    for (const id of listed) expect(trace.values.get(id)?.data).toBeUndefined();
  });
});

/** The reference backend, logging each kernel call and each free in order. */
function loggingBackend(log: string[]): Backend {
  const ref = createReferenceBackend();
  const kernels = Object.fromEntries(
    Object.entries(ref.kernels).map(([name, kernel]) => [name, (...args: unknown[]) => (log.push(name), (kernel as (...a: unknown[]) => unknown)(...args))]),
  );
  return { ...ref, name: 'logging', kernels: kernels as unknown as KernelMap<unknown>, free: (h: unknown) => (log.push('free'), ref.free(h as never)) } as Backend;
}

describe('trace runners free each intermediate after its last reader', () => {
  it('dcnn: frees between the ops, leaves only the output, and computes the same result', async () => {
    const log: string[] = [];
    const backend = loggingBackend(log);
    const program = dcnnProgram(backend, splitGraph());
    const x = tensor(backend, randomData(16, 3), [1, 4, 2, 2]);
    const live = liveTensorCount(backend);
    log.length = 0;
    const y = program.run(x);
    expect(log).toEqual(['relu', 'split', 'free', 'free', 'relu', 'free', 'add', 'free']);
    expect(liveTensorCount(backend)).toBe(live + 1);
    const one = tensor(backend, new Float32Array(8).fill(1), [1, 2, 2, 2]);
    const [s0] = ops.split({ x: ops.relu({ x }) }, { axis: 1, sizes: [2, 2] });
    expect(await y.data()).toEqual(await ops.add({ a: ops.relu({ x: s0 }), b: one }).data());
    program.dispose();
  });

  it('tfjs: holds at most two intermediates at a time, and leaves only its output', async () => {
    const tf = await loadTfjs();
    // x → relu → relu → ... (8 in a chain): each intermediate is read by the next op only.
    const shape = [1, 8, 64, 64];
    const size = 4 * 8 * 64 * 64;
    const chain: Trace = {
      values: new Map(Array.from({ length: 9 }, (_, id) => [id, { id, shape }])),
      ops: Array.from({ length: 8 }, (_, k) => ({ op: 'relu', inputs: { x: k }, attrs: {}, outputs: [k + 1] })),
      input: 0,
      output: 8,
    };
    const program = tfjsProgram(tf, chain);
    const x = tf.randomNormal([1, 64, 64, 8]);
    const before = tf.memory().numTensors;
    const bytesBefore = tf.memory().numBytes;
    let y: ReturnType<typeof program.run> | undefined;
    const profile = await tf.profile(() => {
      y = program.run(x);
    });
    // Peak bytes over the recorded kernels (-Infinity when none were recorded: check they were).
    expect(profile.kernels.length).toBeGreaterThan(0);
    expect(profile.peakBytes - bytesBefore).toBeLessThanOrEqual(2 * size);
    expect(tf.memory().numTensors).toBe(before + 1);
    y!.dispose();
    x.dispose();
    program.dispose();
  });
});
