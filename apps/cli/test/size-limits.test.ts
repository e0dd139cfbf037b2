import { sizeOf } from '@dcnn/core';
import type { ModelCount } from '@dcnn/layers';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/args.js';
import { MAX_VALUES, checkParameters, tensorOverLimit } from '../src/size-limits.js';
import { cli } from './helpers.js';

const LIMIT = 'over the limit of 268,435,456 (2^28 values, 1 GiB of float32)';

describe('dcnn run refuses a model or input over the budget before allocating it (exit 2)', () => {
  // Each of these built or filled terabytes (out of memory, or a hang) before the check.
  it('names --width, the parameter count and the limit', async () => {
    const started = performance.now();
    const r = await cli('run', 'mobilenetv2', '--width', '1000', '--backend', 'reference');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`dcnn run: --width 1000: mobilenetv2 would have 2,126,051,201,000 parameters, ${LIMIT}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('names --kernels, and both flags when both are given', async () => {
    const k = await cli('run', 'od-mobilenetv2', '--kernels', '1000000', '--backend', 'reference');
    expect(k.code).toBe(2);
    expect(k.err).toContain(`--kernels 1000000: od-mobilenetv2 would have 2,190,217,751,289 parameters, ${LIMIT}`);
    const both = await cli('run', 'dy-mobilenetv2', '--width', '8', '--kernels', '4', '--backend', 'reference');
    expect(both.code).toBe(2);
    expect(both.err).toContain(`--width 8 --kernels 4: dy-mobilenetv2 would have 704,780,416 parameters, ${LIMIT}`);
    const infinite = await cli('run', 'mobilenetv2', '--width', '1e300', '--backend', 'reference');
    expect(infinite.err).toContain(`--width 1e300: mobilenetv2 would have Infinity parameters, ${LIMIT}`);
  });

  it('checks the parameters before reading --weights', async () => {
    const r = await cli('run', 'mobilenetv2', '--width', '1000', '--weights', '/no/such/weights.safetensors');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--width 1000: mobilenetv2 would have');
  });

  it('names --size and the largest tensor (an input of 3·10^10 values threw a RangeError, exit 1)', async () => {
    const r = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--size', '100000');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(
      `dcnn run: --size 100000: the largest tensor of dynamic-convnet would be [1,32,100000,100000] at conv1, 320,000,000,000 values, ${LIMIT}`,
    );
  });

  it('still counts any size with summary, which allocates nothing', async () => {
    const r = await cli('summary', 'mobilenetv2', '--width', '1000', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).params).toBe(2_126_051_201_000);
  });
});

describe('the budget at its edge', () => {
  it('takes 2^28 parameters and refuses one more', () => {
    expect(MAX_VALUES).toBe(268_435_456);
    expect(() => checkParameters('m', MAX_VALUES, { width: '2' })).not.toThrow();
    expect(() => checkParameters('m', MAX_VALUES + 1, { width: '2' })).toThrow(new UsageError(`--width 2: m would have 268,435,457 parameters, ${LIMIT}`));
  });

  it('judges the largest of the input and the layer outputs', () => {
    const count = (outputs: number[][]): ModelCount => ({
      params: 0,
      macs: 0,
      output: outputs[outputs.length - 1],
      rows: outputs.map((output, i) => ({ name: `l${i}`, type: 'T', input: [], output, params: 0, macs: 0 })),
    });
    expect(tensorOverLimit('m', count([[1, MAX_VALUES], [1, 10]]), [1, 3])).toBeUndefined();
    expect(tensorOverLimit('m', count([[1, 10], [2, MAX_VALUES / 2 + 1]]), [1, 3])).toBe(
      `the largest tensor of m would be [2,134217729] at l1, 268,435,458 values, ${LIMIT}`,
    );
    const input = [1, 1, 1, MAX_VALUES + 1];
    expect(tensorOverLimit('m', count([[1, 10]]), input)).toContain(`would be [1,1,1,268435457] at the input, ${sizeOf(input).toLocaleString('en-US')} values`);
  });
});
