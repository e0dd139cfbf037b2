import { defineConfig } from 'tsup';

/**
 * The typings name WebGPU's global types (GPUDevice, GPU, ...), which come from @webgpu/types (a
 * dependency). A `/// <reference types>` in src/index.ts does not survive: tsup's bundled
 * rollup-plugin-dts (6.1.1) files the directive under the .d.ts name and looks it up under the
 * .ts name, so it drops it. The banner writes it into every emitted .d.ts instead.
 */
const WEBGPU_TYPES_REFERENCE = '/// <reference types="@webgpu/types" />';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: { banner: WEBGPU_TYPES_REFERENCE },
  clean: true,
  target: 'es2022',
  // Loaded at run time in Node only (Dawn), never bundled.
  external: ['webgpu'],
});
