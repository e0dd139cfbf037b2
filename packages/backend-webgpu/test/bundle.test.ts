// The published package in production bundles: Vite and webpack, each with its default settings,
// build test/bundle/ (importing `@dcnn/backend-webgpu` from dist/ as an app would) and headless
// Chromium runs it on WebGPU (SwiftShader). Checks that the build is clean and that the page got
// the reference's answer. (webpack used to stop at the Node-only imports of the Dawn set-up.)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithVite, buildWithWebpack, pageRunner } from '@dcnn/vitest-preset/bundles';
import { compareOutputs, createReferenceBackend, ops, tensor, tolerances } from '@dcnn/core';
// @ts-expect-error a plain JS module shared with the bundled page
import { bundleOps } from './bundle/ops.js';

const here = dirname(fileURLToPath(import.meta.url));
const page = join(here, 'bundle');
const results = join(here, '..', '.test-results');
const alias = { '@dcnn/backend-webgpu': join(here, '..', 'dist', 'index.js') };

const pages = pageRunner();
afterAll(() => pages.close());

async function runBundle(outDir: string): Promise<void> {
  const result = await pages.open<{ name?: string; values?: number[] }>(outDir);
  expect(result.error).toBeUndefined();
  expect(result.pageErrors).toEqual([]);
  expect(result.name).toBe('webgpu');
  const expected = await bundleOps(createReferenceBackend(), ops, tensor).data();
  expect(compareOutputs(result.values!, expected, tolerances['float32-gpu']).reason).toBeUndefined();
}

describe('the package in a Vite production bundle', () => {
  const outDir = join(results, 'bundle-vite');
  let problems: string[] = [];
  beforeAll(async () => {
    ({ problems } = await buildWithVite(page, outDir, alias));
  }, 120_000);
  it('builds without warnings', () => expect(problems).toEqual([]));
  it('runs in Chromium on WebGPU and computes what the reference computes', () => runBundle(outDir), 120_000);
});

describe('the package in a webpack production bundle', () => {
  const outDir = join(results, 'bundle-webpack');
  let built = { files: [] as string[], problems: [] as string[] };
  beforeAll(async () => {
    built = await buildWithWebpack(page, outDir, alias);
  }, 120_000);

  it('builds without errors or warnings', () => expect(built.problems).toEqual([]));
  it('runs in Chromium on WebGPU and computes what the reference computes', () => runBundle(outDir), 120_000);
});
