import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createReferenceBackend } from '@dcnn/core';
import { browserOnnxReaders, loadOnnxTestsFromManifest, runOnnxTest } from '../src/index.js';

// The ONNX vectors beside the repository, read through vitest's browser commands (paths are relative to
// the package root), decoded and run entirely inside Chromium.
const root = '../../../shared/onnx-node';

describe('ONNX node tests in Chromium', () => {
  it('reads the vectors with the manifest loader and passes every one the Node run passes', async () => {
    const tests = await loadOnnxTestsFromManifest(browserOnnxReaders(commands, root));
    expect(tests.length).toBe(312);
    const backend = createReferenceBackend({ precision: 'float32' });
    const counts = { pass: 0, fail: 0, error: 0, unsupported: 0 };
    for (const t of tests) {
      const r = await runOnnxTest(backend, t);
      counts[r.status]++;
      expect(['pass', 'unsupported'], `${r.case}: ${r.message}`).toContain(r.status);
    }
    expect(counts.pass).toBeGreaterThan(190);
  });
});
