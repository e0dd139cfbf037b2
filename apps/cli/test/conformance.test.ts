import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('dcnn conformance and docs: flag checking', () => {
  const scratch = () => mkdtempSync(join(tmpdir(), 'dcnn-conf-'));

  it('does not pass a run that checks nothing: a --filter matching no case, an --onnx-node folder without tests', async () => {
    const r = await cli('conformance', '--backend', 'reference', '--filter', 'no-such-case');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--filter "no-such-case" matches no catalogue case: nothing to run');
    const empty = await cli('conformance', '--backend', 'reference', '--onnx-node', scratch());
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/--onnx-node \S+: no ONNX node tests there/);
  });

  it('names --onnx-node given a file (it threw ENOTDIR with a stack trace)', async () => {
    const file = join(scratch(), 'model.onnx');
    writeFileSync(file, '');
    const r = await cli('conformance', '--backend', 'reference', '--onnx-node', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--onnx-node ${file}: expected a directory, got a file`);
  });

  it('rejects a backend listed twice (its rows were counted twice in the matrix)', async () => {
    const r = await cli('conformance', '--backend', 'reference,reference', '--filter', 'relu/');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--backend lists reference twice');
  });

  it('rejects --seed, --skip-models and --filter when only case files run (they were ignored)', async () => {
    const cases = resolve(__dirname, '../../../packages/conformance/cases');
    for (const [flag, ...value] of [['--seed', '3'], ['--skip-models'], ['--filter', 'conv']]) {
      const r = await cli('conformance', '--backend', 'reference', '--cases', cases, flag, ...value);
      expect(r.code, flag).toBe(2);
      expect(r.err).toContain(`${flag}`);
      expect(r.err).toContain('the catalogue does not run when --cases or --onnx-node is given (add --catalogue to run it too)');
    }
  });

  it('keeps --seed within 32 bits (the case generators take seed >>> 0)', async () => {
    const r = await cli('conformance', '--backend', 'reference', '--filter', 'relu/', '--seed', '4294967297');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--seed must be an integer from 0 to 4294967295');
  });

  it('checks that --report can be written before running anything (it threw after the whole run)', async () => {
    const dir = scratch();
    for (const report of [join(dir, 'missing', 'r.json'), dir]) {
      const r = await cli('conformance', '--backend', 'reference', '--filter', 'relu/', '--report', report);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--report ${report}: cannot write there`);
      expect(r.err).not.toContain('[reference]');
    }
  });

  it('writes the report whole, through a temporary file that does not stay behind', async () => {
    const dir = scratch();
    const report = join(dir, 'report.json');
    writeFileSync(report, '{"stale": true}');
    const r = await cli('conformance', '--backend', 'reference', '--filter', 'relu/', '--seed', '1', '--report', report);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8')).results).toHaveLength(4);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('docs: checks --out before running the catalogue on every backend, and takes one page name', async () => {
    const out = join(scratch(), 'missing', 'conformance.md');
    const r = await cli('docs', 'conformance', '--backend', 'reference', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--out ${out}: cannot write there (no such directory`);
    const extra = await cli('docs', 'conformance', 'models', '--backend', 'reference', '--out', join(scratch(), 'page.md'), '--cases', '/no/such/dir');
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('unexpected argument "models"');
  });
});
