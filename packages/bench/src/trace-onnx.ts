/** A traced dcnn graph as an ONNX graph (opset 17) for onnxruntime-web. */
import type { OnnxGraphSpec, OnnxInitializer, OnnxNode } from './onnx/model.js';
import type { Trace, TraceOp } from './trace.js';

export function traceToOnnx(trace: Trace): OnnxGraphSpec {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  const name = (id: number) => `v${id}`;
  for (const v of trace.values.values()) if (v.data) initializers.push({ name: name(v.id), dims: v.shape, data: v.data });
  let extra = 0;
  const constant = (data: Float32Array | { int64: number[] }, dims: number[]): string => {
    const n = `c${extra++}`;
    initializers.push({ name: n, dims, data });
    return n;
  };
  const tmp = () => `t${extra++}`;
  const relu6Bounds = () => [constant(new Float32Array([0]), []), constant(new Float32Array([6]), [])];
  const activation = (input: string, act: unknown, output: string): void => {
    if (act === 'none' || act === undefined) nodes.push({ op: 'Identity', inputs: [input], outputs: [output] });
    else if (act === 'relu') nodes.push({ op: 'Relu', inputs: [input], outputs: [output] });
    else if (act === 'relu6') nodes.push({ op: 'Clip', inputs: [input, ...relu6Bounds()], outputs: [output] });
    else throw new Error(`no ONNX epilogue for activation ${String(act)}`);
  };
  const shapeOf = (id: number) => trace.values.get(id)!.shape;
  const convAttrs = (op: TraceOp) => ({
    pads: op.attrs.pads as number[], strides: op.attrs.strides as number[], dilations: op.attrs.dilations as number[], group: op.attrs.group as number,
  });
  for (const op of trace.ops) {
    const i = op.inputs as Record<string, number>;
    const out = name(op.outputs[0]);
    switch (op.op) {
      case 'conv2d': {
        const y = tmp();
        nodes.push({ op: 'Conv', inputs: [name(i.x), name(i.w), ...(i.b !== undefined ? [name(i.b)] : [])], outputs: [y], attrs: convAttrs(op) });
        activation(y, op.attrs.activation, out);
        break;
      }
      case 'dynamicConv2d': {
        const [k, m, cg, kh, kw] = shapeOf(i.w);
        const n = shapeOf(i.x)[0];
        if (n !== 1) throw new Error('the traced models run batch 1');
        const w = tmp(), wr = tmp(), y = tmp();
        nodes.push({ op: 'Reshape', inputs: [name(i.w), constant({ int64: [k, m * cg * kh * kw] }, [2])], outputs: [w] });
        const agg = tmp();
        nodes.push({ op: 'MatMul', inputs: [name(i.a), w], outputs: [agg] });
        nodes.push({ op: 'Reshape', inputs: [agg, constant({ int64: [m, cg, kh, kw] }, [4])], outputs: [wr] });
        const inputs = [name(i.x), wr];
        if (i.b !== undefined) {
          const b = tmp(), br = tmp();
          nodes.push({ op: 'MatMul', inputs: [name(i.a), name(i.b)], outputs: [b] });
          nodes.push({ op: 'Reshape', inputs: [b, constant({ int64: [m] }, [1])], outputs: [br] });
          inputs.push(br);
        }
        nodes.push({ op: 'Conv', inputs, outputs: [y], attrs: convAttrs(op) });
        activation(y, op.attrs.activation, out);
        break;
      }
      case 'batchNorm':
        nodes.push({ op: 'BatchNormalization', inputs: ['x', 'scale', 'bias', 'mean', 'var'].map((k) => name(i[k])), outputs: [out], attrs: { epsilon: { float: op.attrs.epsilon as number } } });
        break;
      case 'relu':
      case 'relu6':
        activation(name(i.x), op.op, out);
        break;
      case 'add':
        nodes.push({ op: 'Add', inputs: [name(i.a), name(i.b)], outputs: [out] });
        break;
      case 'globalAvgPool':
        nodes.push({ op: 'GlobalAveragePool', inputs: [name(i.x)], outputs: [out] });
        break;
      case 'reshape':
        nodes.push({ op: 'Reshape', inputs: [name(i.x), constant({ int64: op.attrs.shape as number[] }, [(op.attrs.shape as number[]).length])], outputs: [out] });
        break;
      case 'softmax': {
        const t = op.attrs.temperature as number;
        let x = name(i.x);
        if (t !== 1) {
          const d = tmp();
          nodes.push({ op: 'Div', inputs: [x, constant(new Float32Array([t]), [])], outputs: [d] });
          x = d;
        }
        nodes.push({ op: 'Softmax', inputs: [x], outputs: [out], attrs: { axis: op.attrs.axis as number } });
        break;
      }
      case 'dense': {
        const y = tmp();
        nodes.push({ op: 'Gemm', inputs: [name(i.x), name(i.w), ...(i.b !== undefined ? [name(i.b)] : [])], outputs: [y], attrs: { transB: 1 } });
        activation(y, op.attrs.activation, out);
        break;
      }
      default:
        throw new Error(`no ONNX mapping for ${op.op}`);
    }
  }
  // Only initializers some node reads (folding leaves the original weights behind).
  const used = new Set(nodes.flatMap((n) => n.inputs));
  return {
    nodes,
    initializers: initializers.filter((t) => used.has(t.name)),
    inputs: [{ name: name(trace.input), dims: shapeOf(trace.input) }],
    outputs: [{ name: name(trace.output), dims: shapeOf(trace.output) }],
  };
}
