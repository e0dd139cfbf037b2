/** Windowed pooling (ONNX AveragePool / MaxPool) and inference batch normalisation. */
import { type KernelMap, checkInt32Geometry } from '@dcnn/core';
import type { AvgPoolAttrs, PoolAttrs } from '@dcnn/core';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG, sizeOf, type ContextRef, type T } from './common.js';

const POOL_UNIFORMS: ProgramSpec['uniforms'] = [
  ['total', 'u32'], ['h', 'i32'], ['w', 'i32'], ['oh', 'u32'], ['ow', 'u32'], ['kh', 'i32'], ['kw', 'i32'],
  ['sh', 'i32'], ['sw', 'i32'], ['dh', 'i32'], ['dw', 'i32'], ['top', 'i32'], ['left', 'i32'], ['bottom', 'i32'], ['right', 'i32'],
  ['includePad', 'u32'], ['ninf', 'f32'],
];

function poolProgram(kind: 'avg' | 'max'): ProgramSpec {
  const accumulate = kind === 'max' ? 'if (is_nan(v) || v > acc) { acc = v; }' : 'acc = acc + v;';
  const result = kind === 'max' ? 'acc' : 'select(0.0, acc / f32(count), count > 0u)';
  return {
    key: `pool/${kind}`,
    uniforms: POOL_UNIFORMS,
    bindings: [{ name: 'x', access: 'read' }, { name: 'y', access: 'read_write' }],
    workgroup: [WG],
    body: `${guard()}
  let j = i32(gi % u.ow);
  let i = i32((gi / u.ow) % u.oh);
  let plane = gi / (u.ow * u.oh);
  let base = plane * u32(u.h * u.w);
  var acc: f32 = ${kind === 'max' ? 'u.ninf' : '0.0'};
  var count = 0u;
  for (var p = 0; p < u.kh; p++) {
    let r = i * u.sh - u.top + p * u.dh;
    for (var q = 0; q < u.kw; q++) {
      let col = j * u.sw - u.left + q * u.dw;
      let inside = r >= 0 && r < u.h && col >= 0 && col < u.w;
      if (inside) {
        let v = x[base + u32(r * u.w + col)];
        ${accumulate}
        count++;
      } else if (u.includePad != 0u && r >= -u.top && r < u.h + u.bottom && col >= -u.left && col < u.w + u.right) {
        count++;
      }
    }
  }
  y[gi] = ${result};`,
  };
}

/** batchNorm; with `vec4`, four elements of one channel at a time (the plane size divides by 4). */
function batchNormProgram(vec4: boolean): ProgramSpec {
  const el = vec4 ? ('vec4<f32>' as const) : ('f32' as const);
  return {
    key: `batch-norm${vec4 ? '/vec4' : ''}`,
    uniforms: [['total', 'u32'], ['c', 'u32'], ['inner', 'u32'], ['eps', 'f32']],
    bindings: [
      { name: 'x', access: 'read', element: el }, { name: 'scale', access: 'read' }, { name: 'bias', access: 'read' },
      { name: 'mean', access: 'read' }, { name: 'variance', access: 'read' }, { name: 'y', access: 'read_write', element: el },
    ],
    workgroup: [WG],
    body: `${guard()}
  let ch = (gi / u.inner) % u.c;
  let k = scale[ch] / sqrt(variance[ch] + u.eps);
  y[gi] = (x[gi] - mean[ch]) * k + bias[ch];`,
  };
}

function runPool(ctx: ContextRef, op: string, kind: 'avg' | 'max', x: T, attrs: PoolAttrs | AvgPoolAttrs, out: readonly number[]): GpuTensor {
  // Geometry the shaders' 32-bit indices cannot address is refused before anything is allocated.
  checkInt32Geometry(op, 'webgpu', x.shape[2], x.shape[3], attrs);
  const c = ctx();
  const total = sizeOf(out);
  const y = c.allocate(op, total);
  const [top, left, bottom, right] = attrs.pads;
  c.run(op, poolProgram(kind), [x.handle, y], {
    total, h: x.shape[2], w: x.shape[3], oh: out[2], ow: out[3], kh: attrs.kernel[0], kw: attrs.kernel[1],
    sh: attrs.strides[0], sw: attrs.strides[1], dh: attrs.dilations[0], dw: attrs.dilations[1], top, left, bottom, right,
    includePad: kind === 'avg' && (attrs as AvgPoolAttrs).countIncludePad ? 1 : 0, ninf: -Infinity,
  }, { threads: total });
  return y;
}

export function poolNormKernels(ctx: ContextRef): Pick<KernelMap<GpuTensor>, 'avgPool2d' | 'maxPool2d' | 'batchNorm'> {
  return {
    avgPool2d: ({ x }, attrs, [out]) => runPool(ctx, 'avgPool2d', 'avg', x, attrs, out),
    maxPool2d: ({ x }, attrs, [out]) => runPool(ctx, 'maxPool2d', 'max', x, attrs, out),
    batchNorm: ({ x, scale, bias, mean, var: variance }, { epsilon }) => {
      const c = ctx();
      const y = c.allocate('batchNorm', x.handle.size);
      const inner = sizeOf(x.shape.slice(2));
      const vec4 = inner % 4 === 0;
      const total = vec4 ? x.handle.size / 4 : x.handle.size;
      c.run('batchNorm', batchNormProgram(vec4), [x.handle, scale.handle, bias.handle, mean.handle, variance.handle, y], { total, c: x.shape[1], inner: vec4 ? inner / 4 : inner, eps: epsilon }, { threads: total });
      return y;
    },
  };
}
