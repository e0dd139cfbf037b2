import { defineConfig } from 'vitest/config';
import { nodePreset } from '@dcnn/vitest-preset';

export default defineConfig(nodePreset());
