/** Node-only: reads an ONNX node-test directory (the layout of ../shared/onnx-node). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OnnxTestFiles } from './run-test.js';

function numbered(dir: string, prefix: string): Uint8Array[] {
  const files = readdirSync(dir).filter((f) => new RegExp(`^${prefix}_\\d+\\.pb$`).test(f));
  files.sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
  return files.map((f) => new Uint8Array(readFileSync(join(dir, f))));
}

/**
 * Every test under `root`: each directory holding `model.onnx` and `test_data_set_0/`, found in
 * `root` itself and one level down (`node/`, `pytorch-converted/`). The op type comes from
 * `manifest.json` when present, else from the model's single node.
 */
export function loadOnnxNodeTests(root: string, filter?: (name: string) => boolean): OnnxTestFiles[] {
  const manifestPath = join(root, 'manifest.json');
  const manifest: Record<string, { op_type?: string }> = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { tests?: Record<string, { op_type?: string }> }).tests ?? {}
    : {};
  const dirs: string[] = [];
  const visit = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (existsSync(join(path, 'model.onnx'))) dirs.push(path);
      else if (depth > 0) visit(path, depth - 1);
    }
  };
  visit(root, 1);
  const tests: OnnxTestFiles[] = [];
  for (const dir of dirs) {
    const name = dir.split(/[\\/]/).pop()!;
    if (filter && !filter(name)) continue;
    const data = join(dir, 'test_data_set_0');
    if (!existsSync(data)) continue;
    tests.push({
      name,
      opType: manifest[name]?.op_type,
      model: new Uint8Array(readFileSync(join(dir, 'model.onnx'))),
      inputs: numbered(data, 'input'),
      outputs: numbered(data, 'output'),
    });
  }
  return tests;
}
