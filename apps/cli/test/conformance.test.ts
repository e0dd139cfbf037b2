import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opCatalogue } from '@dcnn/conformance';
import { cli } from './helpers.js';

const onnxNode = resolve(__dirname, '../../../../shared/onnx-node');
const convCases = opCatalogue.filter((c) => c.name.startsWith('conv2d/')).length;

describe('dcnn conformance', () => {
  it('runs catalogue cases on two backends, prints the matrix and writes the report', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'dcnn-conf-')), 'report.json');
    const r = await cli('conformance', '--backend', 'reference,reference-f32', '--filter', 'conv2d/', '--seed', '5', '--report', report);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/op \/ layer\s+reference\s+reference-f32/);
    expect(r.out).toMatch(new RegExp(`^conv2d\\s+${convCases}/${convCases} `, 'm'));
    expect(r.err).toContain('seeds: 5');
    const { results } = JSON.parse(readFileSync(report, 'utf8'));
    expect(results.length).toBe(2 * convCases);
    for (const row of results) {
      expect(['pass', 'fail', 'error', 'unsupported']).toContain(row.status);
      expect(Object.keys(row).every((k) => ['case', 'backend', 'status', 'relL2', 'maxAbs', 'message'].includes(k))).toBe(true);
    }
  });

  it('runs only the case files when --cases is given, exits 1 on a failing case and names malformed files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcnn-cases-'));
    mkdirSync(join(dir, 'sub'));
    const bad = { format: 'dcnn-case/1', name: 'hand/wrong', op: 'relu', inputs: { x: { shape: [2], values: [-1, 1] } }, outputs: { y: { shape: [2], values: [0, 2] } } };
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify(bad));
    writeFileSync(join(dir, 'sub', 'broken.json'), '{ nope');
    const r = await cli('conformance', '--backend', 'reference', '--cases', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL case:hand/wrong on reference');
    expect(r.out).toContain('ERROR file:sub/broken.json on reference');
    expect(r.out).not.toMatch(/^conv2d/m);
  });

  it('passes every supported float32 ONNX node test on the reference', async () => {
    const r = await cli('conformance', '--backend', 'reference', '--onnx-node', onnxNode);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^onnx:DeformConv\s+4\/4 /m);
    expect(r.out).toMatch(/\d+ passed, 0 failed, 0 errors, \d+ unsupported on reference/);
  });

  it('rejects an unknown directory as a usage error', async () => {
    const r = await cli('conformance', '--cases', '/no/such/dir');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--cases /no/such/dir');
  });
});
