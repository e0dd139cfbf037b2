// The package inside a single-file Node bundle (esbuild, as serverless deployments build them):
// esbuild does not carry the .wasm builds and the worker along, so the package cannot find them
// beside itself; copied into a folder and named with `wasmPaths` and `workerUrl`, they run.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from '@dcnn/vitest-preset/bundles';
import { compareOutputs, createReferenceBackend, ops, tensor, tolerances } from '@dcnn/core';
// @ts-expect-error a plain JS module shared with the bundled script
import { bundleConv } from './bundle/conv.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const out = join(here, '..', '.test-results', 'node-bundle');
const app = join(out, 'app.mjs');
const copied = join(out, 'dcnn');

interface AppResult {
  threads?: number;
  values?: number[];
  error?: { name: string; arg?: string; message: string };
}

async function runApp(options: object, cwd = out): Promise<AppResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [app, JSON.stringify(options)], { cwd, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AppResult;
}

async function expectReference(result: AppResult, threads: number): Promise<void> {
  expect(result.error).toBeUndefined();
  expect(result.threads).toBe(threads);
  const expected = await bundleConv(createReferenceBackend(), ops, tensor).data();
  expect(compareOutputs(result.values!, expected, tolerances['float32-cpu']).reason).toBeUndefined();
}

beforeAll(async () => {
  await rm(out, { recursive: true, force: true });
  await bundleForNode(join(here, 'node-bundle', 'app.js'), app, { '@dcnn/backend-wasm': join(dist, 'index.js') });
  // What a deployment copies: the .wasm builds, the worker and the chunk it imports.
  await mkdir(copied, { recursive: true });
  for (const file of await readdir(dist)) {
    if (/\.wasm$|^worker\.js$|^chunk-.*\.js$/.test(file)) await copyFile(join(dist, file), join(copied, file));
  }
}, 60_000);

describe('the package in a single-file Node bundle', () => {
  it('without wasmPaths: a BackendInitError that names the missing file and the option', async () => {
    const { error } = await runApp({});
    expect(error?.name).toBe('BackendInitError');
    expect(error?.arg).toBe('kernels');
    expect(error?.message).toMatch(/dcnn-simd\.wasm/);
    expect(error?.message).toMatch(/wasmPaths/);
  });

  it('with wasmPaths and workerUrl as absolute paths: two threads, the reference result', async () => {
    await expectReference(await runApp({ threads: 2, wasmPaths: copied, workerUrl: join(copied, 'worker.js') }), 2);
  });

  it('with paths relative to the working directory and as file: URLs', async () => {
    await expectReference(await runApp({ threads: 2, wasmPaths: 'dcnn', workerUrl: './dcnn/worker.js' }), 2);
    await expectReference(await runApp({ wasmPaths: pathToFileURL(`${copied}/`).href }), 1);
    const workerUrl = pathToFileURL(join(copied, 'worker.js')).href;
    await expectReference(await runApp({ threads: 2, wasmPaths: pathToFileURL(`${copied}/`).href, workerUrl }), 2);
  });

  it('a wrong folder or worker is a BackendInitError naming the option', async () => {
    const noWasm = await runApp({ wasmPaths: join(out, 'nowhere') });
    expect(noWasm.error).toMatchObject({ name: 'BackendInitError', arg: 'wasmPaths' });
    expect(noWasm.error?.message).toContain(join(out, 'nowhere', 'dcnn-simd.wasm'));
    const noWorker = await runApp({ threads: 2, wasmPaths: copied, workerUrl: join(out, 'nowhere.js') });
    expect(noWorker.error).toMatchObject({ name: 'BackendInitError', arg: 'workerUrl' });
    expect(noWorker.error?.message).toContain('nowhere.js');
  });
});
