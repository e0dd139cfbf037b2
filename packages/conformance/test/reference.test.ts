import { afterAll, beforeAll, describe, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { defineConformanceSuite } from '../src/index.js';

// The reference must pass its own catalogue (in float64 and rounded to float32).
defineConformanceSuite({ describe, it, beforeAll, afterAll }, () => createReferenceBackend(), { title: 'reference' });
defineConformanceSuite({ describe, it, beforeAll, afterAll }, () => createReferenceBackend({ precision: 'float32' }), {
  title: 'reference-f32',
});
