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
  const constants = new Map<number, Tensor>();
  const dead = lastUses(trace);
  for (const v of trace.values.values()) if (v.data) constants.set(v.id, tensor(backend, v.data, v.shape));
  return {
    run: (x) =>
      scope(() => {
        const env = new Map<number, Tensor>(constants);
        env.set(trace.input, x);
        trace.ops.forEach((op, k) => {
          const inputs: Record<string, Tensor | Tensor[]> = {};
          for (const [name, v] of Object.entries(op.inputs)) inputs[name] = Array.isArray(v) ? v.map((i) => env.get(i)!) : env.get(v)!;
          const out = runOp(op.op as OpName, inputs as never, op.attrs as never) as Tensor | Tensor[];
          [out].flat().forEach((t, i) => env.set(op.outputs[i], t));
          for (const id of dead[k]) env.get(id)!.dispose();
        });
        return env.get(trace.output)!;
      }),
    dispose: () => constants.forEach((t) => t.dispose()),
  };
}
