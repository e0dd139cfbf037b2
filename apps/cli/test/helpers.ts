import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.js';

/** Runs the CLI in-process and captures what it prints. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Writes `content` (JSON-encoded unless a string) to a fresh temp file and returns its path. */
export function tempFile(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcnn-cli-'));
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** A one-op case file worked by hand: relu(-1.5, 0, 2.25) = (0, 0, 2.25). */
export const reluCase = {
  format: 'dcnn-case/1',
  name: 'relu/hand',
  op: 'relu',
  inputs: { x: { shape: [3], values: [-1.5, 0, 2.25] } },
  outputs: { y: { shape: [3], values: [0, 0, 2.25] } },
};
