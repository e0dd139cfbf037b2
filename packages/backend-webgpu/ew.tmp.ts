import { createWebGPUBackend } from './src/index.js';
import type { ProgramSpec } from './src/wgsl/program.js';
const gpu = await createWebGPUBackend();
const c = gpu.context;
const n = 1 << 20;
const x = c.upload(new Float32Array(n).map((_, i) => (i % 7) - 3));
const variants: Array<[string, ProgramSpec, number]> = [];
for (const wg of [64, 128, 256]) {
  variants.push([`scalar wg${wg}`, { key: `t/s${wg}`, uniforms: [['total', 'u32']], bindings: [{ name: 'x', access: 'read' }, { name: 'y', access: 'read_write' }], workgroup: [wg], body: `  if (gi >= u.total) { return; }\n  y[gi] = clamp(x[gi], 0.0, 6.0);` }, n]);
  variants.push([`vec4 wg${wg}`, { key: `t/v${wg}`, uniforms: [['total', 'u32']], bindings: [{ name: 'x', access: 'read', element: 'vec4<f32>' }, { name: 'y', access: 'read_write', element: 'vec4<f32>' }], workgroup: [wg], body: `  if (gi >= u.total) { return; }\n  y[gi] = clamp(x[gi], vec4<f32>(0.0), vec4<f32>(6.0));` }, n / 4]);
  variants.push([`4 scalars wg${wg}`, { key: `t/f${wg}`, uniforms: [['total', 'u32']], bindings: [{ name: 'x', access: 'read' }, { name: 'y', access: 'read_write' }], workgroup: [wg], body: `  if (gi >= u.total) { return; }\n  for (var k = 0u; k < 4u; k++) { y[gi * 4u + k] = clamp(x[gi * 4u + k], 0.0, 6.0); }` }, n / 4]);
}
for (let rep = 0; rep < 2; rep++) {
  for (const [name, spec, threads] of variants) {
    const y = c.allocate('t', n);
    c.run('t', spec, [x, y], { total: threads }, { threads });
    await c.sync();
    c.startProfiling();
    for (let i = 0; i < 5; i++) c.run('t', spec, [x, y], { total: threads }, { threads });
    const e = await c.stopProfiling();
    console.log(name.padEnd(16), (e[0].ms / 5).toFixed(2), 'ms per 1M elements');
    c.release(y);
  }
}
gpu.dispose();
