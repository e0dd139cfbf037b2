import { defineConfig } from 'vitest/config';
import { browserPreset } from '@dcnn/vitest-preset/browser';

export default defineConfig(browserPreset());
