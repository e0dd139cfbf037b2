/**
 * A traced dcnn graph on tfjs ops (NHWC): weights are re-laid out once at setup (HWIO filters,
 * depthwise [kh, kw, C, 1], the DyConv bank as [K, kh·kw·Cg·M] so its aggregate reshapes to a
 * filter), then each op runs as the tfjs op a user would pick (fused conv with bias and
 * activation where tfjs allows it).
 */
import type { Tensor as TfTensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf } from './peers/tfjs.js';
import { lastUses, type Trace } from './trace.js';

type Act = 'linear' | 'relu' | 'relu6';
const act = (a: unknown): Act => (a === 'relu' || a === 'relu6' ? a : 'linear');

export interface TfjsProgram {
  run(x: TfTensor): TfTensor;
  dispose(): void;
}

export function tfjsProgram(tf: Tf, trace: Trace): TfjsProgram {
  const shapeOf = (id: number) => trace.values.get(id)!.shape;
  const dataOf = (id: number) => trace.values.get(id)!.data!;
  const prepared = new Map<number, TfTensor>();
  const keep = (id: number, t: TfTensor) => (prepared.set(id, t), t);
  const isDepthwise = (op: { attrs: Record<string, unknown> }, wShape: number[]) => (op.attrs.group as number) > 1 && wShape[wShape.length - 3] === 1;

  for (const op of trace.ops) {
    const i = op.inputs as Record<string, number>;
    if (op.op === 'conv2d') {
      const [m, cg, kh, kw] = shapeOf(i.w);
      const w = tf.tensor4d(dataOf(i.w), [m, cg, kh, kw]);
      keep(i.w, isDepthwise(op, shapeOf(i.w)) ? tf.transpose(w, [2, 3, 0, 1]) : tf.transpose(w, [2, 3, 1, 0]));
      w.dispose();
      if ((op.attrs.group as number) > 1 && !isDepthwise(op, shapeOf(i.w))) throw new Error('tfjs has no grouped conv');
    } else if (op.op === 'dynamicConv2d') {
      const [k, m, cg, kh, kw] = shapeOf(i.w);
      const w = tf.tensor5d(dataOf(i.w), [k, m, cg, kh, kw]);
      // Group 1: [K, kh, kw, Cg, M]; depthwise: [K, kh, kw, C, 1] (then M = C, Cg = 1).
      const t = tf.transpose(w, [0, 3, 4, 2, 1]);
      keep(i.w, tf.reshape(t, [k, kh * kw * cg * m]));
      w.dispose();
      t.dispose();
    } else if (op.op === 'dense') {
      // tfjs dense kernels are [in, out] (a Dense layer's layout).
      const w = tf.tensor2d(dataOf(i.w), shapeOf(i.w) as [number, number]);
      keep(i.w, tf.transpose(w));
      w.dispose();
    }
  }
  for (const v of trace.values.values()) if (v.data && !prepared.has(v.id)) keep(v.id, tf.tensor(v.data, v.shape));

  // As in the dcnn runner (trace-dcnn.ts): values in an array by id with the constants filled in
  // once, and each intermediate disposed after its last reader.
  const dead = lastUses(trace);
  const values: (TfTensor | undefined)[] = [];
  prepared.forEach((t, id) => (values[id] = t));
  const get = (id: number): TfTensor => values[id]!;
  const run = (x: TfTensor): TfTensor =>
    tf.tidy(() => {
      values[trace.input] = x;
      for (const [k, op] of trace.ops.entries()) {
        const i = op.inputs as Record<string, number>;
        const a = op.attrs as Record<string, never>;
        let y: TfTensor;
        switch (op.op) {
          case 'conv2d':
          case 'dynamicConv2d': {
            const wShape = shapeOf(i.w);
            const [m, cg, kh, kw] = wShape.slice(-4);
            const depthwise = isDepthwise(op, wShape);
            const pads = a.pads as number[];
            if (pads.some((p) => p !== pads[0])) throw new Error('asymmetric padding');
            const conv = { strides: a.strides as [number, number], pad: pads[0], dilations: a.dilations as [number, number] };
            const xi = get(i.x) as Tensor4D;
            if (op.op === 'conv2d') {
              const bias = i.b !== undefined ? get(i.b) : undefined;
              const filter = get(i.w) as Tensor4D;
              y = depthwise
                ? tf.fused.depthwiseConv2d({ x: xi, filter, ...conv, bias, activation: act(a.activation) })
                : tf.fused.conv2d({ x: xi, filter, ...conv, bias, activation: act(a.activation) });
            } else {
              const filter = tf.reshape(tf.matMul(get(i.a) as Tensor2D, get(i.w) as Tensor2D), depthwise ? [kh, kw, m, 1] : [kh, kw, cg, m]) as Tensor4D;
              y = depthwise ? tf.depthwiseConv2d(xi, filter, conv.strides, conv.pad, 'NHWC', conv.dilations) : tf.conv2d(xi, filter, conv.strides, conv.pad, 'NHWC', conv.dilations);
              // Unfused bias: tfjs' fused conv rejects a bias computed by reshape(matMul(...)).
              if (i.b !== undefined) y = tf.add(y, tf.reshape(tf.matMul(get(i.a) as Tensor2D, get(i.b) as Tensor2D), [m]));
              if (a.activation === 'relu') y = tf.relu(y);
              else if (a.activation === 'relu6') y = tf.relu6(y);
            }
            break;
          }
          case 'batchNorm':
            y = tf.batchNorm(get(i.x), get(i.mean), get(i.var), get(i.bias), get(i.scale), a.epsilon);
            break;
          case 'relu':
            y = tf.relu(get(i.x));
            break;
          case 'relu6':
            y = tf.relu6(get(i.x));
            break;
          case 'add':
            y = tf.add(get(i.a), get(i.b));
            break;
          case 'globalAvgPool':
            y = tf.mean(get(i.x), [1, 2], true);
            break;
          case 'reshape': {
            const from = shapeOf(i.x);
            if (from.length === 4 && from[2] * from[3] !== 1) throw new Error('reshape of a spatial NCHW tensor');
            y = tf.reshape(get(i.x), shapeOf(op.outputs[0]));
            break;
          }
          case 'softmax': {
            const t = a.temperature as number;
            y = tf.softmax(t === 1 ? get(i.x) : tf.div(get(i.x), t));
            break;
          }
          case 'dense':
            y = tf.fused.matMul({ a: get(i.x) as Tensor2D, b: get(i.w) as Tensor2D, bias: i.b !== undefined ? get(i.b) : undefined, activation: act(a.activation) });
            break;
          default:
            throw new Error(`no tfjs mapping for ${op.op}`);
        }
        values[op.outputs[0]] = y;
        for (const id of dead[k]) {
          get(id).dispose();
          values[id] = undefined;
        }
      }
      const y = get(trace.output);
      values[trace.input] = undefined;
      if (!prepared.has(trace.output)) values[trace.output] = undefined;
      return y;
    });
  return { run, dispose: () => prepared.forEach((t) => t.dispose()) };
}
