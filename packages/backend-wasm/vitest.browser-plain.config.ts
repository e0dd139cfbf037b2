import { defineConfig } from 'vitest/config';
import { browserPreset } from '@dcnn/vitest-preset/browser';
import { reporters } from '@dcnn/vitest-preset';

// Headless Chromium serving the page WITHOUT COOP/COEP: not cross-origin isolated, as most
// pages are. Only the fallback test runs here (the rest needs shared memory; see
// vitest.browser.config.ts).
export default defineConfig(
  browserPreset({ include: ['test/not-isolated.browser.test.ts'], reporters: reporters('browser-not-isolated'), setupFiles: ['./test/setup-poison-freed.ts'] }),
);
