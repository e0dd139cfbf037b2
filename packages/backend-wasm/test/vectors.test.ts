/**
 * Independent vectors on wasm in Node: the case files of core and conformance
 * (NumPy-made and hand-made) and the ONNX node tests, through the shared vector suite.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { defineVectorSuite } from '@dcnn/conformance';
import { repositoryVectorSources } from '@dcnn/conformance/node';
import { createWasmBackend } from '../src/index.js';

defineVectorSuite({ describe, it, beforeAll, afterAll }, () => createWasmBackend(), repositoryVectorSources(resolve(__dirname, '../../..')), {
  title: 'wasm: case files and ONNX node tests',
});
