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

const consumerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
};

/** Type-checks `source` as a consumer's file that imports the built package; returns tsc's messages. */
function typeCheckConsumer(source: string): string[] {
  const file = join(consumerDir, `consumer-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source.replaceAll('PACKAGE', distIndex));
  const program = ts.createProgram([file], consumerOptions);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The names dist/index.d.ts lets a consumer import as values (not `export type`, not a type). */
function valueExportsOfTypings(): string[] {
  const dts = join(packageDir, 'dist', 'index.d.ts');
  const program = ts.createProgram([dts], consumerOptions);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(dts)!)!;
  return checker.getExportsOfModule(module).filter((symbol) => {
    const declaration = symbol.declarations?.[0];
    if (declaration && ts.isTypeOnlyImportOrExportDeclaration(declaration)) return false;
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return (target.flags & ts.SymbolFlags.Value) !== 0;
  }).map((symbol) => symbol.name);
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

  it('offer as values exactly what dist/index.js exports', async () => {
    const runtime = Object.keys(await import(distIndex)).sort();
    expect(valueExportsOfTypings().sort()).toEqual(runtime);
  });

  it('offer GpuContext, the type of `context`, as a type only', () => {
    const messages = typeCheckConsumer(`
      import { GpuContext, type WebGPUBackend } from 'PACKAGE';
      export const limitsOf = (backend: WebGPUBackend): GPUSupportedLimits => contextOf(backend).limits;
      const contextOf = (backend: WebGPUBackend): GpuContext => backend.context;
      export const asValue = GpuContext;
    `);
    expect(messages).toEqual([expect.stringMatching(/'GpuContext' only refers to a type/)]);
  });
});
