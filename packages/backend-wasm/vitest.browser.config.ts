import { defineConfig } from 'vitest/config';
import { browserPreset } from '@dcnn/vitest-preset/browser';

// Headless Chromium, served cross-origin isolated (COOP/COEP) so SharedArrayBuffer, shared wasm
// memory and the worker pool are available in the page. The one test that needs a page without
// isolation runs under vitest.browser-plain.config.ts.
// As in Node, freed heap blocks are overwritten with NaN (test/setup-poison-freed.ts).
const preset = browserPreset({ exclude: ['**/node_modules/**', 'test/not-isolated.browser.test.ts'], setupFiles: ['./test/setup-poison-freed.ts'] });
export default defineConfig({
  ...preset,
  server: {
    ...preset.server,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
