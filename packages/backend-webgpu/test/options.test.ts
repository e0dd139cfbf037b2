/** createWebGPUBackend's options: a wrong one is refused, naming it, before any device is requested. */
import { describe, expect, it } from 'vitest';
import { BackendInitError } from '@dcnn/core';
import { createWebGPUBackend } from '../src/index.js';

/** A GPU that counts adapter requests (and has none to give). */
function countingGpu(): { gpu: GPU; requests: () => number } {
  let requests = 0;
  const gpu = { requestAdapter: async () => (requests++, null) } as unknown as GPU;
  return { gpu, requests: () => requests };
}

async function rejection(options: unknown): Promise<{ error: unknown; requests: number }> {
  const counting = countingGpu();
  const given = options !== null && typeof options === 'object' ? { gpu: counting.gpu, ...options } : options;
  const error = await createWebGPUBackend(given as never).catch((e: unknown) => e);
  return { error, requests: counting.requests() };
}

// [option, value, what `expected` says]; `actual` must show the value.
const wrongValues: Array<[string, unknown, RegExp]> = [
  ['poolBudgetBytes', -1, /whole number of bytes ≥ 0/],
  ['poolBudgetBytes', 1.5, /whole number of bytes/],
  ['poolBudgetBytes', Number.NaN, /whole number of bytes/],
  ['poolBudgetBytes', '1024', /whole number of bytes/],
  ['batchSize', 0, /whole number of dispatches ≥ 1/],
  ['batchSize', 1.5, /whole number of dispatches/],
  ['batchSize', Number.POSITIVE_INFINITY, /whole number of dispatches/],
  ['requiredFeatures', 'x', /array of GPU feature names/],
  ['requiredFeatures', [1], /array of GPU feature names/],
  ['powerPreference', 'fast', /'low-power' or 'high-performance'/],
  ['softwareAdapter', 'yes', /true or false/],
  ['softwareAdapter', 0, /true or false/],
  ['device', {}, /a GPUDevice/],
  ['gpu', { requestAdapter: 'no' }, /a GPU object/],
];

describe('createWebGPUBackend options', () => {
  it.each(wrongValues)('refuses %s = %o before requesting a device', async (arg, value, expected) => {
    const { error, requests } = await rejection({ [arg]: value });
    expect(error).toBeInstanceOf(BackendInitError);
    const e = error as BackendInitError;
    expect(e.op).toBe('webgpu');
    expect(e.arg).toBe(arg);
    expect(e.expected).toMatch(expected);
    const shown = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? `[${value.join(', ')}]` : typeof value === 'object' ? 'an object' : String(value);
    expect(e.actual).toContain(shown);
    if (arg !== 'gpu') expect(requests).toBe(0);
  });

  it('refuses an option name it does not know (a typo), naming it and the options there are', async () => {
    const { error, requests } = await rejection({ poolBudget: 1024 });
    expect(error).toBeInstanceOf(BackendInitError);
    const e = error as BackendInitError;
    expect(e.arg).toBe('poolBudget');
    expect(e.expected).toMatch(/poolBudgetBytes/);
    expect(e.actual).toMatch(/unknown option, set to 1024/);
    expect(requests).toBe(0);
  });

  it('refuses options that are not an object', async () => {
    const error = await createWebGPUBackend(null as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendInitError);
    expect((error as BackendInitError).arg).toBe('options');
  });

  it('takes an option given as undefined as not given', async () => {
    const { error, requests } = await rejection({ powerPreference: undefined, requiredFeatures: undefined, batchSize: undefined, poolBudgetBytes: undefined, softwareAdapter: undefined });
    // Past the checks to the adapter request, which the counting GPU answers with none.
    expect((error as BackendInitError).actual).toMatch(/requestAdapter\(\) returned null/);
    expect(requests).toBe(1);
  });

  it('follows the adapter when softwareAdapter is given as undefined', async () => {
    const plain = await createWebGPUBackend();
    const undefinedGiven = await createWebGPUBackend({ softwareAdapter: undefined });
    expect(undefinedGiven.context.softwareAdapter).toBe(undefinedGiven.isFallbackAdapter);
    expect(undefinedGiven.context.softwareAdapter).toBe(plain.context.softwareAdapter);
    plain.dispose();
    undefinedGiven.dispose();
  });
});
