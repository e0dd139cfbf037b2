import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConformanceSuite, layerCases, opCatalogue } from '@dcnn/conformance';
import { createWasmBackend, relaxedSimdSupported, threadSupport } from '../src/index.js';

describe('wasm in a browser', () => {
  it('loads the kernels with fetch, picks the relaxed build Chromium validates, and runs threads when isolated', async () => {
    expect(navigator.userAgent).toMatch(/Chrome/);
    expect(relaxedSimdSupported()).toBe(true);
    const one = await createWasmBackend();
    expect(one.variant).toBe('dcnn-relaxed');
    one.dispose();
    expect(globalThis.crossOriginIsolated).toBe(true);
    expect(threadSupport().ok).toBe(true);
    const two = await createWasmBackend({ threads: 2 });
    expect(two.threads).toBe(2);
    expect(two.notice).toBeUndefined();
    two.dispose();
  });
});

// The whole op catalogue and the layer cases at SPEC.md's float32 CPU tolerance, in headless
// Chromium: relaxed SIMD on one thread, and plain SIMD on a 2-thread pool of Web Workers.
const cases = [...opCatalogue, ...layerCases];
defineConformanceSuite({ describe, it, beforeAll, afterAll }, () => createWasmBackend(), { title: 'wasm (Chromium)', cases });
defineConformanceSuite({ describe, it, beforeAll, afterAll }, () => createWasmBackend({ threads: 2, relaxedSimd: false }), {
  title: 'wasm 2 threads (Chromium)',
  cases,
});
