import { afterAll, beforeAll, describe, it } from 'vitest';
import { defineConformanceSuite, layerCases, opCatalogue } from '@dcnn/conformance';
import { createWasmBackend } from '../src/index.js';

const api = { describe, it, beforeAll, afterAll };
const cases = [...opCatalogue, ...layerCases];

// The whole op catalogue and the layer cases at SPEC.md's float32 CPU tolerance: on the plain
// SIMD build, on the relaxed-SIMD build (chosen where the engine validates it), and on 2 threads.
defineConformanceSuite(api, () => createWasmBackend({ relaxedSimd: false }), { title: 'wasm simd', cases });
defineConformanceSuite(api, () => createWasmBackend({ relaxedSimd: 'auto' }), { title: 'wasm auto (relaxed where valid)', cases });
defineConformanceSuite(api, () => createWasmBackend({ threads: 2, relaxedSimd: false }), { title: 'wasm 2 threads', cases });
