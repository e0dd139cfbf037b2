/**
 * Readers for the ONNX node tests inside vitest browser mode, through its `commands.readFile`
 * (which reads on the Node side, relative to the package under test).
 */
import { parseCaseFiles } from './cases/run-cases.js';
import { loadOnnxTestsFromManifest, type OnnxReaders } from './onnx/index.js';
import type { VectorSources } from './vector-suite.js';

/** The part of `vitest/browser`'s `commands` used here. */
export interface BrowserFileCommands {
  readFile(path: string, encoding?: 'base64'): Promise<string>;
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function browserOnnxReaders(commands: BrowserFileCommands, root: string): OnnxReaders {
  return {
    text: (p) => commands.readFile(`${root}/${p}`),
    bytes: async (p) => fromBase64(await commands.readFile(`${root}/${p}`, 'base64')),
  };
}

/** Case files bundled by Vite's `import.meta.glob(..., { query: '?raw', import: 'default', eager: true })`. */
export function globbedCaseFiles(files: Record<string, string>): { file: string; text: string }[] {
  return Object.entries(files).map(([file, text]) => ({ file: file.replace(/^(\.\.\/)+/, ''), text }));
}

/**
 * The repository's vectors inside Chromium: case files the test bundled with
 * `import.meta.glob` (grouped by directory) and the ONNX node tests read through `commands`
 * (`onnxRoot` is relative to the package under test; the default suits `packages/<name>`).
 */
export function browserVectorSources(
  commands: BrowserFileCommands,
  caseFiles: Record<string, Record<string, string>>,
  onnxRoot = '../../../shared/onnx-node',
): VectorSources {
  return {
    caseFiles: Object.fromEntries(
      Object.entries(caseFiles).map(([group, files]) => [group, () => parseCaseFiles(globbedCaseFiles(files))]),
    ),
    onnxTests: () => loadOnnxTestsFromManifest(browserOnnxReaders(commands, onnxRoot)),
  };
}
