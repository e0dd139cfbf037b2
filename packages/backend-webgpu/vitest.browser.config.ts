import { defineConfig } from 'vitest/config';
import { browserPreset } from '@dcnn/vitest-preset/browser';

// Headless Chromium with --enable-unsafe-webgpu: navigator.gpu on SwiftShader.
export default defineConfig(browserPreset());
