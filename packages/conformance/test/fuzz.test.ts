import { describe, expect, it } from 'vitest';
import { createReferenceBackend, type AnyBackend } from '@dcnn/core';
import { FUZZ_FAMILIES, fuzzCases, fuzzExpectedShape, judgeFuzzCase, parseFuzzSeeds, runFuzzCase, type FuzzCase } from '../src/index.js';

/** The float32 reference with one kernel wrapped. */
function withKernel(op: string, wrap: (kernel: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown): AnyBackend {
  const ref = createReferenceBackend({ precision: 'float32' });
  return { ...ref, name: `wrapped-${op}`, kernels: { ...ref.kernels, [op]: wrap(ref.kernels[op as keyof typeof ref.kernels] as never) } } as AnyBackend;
}

const conv: FuzzCase = { op: 'conv2d', inputs: { x: { shape: [1, 3, 6, 6] }, w: { shape: [4, 3, 3, 3] }, b: { shape: [4] } }, attrs: { pads: [1, 0, 2, 1] }, data: 5 };

describe('the fuzz module', () => {
  it('draws the same cases for the same seed, valid ones, and reaches every family', () => {
    for (const family of FUZZ_FAMILIES) {
      expect(JSON.stringify(fuzzCases(family, 7))).toBe(JSON.stringify(fuzzCases(family, 7)));
      expect(JSON.stringify(fuzzCases(family, 7))).not.toBe(JSON.stringify(fuzzCases(family, 8)));
    }
    expect(FUZZ_FAMILIES).toEqual(['conv2d', 'dynamicConv2d', 'deformConv2d', 'pooling', 'dense', 'binary', 'elementwise']);
    // A larger scale draws larger maps.
    const area = (scale: number): number =>
      Array.from({ length: 20 }, (_, s) => fuzzCases('pooling', s + 1, scale)).flat().reduce((a, c) => a + c.inputs.x.shape[2] * c.inputs.x.shape[3], 0);
    expect(area(3)).toBeGreaterThan(3 * area(1));
  });

  it('the float32 reference passes a seed of every family, with SPEC.md output shapes', async () => {
    const target = { name: 'ref32', backend: createReferenceBackend({ precision: 'float32' }) };
    for (const family of FUZZ_FAMILIES) {
      for (const c of fuzzCases(family, 3)) {
        const { failures, outputs } = await judgeFuzzCase(c, [target], family);
        expect(failures).toEqual([]);
        expect([...outputs.get('ref32')!.shape]).toEqual(fuzzExpectedShape(c));
      }
    }
  });

  it('catches a kernel that drops the bias, naming the target and the error size', async () => {
    const broken = withKernel('conv2d', (k) => (inputs, ...rest) => k({ ...(inputs as object), b: undefined }, ...rest));
    const { failures } = await judgeFuzzCase(conv, [{ name: 'no-bias', backend: broken }], 'LABEL');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^LABEL\n {2}no-bias against the reference: .*relL2/);
  });

  it('catches a kernel that throws, and resources left live', async () => {
    const throws = withKernel('conv2d', () => () => {
      throw new Error('boom');
    });
    expect((await judgeFuzzCase(conv, [{ name: 't', backend: throws }], 'L')).failures[0]).toContain('t threw: Error: boom');
    let held = 0;
    const leaky = withKernel('conv2d', (k) => (...a) => (held++, k(...a)));
    const { failures } = await judgeFuzzCase(conv, [{ name: 'leaky', backend: leaky, resources: { count: () => held, unit: 'buffers' } }], 'L');
    expect(failures).toEqual(['L\n  leaky: 1 buffers left live']);
  });

  it('runs a case and frees its tensors', async () => {
    const ref = createReferenceBackend();
    const out = await runFuzzCase(ref, conv);
    expect([...out.shape]).toEqual([1, 4, 7, 5]);
    expect(out.values).toHaveLength(140);
  });

  it('parses DCNN_FUZZ_SEED', () => {
    expect(parseFuzzSeeds(undefined)).toEqual([]);
    expect(parseFuzzSeeds('4')).toEqual([4]);
    expect(parseFuzzSeeds('2-4,9')).toEqual([2, 3, 4, 9]);
    expect(() => parseFuzzSeeds('x')).toThrow(/not a seed/);
  });
});
