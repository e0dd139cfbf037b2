/**
 * The root README's "Using it" snippets run as written (so the documentation keeps matching the
 * API): each ```ts block becomes a module next to this package's dependencies and runs in Node.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReferenceBackend } from '@dcnn/core';
import { buildModel, saveWeights } from '@dcnn/layers';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '../../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Using it'), readme.indexOf('Bad input throws'));
const snippets = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/** Runs `code` as an ES module that resolves @dcnn/* like this package does, in folder `cwd`. */
function runModule(code: string, cwd: string): string {
  // Under this package's node_modules, so Node finds the workspace packages from there.
  const dir = join(here, '../node_modules/.cache/dcnn-readme');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `snippet-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  try {
    return execFileSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 120_000 });
  } finally {
    rmSync(file, { force: true });
  }
}

describe('README "Using it"', () => {
  it('has the two snippets', () => {
    expect(snippets).toHaveLength(2);
  });

  it('runs a conv2d on the reference backend', () => {
    const out = runModule(snippets[0], mkdtempSync(join(tmpdir(), 'dcnn-readme-')));
    expect(out).toContain('[ 1, 8, 16, 16 ]');
    // Row 0 then row 1 of channel 0, by hand: 8 channels · 0.5 · 0.01 per tap inside the image,
    // so a corner (4 taps) is 0.16, an edge (6) 0.24 and the interior (9) 0.36; relu keeps them.
    const values = [...out.slice(out.indexOf('Float32Array')).matchAll(/\d+\.\d+/g)].slice(0, 18).map((m) => Number(m[0]));
    const expected = [0.16, ...Array(14).fill(0.24), 0.16, 0.24, 0.36];
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(values).toHaveLength(18);
  });

  it('loads, fuses and runs dy-mobilenetv2 on wasm with two threads', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dcnn-readme-'));
    const reference = createReferenceBackend();
    const model = buildModel('dy-mobilenetv2', { backend: reference, seed: 1 });
    writeFileSync(join(cwd, 'dy-mobilenetv2.safetensors'), await saveWeights(model));
    model.dispose();
    const code = `const pixels = new Float32Array(3 * 224 * 224).fill(0.25);\n${snippets[1]}\nconsole.log(JSON.stringify(logits.shape), (await logits.data()).every(Number.isFinite));\nwasm.dispose();\n`;
    expect(runModule(code, cwd).trim()).toBe('[1,1000] true');
  });
});
