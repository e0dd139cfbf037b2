/**
 * Inference folding on a traced graph, applied before any implementation runs it, so dcnn and
 * the peers run the same network: a batchNorm whose only input is a conv2d (or a DyConv
 * dynamicConv2d with softmax attention) is folded into that conv's weights and bias, and a
 * following relu/relu6 becomes the conv's fused activation.
 */
import type { Trace, TraceOp } from './trace.js';

function consumers(trace: Trace): Map<number, number> {
  const count = new Map<number, number>();
  for (const op of trace.ops) {
    for (const v of Object.values(op.inputs)) for (const id of [v].flat()) count.set(id, (count.get(id) ?? 0) + 1);
  }
  count.set(trace.output, (count.get(trace.output) ?? 0) + 1);
  return count;
}

function producerMap(trace: Trace): Map<number, TraceOp> {
  const map = new Map<number, TraceOp>();
  for (const op of trace.ops) for (const o of op.outputs) map.set(o, op);
  return map;
}

/** Scales output channel m of weights `[.., M, rest]` by s[m] (a new array). */
function scaleRows(w: Float32Array, groups: number, m: number, scale: Float64Array): Float32Array {
  const rest = w.length / groups / m;
  const out = new Float32Array(w.length);
  for (let g = 0; g < groups; g++) {
    for (let r = 0; r < m; r++) for (let i = 0; i < rest; i++) out[(g * m + r) * rest + i] = w[(g * m + r) * rest + i] * scale[r];
  }
  return out;
}

export function foldTrace(trace: Trace): Trace {
  const uses = consumers(trace);
  const producer = producerMap(trace);
  const values = new Map(trace.values);
  const ops: TraceOp[] = [];
  const rename = new Map<number, number>();
  let nextId = Math.max(...values.keys()) + 1;
  const constant = (data: Float32Array, shape: number[]): number => {
    const id = nextId++;
    values.set(id, { id, shape, data });
    return id;
  };
  const data = (id: number) => values.get(id)?.data;

  for (const op of trace.ops) {
    const inputs = Object.fromEntries(Object.entries(op.inputs).map(([k, v]) => [k, Array.isArray(v) ? v.map((i) => rename.get(i) ?? i) : (rename.get(v) ?? v)]));
    const prev = ops[ops.length - 1];
    const x = inputs.x as number | undefined;
    const foldable =
      prev && x !== undefined && prev.outputs[0] === x && uses.get(op.inputs.x as number) === 1 && prev.attrs.activation === 'none';
    if (op.op === 'batchNorm' && foldable && (prev.op === 'conv2d' || prev.op === 'dynamicConv2d')) {
      const [scale, bias, mean, variance] = ['scale', 'bias', 'mean', 'var'].map((k) => data(inputs[k] as number));
      const w = data(prev.inputs.w as number);
      const wShape = values.get(prev.inputs.w as number)!.shape;
      const dynamic = prev.op === 'dynamicConv2d';
      const attention = dynamic ? producer.get(prev.inputs.a as number) : undefined;
      const perSampleBias = prev.inputs.b !== undefined && values.get(prev.inputs.b as number)!.shape.length === 2 && !dynamic;
      const plainBias = prev.inputs.b === undefined || data(prev.inputs.b as number) !== undefined;
      if (scale && bias && mean && variance && w && plainBias && !perSampleBias && (!dynamic || (attention?.op === 'softmax' && !prev.inputs.spatialAttn && !prev.inputs.channelAttn && !prev.inputs.filterAttn))) {
        const eps = op.attrs.epsilon as number;
        const m = scale.length;
        const s = Float64Array.from(scale, (v, i) => v / Math.sqrt(variance[i] + eps));
        const experts = dynamic ? wShape[0] : 1;
        prev.inputs.w = constant(scaleRows(w, experts, m, s), wShape);
        const oldBias = prev.inputs.b !== undefined ? data(prev.inputs.b as number)! : new Float32Array(experts * m);
        // Bias per expert: softmax weights sum to 1, so each expert carries the whole shift.
        const b = new Float32Array(experts * m);
        for (let e = 0; e < experts; e++) for (let r = 0; r < m; r++) b[e * m + r] = (oldBias[e * m + r] - mean[r]) * s[r] + bias[r];
        prev.inputs.b = constant(b, dynamic ? [experts, m] : [m]);
        rename.set(op.outputs[0], prev.outputs[0]);
        continue;
      }
    }
    if ((op.op === 'relu' || op.op === 'relu6') && foldable && ['conv2d', 'dynamicConv2d', 'dense'].includes(prev.op)) {
      prev.attrs = { ...prev.attrs, activation: op.op };
      rename.set(op.outputs[0], prev.outputs[0]);
      continue;
    }
    ops.push({ ...op, inputs, attrs: { ...op.attrs } });
  }
  return { values, ops, input: trace.input, output: rename.get(trace.output) ?? trace.output };
}
