import { afterAll, beforeAll, describe, it } from 'vitest';
import { defineConformanceSuite, layerCases, opCatalogue } from '@dcnn/conformance';
import { createWasmBackend } from '../src/index.js';

const api = { describe, it, beforeAll, afterAll };

// The whole op catalogue and the layer cases, at the float32 CPU tolerance of SPEC.md.
defineConformanceSuite(api, () => createWasmBackend(), { title: 'wasm', cases: [...opCatalogue, ...layerCases] });
