/**
 * Index arithmetic as WGSL text: decomposing a linear output index over a shape held in
 * uniforms (`<shape>0..<shape>{r-1}`) while accumulating offsets into inputs through their
 * strides (`<strides>0..`), unrolled for the rank (the rank is part of a program's key).
 */

/**
 * Declares `var <off> = 0u` for each offset and walks `index` over the shape from the last
 * axis, adding `i_d * u.<strides>d` to each offset.
 */
export function offsetsFromIndex(index: string, rank: number, shape: string, offsets: ReadonlyArray<readonly [string, string]>): string {
  const lines = [`  var rem_ = ${index};`, ...offsets.map(([off]) => `  var ${off} = 0u;`)];
  for (let d = rank - 1; d >= 0; d--) {
    lines.push(`  { let i_ = rem_ % u.${shape}${d}; rem_ = rem_ / u.${shape}${d};`);
    for (const [off, strides] of offsets) lines.push(`    ${off} = ${off} + i_ * u.${strides}${d};`);
    lines.push('  }');
  }
  return lines.join('\n');
}
