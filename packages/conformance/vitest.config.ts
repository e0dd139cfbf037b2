import { defineConfig } from 'vitest/config';
import { nodePreset } from '@dcnn/vitest-preset';

export default defineConfig(nodePreset({ exclude: ['**/*.browser.test.ts', '**/node_modules/**'] }));
