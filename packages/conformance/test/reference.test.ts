import { afterAll, beforeAll, describe, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { defineConformanceSuite, layerCases, modelCases, opCatalogue } from '../src/index.js';

const api = { describe, it, beforeAll, afterAll };

// The reference must pass its own catalogue, in float64 and rounded to float32 after every op.
defineConformanceSuite(api, () => createReferenceBackend(), { title: 'reference', cases: [...opCatalogue, ...layerCases] });
// Whole models are slow on the reference; the float32 variant (a real comparison) runs them.
defineConformanceSuite(api, () => createReferenceBackend({ precision: 'float32' }), {
  title: 'reference-f32',
  cases: [...opCatalogue, ...layerCases, ...modelCases],
  timeout: 120_000,
});
