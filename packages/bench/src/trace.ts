/**
 * Recording a model as a graph: a backend whose kernels compute nothing and record each op
 * (name, input handles, resolved attributes, output shapes), and whose uploads record constant
 * data. Running a dcnn model on it once yields the graph the peers rebuild in their own ops.
 */
import { BACKEND_SPEC_VERSION, opNames, tensor, type Backend, type KernelMap, type Tensor } from '@dcnn/core';

export interface TraceValue {
  id: number;
  shape: number[];
  /** Data of uploaded constants (weights); undefined for op outputs and the graph input. */
  data?: Float32Array;
}

export interface TraceOp {
  op: string;
  /** Input name → value id (a list for concat's `xs`). */
  inputs: Record<string, number | number[]>;
  attrs: Record<string, unknown>;
  outputs: number[];
}

export interface Trace {
  values: Map<number, TraceValue>;
  ops: TraceOp[];
  input: number;
  output: number;
}

type H = { id: number };

export function createTraceBackend(): { backend: Backend<H>; values: Map<number, TraceValue>; ops: TraceOp[] } {
  const values = new Map<number, TraceValue>();
  const ops: TraceOp[] = [];
  let next = 0;
  const value = (shape: readonly number[], data?: Float32Array): H => {
    const id = next++;
    values.set(id, { id, shape: [...shape], data });
    return { id };
  };
  const kernels: Record<string, unknown> = {};
  for (const name of opNames) {
    kernels[name] = (inputs: Record<string, { handle: H } | { handle: H }[] | undefined>, attrs: Record<string, unknown>, outShapes: number[][]) => {
      const ids: Record<string, number | number[]> = {};
      for (const [k, v] of Object.entries(inputs)) {
        if (v === undefined) continue;
        ids[k] = Array.isArray(v) ? v.map((t) => t.handle.id) : v.handle.id;
      }
      const outs = outShapes.map((s) => value(s));
      ops.push({ op: name, inputs: ids, attrs, outputs: outs.map((o) => o.id) });
      return name === 'split' ? outs : outs[0];
    };
  }
  const backend: Backend<H> = {
    specificationVersion: BACKEND_SPEC_VERSION,
    name: 'trace',
    precision: 'float32-cpu',
    kernels: kernels as KernelMap<H>,
    upload: (data, shape) => value(shape, Float32Array.from(data)),
    read: async () => new Float32Array(0),
    free: () => {},
    dispose: () => {},
  };
  return { backend, values, ops };
}

/** Records `forward` on an input of `shape` (weights are created inside `build`). */
export function traceModel(build: (backend: Backend<H>) => { forward(x: Tensor): Tensor }, shape: number[]): Trace {
  const { backend, values, ops } = createTraceBackend();
  const model = build(backend);
  const x = tensor(backend, new Float32Array(shape.reduce((p, d) => p * d, 1)), shape);
  const inputId = (x.handle() as H).id;
  values.get(inputId)!.data = undefined;
  const y = model.forward(x);
  return { values, ops, input: inputId, output: (y.handle() as H).id };
}

/**
 * For each op of `trace` (by index), the op outputs no later op reads: a runner disposes them
 * right after that op, as a graph runtime's memory planner would (onnxruntime-web plans its
 * buffers so), instead of holding every intermediate until the end of the pass. Freed blocks
 * are then reused by later ops while still in cache: mobilenetv2 on the wasm backend ran 1-2%
 * faster at one thread and 3-10% at two (docs/backend-wasm.md). Constants, the graph input and
 * the graph output are never listed.
 */
export function lastUses(trace: Trace): number[][] {
  const last = new Map<number, number>();
  trace.ops.forEach((op, k) => {
    for (const id of op.outputs) last.set(id, k);
    for (const v of Object.values(op.inputs)) for (const id of [v].flat()) last.set(id, k);
  });
  const dead = trace.ops.map((): number[] => []);
  for (const [id, k] of last) {
    if (id === trace.input || id === trace.output || trace.values.get(id)?.data) continue;
    dead[k].push(id);
  }
  return dead;
}
