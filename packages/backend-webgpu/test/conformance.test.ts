import { afterAll, beforeAll, describe, it } from 'vitest';
import { defineConformanceSuite, layerCases, opCatalogue } from '@dcnn/conformance';
import { createWebGPUBackend } from '../src/index.js';

const api = { describe, it, beforeAll, afterAll };

// The whole op catalogue and the layer cases, at the float32 GPU tolerance of SPEC.md, on Dawn.
defineConformanceSuite(api, () => createWebGPUBackend(), { title: 'webgpu (Node, Dawn)', cases: [...opCatalogue, ...layerCases] });
