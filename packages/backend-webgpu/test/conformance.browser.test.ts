import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConformanceSuite, layerCases, opCatalogue } from '@dcnn/conformance';
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
