import { defineConfig } from 'vitest/config';
import { browserPreset } from '@dcnn/vitest-preset/browser';

// Headless Chromium, served cross-origin isolated (COOP/COEP) so SharedArrayBuffer, shared wasm
// memory and the worker pool are available in the page.
const preset = browserPreset();
export default defineConfig({
  ...preset,
  server: {
    ...preset.server,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
