/**
 * Independent vectors on webgpu: the case files of core and conformance (NumPy-made), and the
 * ONNX node tests. Every ONNX test the reference passes must pass here too; the rest are ops
 * or dtypes outside SPEC.md, reported as unsupported on both.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { runCaseFiles, runOnnxTest } from '@dcnn/conformance';
import { loadCaseDirectory, loadOnnxNodeTests } from '@dcnn/conformance/node';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';

const packages = resolve(__dirname, '../..');
const onnxRoot = process.env.DCNN_ONNX_NODE_DIR ?? resolve(packages, '../../shared/onnx-node');

let gpu: WebGPUBackend;
beforeAll(async () => {
  gpu = await createWebGPUBackend();
});
afterAll(() => gpu?.dispose());

describe('case files on webgpu', () => {
  for (const dir of ['core/test/cases', 'conformance/cases']) {
    it(dir, async () => {
      const loaded = loadCaseDirectory(resolve(packages, dir));
      expect(loaded.malformed).toEqual([]);
      expect(loaded.cases.length).toBeGreaterThan(4);
      for (const r of await runCaseFiles(gpu, loaded)) expect(r.status, `${r.case}: ${r.message}`).toBe('pass');
    });
  }
});

describe('ONNX node tests on webgpu', () => {
  it('pass wherever the reference passes', async () => {
    expect(existsSync(resolve(onnxRoot, 'manifest.json')), `no ONNX node tests at ${onnxRoot}`).toBe(true);
    const reference = createReferenceBackend();
    let passed = 0;
    for (const test of loadOnnxNodeTests(onnxRoot)) {
      const expected = await runOnnxTest(reference, test);
      const actual = await runOnnxTest(gpu, test);
      if (expected.status === 'pass') {
        expect(actual.status, `${test.name}: ${actual.message}`).toBe('pass');
        passed++;
      } else {
        expect(actual.status, test.name).toBe(expected.status);
      }
    }
    expect(passed).toBeGreaterThan(190);
  }, 240_000);
});
