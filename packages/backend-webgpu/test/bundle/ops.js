/**
 * What the bundled page computes, shared with the test so both sides compute the same thing: a
 * grouped, strided conv2d with a fused hardSwish, then a global average pool.
 */
export function bundleOps(backend, ops, tensor) {
  const data = (n, k) => Float32Array.from({ length: n }, (_, i) => Math.cos(i * k));
  const y = ops.conv2d(
    { x: tensor(backend, data(2 * 8 * 15 * 15, 0.21), [2, 8, 15, 15]), w: tensor(backend, data(12 * 4 * 9, 0.7), [12, 4, 3, 3]) },
    { pads: [1, 1, 1, 1], strides: [2, 2], group: 2, activation: 'hardSwish' },
  );
  return ops.globalAvgPool({ x: y });
}
