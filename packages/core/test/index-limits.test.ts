// The bounds a 32-bit-indexing backend applies to pads, strides and dilations: exactly at the
// bound passes, one past it is an UnsupportedError naming the attribute and the value.
import { describe, expect, it } from 'vitest';
import { MAX_PADDED_PLANE, MAX_SPATIAL_STEP, UnsupportedError, checkInt32Geometry } from '../src/index.js';

const attrs = (o: { strides?: number[]; dilations?: number[]; pads?: number[] }) => ({ strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], ...o });

describe('checkInt32Geometry', () => {
  it('accepts a padded plane of exactly 2^28 elements and steps of 2^28', () => {
    expect(MAX_PADDED_PLANE).toBe(2 ** 28);
    // 2^14 × 2^14: 1 + 8191 + 8192 rows, 2 + 16382 columns.
    expect(() => checkInt32Geometry('conv2d', 'wasm', 1, 2, attrs({ pads: [8191, 16382, 8192, 0] }))).not.toThrow();
    expect(() => checkInt32Geometry('conv2d', 'wasm', 1, 1, attrs({ strides: [MAX_SPATIAL_STEP, 1], dilations: [1, MAX_SPATIAL_STEP] }))).not.toThrow();
  });

  it('refuses one element or one step more, naming the attribute, the backend and the value', () => {
    const plane = (() => {
      try {
        checkInt32Geometry('maxPool2d', 'webgpu', 1, 2, attrs({ pads: [8192, 16382, 8192, 0] }));
      } catch (e) {
        return e;
      }
    })();
    expect(plane).toBeInstanceOf(UnsupportedError);
    expect(plane).toMatchObject({ op: 'maxPool2d', arg: 'pads', actual: 'pads [8192, 16382, 8192, 0] on a 1×2 input: 16385×16384' });
    expect((plane as Error).message).toMatch(/webgpu backend/);
    for (const arg of ['strides', 'dilations'] as const) {
      expect(() => checkInt32Geometry('conv2d', 'wasm', 4, 4, attrs({ [arg]: [1, MAX_SPATIAL_STEP + 1] }))).toThrow(
        expect.objectContaining({ name: 'UnsupportedError', arg, actual: String(MAX_SPATIAL_STEP + 1) }),
      );
    }
  });
});
