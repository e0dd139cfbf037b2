/**
 * Running a traced graph on a dcnn backend: constants uploaded once, ops through `runOp`, each
 * intermediate disposed after the last op that reads it.
 */
import { runOp, scope, tensor, type AnyBackend, type OpName, type Tensor } from '@dcnn/core';
import { lastUses, type Trace } from './trace.js';

export interface TraceProgram {
  run(x: Tensor): Tensor;
  dispose(): void;
}

export function dcnnProgram(backend: AnyBackend, trace: Trace): TraceProgram {
  // Values live in an array indexed by value id, the constants filled in once: a pass writes
  // only its own values, so it needs no copy of the constants (the per-pass JavaScript is part
  // of what the bench times, and it does not split across threads).
  const values: (Tensor | undefined)[] = [];
  const constants: Tensor[] = [];
  for (const v of trace.values.values()) if (v.data) constants.push((values[v.id] = tensor(backend, v.data, v.shape)));
  const dead = lastUses(trace);
  const plans = trace.ops.map((op) => ({ op: op.op as OpName, attrs: op.attrs as never, inputs: Object.entries(op.inputs), outputs: op.outputs }));
  const get = (id: number): Tensor => values[id]!;
  return {
    run: (x) =>
      scope(() => {
        values[trace.input] = x;
        plans.forEach((plan, k) => {
          const inputs: Record<string, Tensor | Tensor[]> = {};
          for (const [name, v] of plan.inputs) inputs[name] = Array.isArray(v) ? v.map(get) : get(v);
          const out = runOp(plan.op, inputs as never, plan.attrs) as Tensor | Tensor[];
          if (Array.isArray(out)) out.forEach((t, i) => (values[plan.outputs[i]] = t));
          else values[plan.outputs[0]] = out;
          for (const id of dead[k]) {
            get(id).dispose();
            values[id] = undefined;
          }
        });
        const y = get(trace.output);
        values[trace.input] = undefined;
        if (!trace.values.get(trace.output)?.data) values[trace.output] = undefined;
        return y;
      }),
    dispose: () => constants.forEach((t) => t.dispose()),
  };
}
