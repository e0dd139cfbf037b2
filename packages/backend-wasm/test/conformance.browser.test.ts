import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { browserVectorSources, defineConformanceSuite, defineVectorSuite, layerCases, opCatalogue } from '@dcnn/conformance';
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

// Independent vectors inside Chromium: the repository's case files (bundled by Vite) and the ONNX
// node tests beside the repository (read on the Node side through vitest's browser commands).
declare global {
  interface ImportMeta {
    glob(pattern: string, options: { query: string; import: string; eager: true }): Record<string, string>;
  }
}
const caseFiles = {
  'packages/core/test/cases': import.meta.glob('../../core/test/cases/**/*.json', { query: '?raw', import: 'default', eager: true }),
  'packages/conformance/cases': import.meta.glob('../../conformance/cases/**/*.json', { query: '?raw', import: 'default', eager: true }),
};
const vectors = browserVectorSources(commands, caseFiles);
defineVectorSuite({ describe, it, beforeAll, afterAll }, () => createWasmBackend(), vectors, {
  title: 'wasm (Chromium): case files and ONNX node tests',
});
defineVectorSuite({ describe, it, beforeAll, afterAll }, () => createWasmBackend({ threads: 2, relaxedSimd: false }), vectors, {
  title: 'wasm 2 threads (Chromium): case files and ONNX node tests',
});
