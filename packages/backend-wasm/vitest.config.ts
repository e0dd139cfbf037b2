import { defineConfig } from 'vitest/config';
import { nodePreset } from '@dcnn/vitest-preset';

// Node 20 validates relaxed SIMD only behind this flag: with it, `relaxedSimd: 'auto'` picks the
// relaxed build, so the suite exercises both builds. Browser tests run with vitest.browser.config.ts.
// Every test runs with freed heap blocks overwritten with NaN (test/setup-poison-freed.ts).
export default defineConfig(
  nodePreset({
    execArgv: ['--experimental-wasm-relaxed-simd'],
    exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
    setupFiles: ['./test/setup-poison-freed.ts'],
  }),
);
