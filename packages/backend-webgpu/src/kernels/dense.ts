/** dense: `y = act(x·wᵀ + b)`, one invocation per output. */
import type { Activation, KernelMap } from '@dcnn/core';
import { activationWgsl } from '../wgsl/activation.js';
import { guard, type ProgramSpec } from '../wgsl/program.js';
import type { GpuTensor } from '../runtime/tensor-storage.js';
import { WG, type ContextRef } from './common.js';

function denseProgram(hasBias: boolean, act: Activation): ProgramSpec {
  return {
    key: `dense/${hasBias ? 'b' : ''}/${act}`,
    uniforms: [['total', 'u32'], ['f', 'u32'], ['o', 'u32']],
    bindings: [{ name: 'x', access: 'read' }, { name: 'wt', access: 'read' }, ...(hasBias ? [{ name: 'bias', access: 'read' as const }] : []), { name: 'y', access: 'read_write' }],
    workgroup: [WG],
    helpers: activationWgsl(act),
    body: `${guard()}
  let col = gi % u.o;
  let row = gi / u.o;
  var acc = ${hasBias ? 'bias[col]' : '0.0'};
  for (var k = 0u; k < u.f; k++) { acc = acc + x[row * u.f + k] * wt[col * u.f + k]; }
  y[gi] = act(acc);`,
  };
}

export function denseKernels(ctx: ContextRef): Pick<KernelMap<GpuTensor>, 'dense'> {
  return {
    dense: ({ x, w, b }, { activation }, [out]) => {
      const c = ctx();
      const total = out[0] * out[1];
      const y = c.allocate('dense', total);
      c.run('dense', denseProgram(!!b, activation), [x.handle, w.handle, ...(b ? [b.handle] : []), y], { total, f: x.shape[1], o: out[1] }, { threads: total });
      return y;
    },
  };
}
