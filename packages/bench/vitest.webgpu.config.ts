import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { browserPreset } from '@dcnn/vitest-preset/browser';

// The webgpu benchmark page (src/webgpu/webgpu.bench.browser.ts) in headless Chromium. Environment:
// BENCH_RUNS (timed runs per row, default 5), BENCH_ONLY (a row-name substring), BENCH_OUT.
const require = createRequire(import.meta.url);
const ortDist = dirname(require.resolve('onnxruntime-web/webgpu'));
const out = resolve(process.env.BENCH_OUT ?? 'bench-results/webgpu.json');
// Console output only: a JSON report in .test-results/ would count the benchmark as a test in
// `pnpm test`'s summary.
const preset = browserPreset({ include: ['src/webgpu/*.bench.browser.ts'], testTimeout: 1_800_000, reporters: ['default'] });

export default defineConfig({
  ...preset,
  // The report may go anywhere (BENCH_OUT); the page writes it through vitest's file commands.
  server: { ...preset.server, fs: { allow: [resolve(dirname(fileURLToPath(import.meta.url)), '../..'), dirname(out)] } },
  // The peers are imported dynamically by the page; pre-bundle them at start-up, or Vite finds
  // them mid-run, re-optimises, and the page's import fails on a cold cache.
  optimizeDeps: { include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgpu', 'onnxruntime-web/webgpu'] },
  define: {
    __ORT_WASM_DIR__: JSON.stringify(`/@fs${ortDist}/`),
    __BENCH_OUT__: JSON.stringify(out),
    __BENCH_RUNS__: Number(process.env.BENCH_RUNS ?? 5),
    __BENCH_ONLY__: JSON.stringify(process.env.BENCH_ONLY ?? ''),
  },
});
