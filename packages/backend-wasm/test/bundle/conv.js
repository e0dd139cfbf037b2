/** The conv the bundled page runs, shared with the test so both sides compute the same thing. */
export function bundleConv(backend, ops, tensor) {
  const data = (n, k) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
  return ops.conv2d(
    { x: tensor(backend, data(2 * 16 * 12 * 12, 0.37), [2, 16, 12, 12]), w: tensor(backend, data(24 * 16 * 9, 1.1), [24, 16, 3, 3]) },
    { pads: [1, 1, 1, 1], activation: 'relu6' },
  );
}
