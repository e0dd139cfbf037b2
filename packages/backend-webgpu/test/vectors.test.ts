/**
 * Independent vectors on webgpu in Node (Dawn): the case files of core and conformance
 * (NumPy-made and hand-made) and the ONNX node tests, through the shared vector suite.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { defineVectorSuite } from '@dcnn/conformance';
import { repositoryVectorSources } from '@dcnn/conformance/node';
import { createWebGPUBackend } from '../src/index.js';

defineVectorSuite({ describe, it, beforeAll, afterAll }, () => createWebGPUBackend(), repositoryVectorSources(resolve(__dirname, '../../..')), {
  title: 'webgpu (Dawn): case files and ONNX node tests',
});
