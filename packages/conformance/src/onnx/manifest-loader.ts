/**
 * Loads ONNX node tests through `manifest.json` with caller-supplied readers, so a browser can
 * load them too (vitest browser mode's `commands.readFile`, or `fetch`). The Node loader in
 * `node-dir.ts` scans directories instead and needs no manifest.
 */
import type { OnnxTestFiles } from './run-test.js';

interface ManifestEntry {
  dir: string;
  op_type?: string;
  data_sets: { inputs: { file: string }[]; outputs: { file: string }[] }[];
}

export interface OnnxReaders {
  /** Reads a text file at a path relative to the test root. */
  text(path: string): Promise<string>;
  /** Reads a binary file at a path relative to the test root. */
  bytes(path: string): Promise<Uint8Array>;
}

/**
 * The tests `manifest.json` lists (those `filter` keeps), with their first data set. A test whose
 * files cannot be read, or that has no data set, is returned with `error` set (reported, not
 * dropped); a manifest without `tests` throws.
 */
export async function loadOnnxTestsFromManifest(read: OnnxReaders, filter?: (name: string) => boolean): Promise<OnnxTestFiles[]> {
  const manifest = JSON.parse(await read.text('manifest.json')) as { tests?: Record<string, ManifestEntry> } | null;
  if (!manifest || typeof manifest.tests !== 'object' || manifest.tests === null) throw new Error("manifest.json: expected an object with 'tests'");
  const tests: OnnxTestFiles[] = [];
  for (const [name, entry] of Object.entries(manifest.tests)) {
    if (filter && !filter(name)) continue;
    const noFiles = { name, opType: entry?.op_type, model: new Uint8Array(0), inputs: [], outputs: [] };
    const data = entry?.data_sets?.[0];
    if (!data) {
      tests.push({ ...noFiles, error: 'manifest.json lists no data set for it' });
      continue;
    }
    try {
      tests.push({
        ...noFiles,
        model: await read.bytes(`${entry.dir}/model.onnx`),
        inputs: await Promise.all(data.inputs.map((i) => read.bytes(i.file))),
        outputs: await Promise.all(data.outputs.map((o) => read.bytes(o.file))),
      });
    } catch (error) {
      tests.push({ ...noFiles, error: `unreadable: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return tests;
}
