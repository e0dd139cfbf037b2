import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { browserVectorSources, defineConformanceSuite, defineVectorSuite, layerCases, opCatalogue } from '@dcnn/conformance';
import { createWebGPUBackend } from '../src/index.js';

describe('webgpu in a browser', () => {
  it('finds navigator.gpu, not Dawn', async () => {
    expect(navigator.userAgent).toMatch(/Chrome/);
    expect(navigator.gpu).toBeDefined();
    const backend = await createWebGPUBackend();
    expect(backend.name).toBe('webgpu');
    backend.dispose();
  });
});

// The whole op catalogue and the layer cases at SPEC.md's GPU tolerance, in headless Chromium.
defineConformanceSuite({ describe, it, beforeAll, afterAll }, () => createWebGPUBackend(), {
  title: 'webgpu (Chromium)',
  cases: [...opCatalogue, ...layerCases],
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
defineVectorSuite({ describe, it, beforeAll, afterAll }, () => createWebGPUBackend(), browserVectorSources(commands, caseFiles), {
  title: 'webgpu (Chromium): case files and ONNX node tests',
});
