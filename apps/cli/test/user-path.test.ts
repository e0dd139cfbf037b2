import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createReferenceBackend } from '@dcnn/core';
import { buildModel, saveSafetensors, saveWeights } from '@dcnn/layers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userPath } from '../src/user-path.js';
import { cli, reluCase } from './helpers.js';

/** A fresh folder, set as the folder `pnpm dcnn` was typed in (tests run in apps/cli, never there). */
function userFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcnn-user-'));
  vi.stubEnv('INIT_CWD', dir);
  vi.stubEnv('npm_lifecycle_event', 'dcnn');
  return dir;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('userPath', () => {
  it('resolves a relative path from INIT_CWD and leaves an absolute one alone', () => {
    const dir = userFolder();
    expect(userPath('cases/a.json')).toBe(join(dir, 'cases', 'a.json'));
    expect(userPath('../b.json')).toBe(resolve(dir, '..', 'b.json'));
    expect(userPath('/abs/c.json')).toBe('/abs/c.json');
  });

  it('uses the working directory when dcnn runs in another script, which only inherits INIT_CWD', () => {
    // `"predict": "cd data && dcnn run m --input x.safetensors"`, started from the package root.
    userFolder();
    for (const script of ['predict', undefined]) {
      vi.stubEnv('npm_lifecycle_event', script);
      expect(userPath('x.safetensors'), String(script)).toBe(join(process.cwd(), 'x.safetensors'));
    }
  });

  it('falls back to the working directory when INIT_CWD is unset, empty, missing or not a folder', () => {
    vi.stubEnv('npm_lifecycle_event', 'dcnn');
    const file = join(mkdtempSync(join(tmpdir(), 'dcnn-user-')), 'file');
    writeFileSync(file, '');
    for (const value of [undefined, '', '/no/such/folder', file]) {
      vi.stubEnv('INIT_CWD', value);
      expect(userPath('a.json'), String(value)).toBe(join(process.cwd(), 'a.json'));
    }
  });
});

describe('relative path flags start from the folder pnpm dcnn was run in', () => {
  it('op --input', async () => {
    const dir = userFolder();
    writeFileSync(join(dir, 'relu.json'), JSON.stringify(reluCase));
    const r = await cli('op', '--input', 'relu.json', '--backend', 'reference', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ case: 'relu/hand', status: 'pass' });
    const missing = await cli('op', '--input', 'missing.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--input: cannot read ${join(dir, 'missing.json')}`);
  });

  it('run --weights and --input', async () => {
    const dir = userFolder();
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'x.safetensors'), saveSafetensors({ input: { shape: [3, 20, 20], data: new Float32Array(1200).fill(0.5) } }));
    writeFileSync(join(dir, 'w.safetensors'), await saveWeights(buildModel('dynamic-convnet', { backend: createReferenceBackend(), seed: 3 })));
    const r = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--weights', 'w.safetensors', '--input', 'data/x.safetensors');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`input [1,3,20,20]`);
    expect(r.out).toContain(`weights ${join(dir, 'w.safetensors')}`);
    const missing = await cli('run', 'dynamic-convnet', '--backend', 'reference', '--weights', 'nope.safetensors');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--weights: cannot read ${join(dir, 'nope.safetensors')}`);
  });

  it('conformance --cases, --report and --onnx-node', async () => {
    const dir = userFolder();
    mkdirSync(join(dir, 'cases'));
    writeFileSync(join(dir, 'cases', 'relu.json'), JSON.stringify(reluCase));
    const r = await cli('conformance', '--backend', 'reference', '--cases', 'cases', '--report', 'report.json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('1 passed, 0 failed');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).results).toHaveLength(1);
    expect(r.err).toContain(`report written to ${join(dir, 'report.json')}`);
    const onnx = await cli('conformance', '--backend', 'reference', '--onnx-node', 'onnx');
    expect(onnx.code).toBe(2);
    expect(onnx.err).toContain(`--onnx-node ${join(dir, 'onnx')}: no such file or directory`);
  });

  it('docs --out and --cases', async () => {
    const dir = userFolder();
    const out = await cli('docs', 'conformance', '--backend', 'reference', '--out', 'missing/page.md');
    expect(out.code).toBe(2);
    expect(out.err).toContain(`--out ${join(dir, 'missing', 'page.md')}: cannot write there (no such directory ${join(dir, 'missing')})`);
    const cases = await cli('docs', 'conformance', '--backend', 'reference', '--out', 'page.md', '--cases', 'cases');
    expect(cases.code).toBe(2);
    expect(cases.err).toContain(`--cases ${join(dir, 'cases')}: no such file or directory`);
  });

  it('bench --json', async () => {
    const dir = userFolder();
    const r = await cli('bench', '--backend', 'wasm', '--json', 'missing/b.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--json ${join(dir, 'missing', 'b.json')}: cannot write there (no such directory`);
  });
});
