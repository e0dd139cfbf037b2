/**
 * A compute program described in small parts (bindings, uniforms, helper functions, a body),
 * assembled into WGSL that reads as plain text. Every program gets:
 * - `u`, a uniform struct of scalars (shapes live here, so one pipeline serves many shapes);
 * - its storage bindings in declaration order after the uniform;
 * - `gi`, the global linear invocation index over a dispatch folded into two dimensions
 *   (so more than 65535 workgroups fit), and `li`, the local index.
 * A program's `key` names everything that changes the code; shapes never do unless the kernel
 * unrolls over them.
 */
export type ScalarType = 'u32' | 'i32' | 'f32';

export interface Binding {
  name: string;
  /** Element type of the runtime array, `f32` unless said otherwise. */
  element?: 'f32' | 'vec4<f32>';
  access: 'read' | 'read_write';
}

export interface ProgramSpec {
  /** Cache key: the name plus every choice that changes the generated code. */
  key: string;
  uniforms: ReadonlyArray<readonly [string, ScalarType]>;
  bindings: readonly Binding[];
  /** Workgroup size; the body sees `gi` (global linear index) and `li`. */
  workgroup: readonly [number, number?, number?];
  /** Module-scope declarations: helper functions, `var<workgroup>` arrays, constants. */
  helpers?: string;
  body: string;
}

export const WGSL_PRELUDE = /* wgsl */ `
fn is_nan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
`;

export function generate(spec: ProgramSpec): string {
  const [x, y = 1, z = 1] = spec.workgroup;
  const threads = x * y * z;
  const fields = spec.uniforms.length ? spec.uniforms.map(([n, t]) => `  ${n}: ${t},`).join('\n') : '  unused_: u32,';
  const bindings = spec.bindings
    .map((b, i) => `@group(0) @binding(${i + 1}) var<storage, ${b.access}> ${b.name}: array<${b.element ?? 'f32'}>;`)
    .join('\n');
  return `struct Uniforms {
${fields}
};
@group(0) @binding(0) var<uniform> u: Uniforms;
${bindings}
${WGSL_PRELUDE}
${spec.helpers ?? ''}
@compute @workgroup_size(${x}, ${y}, ${z})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32, @builtin(local_invocation_id) lid: vec3<u32>) {
  let gi = (wid.y * nwg.x + wid.x) * ${threads}u + li;
${spec.body}
}
`;
}

/** Packs uniform values in the struct's order (all scalars are 4 bytes; size rounded to 16). */
export function packUniforms(spec: ProgramSpec, values: Readonly<Record<string, number>>): ArrayBuffer {
  const bytes = Math.max(16, Math.ceil((spec.uniforms.length * 4) / 16) * 16);
  const buffer = new ArrayBuffer(bytes);
  const view = new DataView(buffer);
  spec.uniforms.forEach(([name, type], i) => {
    const v = values[name];
    if (v === undefined) throw new Error(`uniform '${name}' of program '${spec.key}' has no value`);
    if (type === 'f32') view.setFloat32(i * 4, v, true);
    else if (type === 'i32') view.setInt32(i * 4, v, true);
    else view.setUint32(i * 4, v, true);
  });
  return buffer;
}

/** `u32` uniform fields `prefix0..prefix{n-1}`. */
export function u32s(prefix: string, n: number): Array<[string, 'u32']> {
  return Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'u32'] as [string, 'u32']);
}

/** Values for `u32s(prefix, n)`. */
export function named(prefix: string, values: readonly number[]): Record<string, number> {
  return Object.fromEntries(values.map((v, i) => [`${prefix}${i}`, v]));
}

/** The early return every element-wise body starts with. */
export const guard = (count = 'u.total'): string => `  if (gi >= ${count}) { return; }`;
