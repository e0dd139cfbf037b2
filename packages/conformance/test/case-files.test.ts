import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '@dcnn/core';
import { runCaseFiles } from '../src/index.js';
import { loadCaseDirectory } from '../src/node.js';

const here = __dirname;

describe('case-file directories', () => {
  it('reports malformed files by name and runs every other case', async () => {
    const loaded = loadCaseDirectory(resolve(here, 'fixtures/mixed'));
    expect(loaded.malformed.map((m) => m.file).sort()).toEqual(['broken.json', 'sub/not-json.json']);
    const results = await runCaseFiles(createReferenceBackend(), loaded);
    const byCase = Object.fromEntries(results.map((r) => [r.case, r]));
    expect(byCase['file:broken.json'].status).toBe('error');
    expect(byCase['file:broken.json'].message).toMatch(/broken\.json.*2 values for shape \[2\]/);
    expect(byCase['file:sub/not-json.json'].status).toBe('error');
    expect(byCase['case:hand/relu'].status).toBe('pass');
    expect(byCase['case:hand/split-error'].status).toBe('pass');
  });

  it('fails a case whose expected values are wrong, with the error size', async () => {
    const results = await runCaseFiles(createReferenceBackend(), loadCaseDirectory(resolve(here, 'fixtures/mixed/good.json')));
    const wrong = results.find((r) => r.case === 'case:hand/add-wrong-expectation')!;
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toMatch(/good\.json: output 'y': relL2/);
  });

  it('passes the independent NumPy case files here and the core package\'s', async () => {
    for (const dir of [resolve(here, '../cases'), resolve(here, '../../core/test/cases')]) {
      const loaded = loadCaseDirectory(dir);
      expect(loaded.malformed).toEqual([]);
      expect(loaded.cases.length).toBeGreaterThan(4);
      for (const backend of [createReferenceBackend(), createReferenceBackend({ precision: 'float32' })]) {
        for (const r of await runCaseFiles(backend, loaded)) expect(r.status, `${r.case} on ${r.backend}: ${r.message}`).toBe('pass');
      }
    }
  });
});
