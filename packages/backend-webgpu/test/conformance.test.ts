import { afterAll, beforeAll, describe, it } from 'vitest';
import { defineConformanceSuite, defineInt32GeometrySuite, layerCases, opCatalogue } from '@dcnn/conformance';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';

const api = { describe, it, beforeAll, afterAll };

// The whole op catalogue and the layer cases, at the float32 GPU tolerance of SPEC.md, on Dawn.
defineConformanceSuite(api, () => createWebGPUBackend(), { title: 'webgpu (Node, Dawn)', cases: [...opCatalogue, ...layerCases] });

// Pads, strides and dilations past what the shaders' 32-bit indices address: a typed error (one
// such conv once gave wrong results, another ran the process out of JavaScript heap).
defineInt32GeometrySuite(api, () => createWebGPUBackend(), {
  title: 'webgpu (Node, Dawn): geometry past 32-bit indexing',
  inUse: (b) => (b as WebGPUBackend).context.pool.stats().live,
});
