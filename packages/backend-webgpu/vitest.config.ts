import { defineConfig } from 'vitest/config';
import { nodePreset } from '@dcnn/vitest-preset';

// Node through Dawn; the *.browser.test.ts files run in headless Chromium (vitest.browser.config.ts).
export default defineConfig(nodePreset({ exclude: ['**/*.browser.test.ts', '**/node_modules/**'] }));
