import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { defineConformanceSuite, layerCases, opCatalogue } from '../src/index.js';

// The same catalogue in headless Chromium: proves the harness is browser-safe, the way the
// WebGL2 and WebGPU backends will call it from their own packages.
describe('browser', () => {
  it('runs in a browser, not in Node', () => {
    expect(typeof window).toBe('object');
    expect(navigator.userAgent).toMatch(/Chrome/);
  });
});

defineConformanceSuite({ describe, it, beforeAll, afterAll }, () => createReferenceBackend({ precision: 'float32' }), {
  title: 'reference-f32 in Chromium',
  cases: [...opCatalogue, ...layerCases],
});
