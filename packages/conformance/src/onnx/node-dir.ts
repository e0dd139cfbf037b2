/** Node-only: reads an ONNX node-test directory (the layout of ../shared/onnx-node). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OnnxTestFiles } from './run-test.js';

function numbered(dir: string, prefix: string): Uint8Array[] {
  const files = readdirSync(dir).filter((f) => new RegExp(`^${prefix}_\\d+\\.pb$`).test(f));
  files.sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
  return files.map((f) => new Uint8Array(readFileSync(join(dir, f))));
}

const noFiles = () => ({ model: new Uint8Array(0), inputs: [], outputs: [] });

/** `{ tests: { <name>: { op_type } } }`, or why it could not be read. */
function readManifest(root: string): { types: Record<string, string | undefined>; error?: string } {
  const path = join(root, 'manifest.json');
  if (!existsSync(path)) return { types: {} };
  try {
    const tests = (JSON.parse(readFileSync(path, 'utf8')) as { tests?: Record<string, { op_type?: string }> }).tests ?? {};
    return { types: Object.fromEntries(Object.entries(tests).map(([name, t]) => [name, t?.op_type])) };
  } catch (error) {
    return { types: {}, error: `unreadable manifest.json (op types unknown): ${(error as Error).message}` };
  }
}

/**
 * Every test under `root`: each directory holding `model.onnx`, found in `root` itself and one
 * level down (`node/`, `pytorch-converted/`), with its `test_data_set_0/`. The op type comes from
 * `manifest.json` when present. A test that cannot be read (no data set, an unreadable file) is
 * returned with `error` set, so it is reported rather than dropped; so is an unreadable manifest.
 */
export function loadOnnxNodeTests(root: string, filter?: (name: string) => boolean): OnnxTestFiles[] {
  const manifest = readManifest(root);
  const tests: OnnxTestFiles[] = manifest.error ? [{ name: 'manifest.json', error: manifest.error, ...noFiles() }] : [];
  const dirs: string[] = [];
  const visit = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (existsSync(join(path, 'model.onnx'))) dirs.push(path);
      else if (depth > 0) {
        try {
          visit(path, depth - 1);
        } catch (error) {
          tests.push({ name: entry.name, error: `unreadable directory: ${(error as Error).message}`, ...noFiles() });
        }
      }
    }
  };
  visit(root, 1);
  for (const dir of dirs) {
    const name = dir.split(/[\\/]/).pop()!;
    if (filter && !filter(name)) continue;
    const opType = manifest.types[name];
    const data = join(dir, 'test_data_set_0');
    if (!existsSync(data)) {
      tests.push({ name, opType, error: 'no test_data_set_0 folder beside model.onnx', ...noFiles() });
      continue;
    }
    try {
      tests.push({ name, opType, model: new Uint8Array(readFileSync(join(dir, 'model.onnx'))), inputs: numbered(data, 'input'), outputs: numbered(data, 'output') });
    } catch (error) {
      tests.push({ name, opType, error: `unreadable: ${(error as Error).message}`, ...noFiles() });
    }
  }
  return tests;
}
