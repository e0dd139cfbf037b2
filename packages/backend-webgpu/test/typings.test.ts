// The published typings (dist/, built by `pnpm build` first, as test/bundle.test.ts needs too)
// as a consumer's `tsc` sees them: with `types: []`, so no global WebGPU types leak in from
// this repository, the package must bring @webgpu/types itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const distIndex = join(packageDir, 'dist', 'index.js');
const consumerDir = mkdtempSync(join(tmpdir(), 'dcnn-webgpu-consumer-'));
afterAll(() => rmSync(consumerDir, { recursive: true, force: true }));

/** Type-checks `source` as a consumer's file that imports the built package; returns tsc's messages. */
function typeCheckConsumer(source: string): string[] {
  const file = join(consumerDir, `consumer-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source.replaceAll('PACKAGE', distIndex));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const program = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the published typings', () => {
  it('depend on @webgpu/types at run time, not only while developing', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@webgpu/types']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies?.['@webgpu/types']).toBeUndefined();
  });

  it('reference @webgpu/types from dist/index.d.ts', () => {
    const dts = readFileSync(join(packageDir, 'dist', 'index.d.ts'), 'utf8');
    expect(dts).toMatch(/^\/\/\/ <reference types="@webgpu\/types" \/>/m);
  });

  it('compile in a consumer that installs no WebGPU types of its own', () => {
    const messages = typeCheckConsumer(`
      import { createWebGPUBackend, type WebGPUBackend } from 'PACKAGE';
      export async function start(device: GPUDevice): Promise<WebGPUBackend> {
        const backend = await createWebGPUBackend({ device, powerPreference: 'low-power' });
        const limits: GPUSupportedLimits = backend.context.limits;
        void limits;
        return backend;
      }
    `);
    expect(messages).toEqual([]);
  });
});
