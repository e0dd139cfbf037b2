import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFile } from './helpers.js';

describe('dcnn bench', () => {
  it('runs the tiny rows with peers and writes the JSON report', async () => {
    const file = tempFile('bench.json', '');
    const r = await cli('bench', '--backend', 'wasm', '--suite', 'tiny', '--threads', '1', '--runs', '2', '--warmup', '1', '--json', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/SIMD peak probe/);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.peakGflops).toBeGreaterThan(0);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.rows.map((row: { name: string }) => row.name)).toEqual(['conv3x3', 'depthwise3x3']);
    for (const row of report.rows) {
      expect(row.threads).toBe(1);
      expect(row.ms).toBeGreaterThan(0);
      expect(row.peers['tfjs-wasm']).toBeGreaterThan(0);
      expect(row.peers['ort-web']).toBeGreaterThan(0);
    }
  }, 60_000);

  it('rejects another backend and an unknown suite as usage errors', async () => {
    expect((await cli('bench', '--backend', 'reference')).code).toBe(2);
    expect((await cli('bench', '--suite', 'everything')).code).toBe(2);
  });

  it('rejects the wasm-only flags for the webgpu benchmark before starting a browser', async () => {
    const r = await cli('bench', '--backend', 'webgpu', '--threads', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--threads applies to the wasm benchmark only/);
    const s = await cli('bench', '--backend', 'webgpu', '--no-scaling');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/--no-scaling applies to the wasm benchmark only/);
  });
});

describe('dcnn bench: flag checking and the JSON report', () => {
  it('writes the JSON report to stdout with --json - (the table goes to stderr)', async () => {
    const r = await cli('bench', '--backend', 'wasm', '--suite', 'tiny', '--threads', '1', '--runs', '1', '--warmup', '0', '--no-peers', '--json', '-');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report)).toEqual(['machine', 'peakGflops', 'rows']);
    expect(report.rows.map((row: { name: string }) => row.name)).toEqual(['conv3x3', 'depthwise3x3']);
    for (const row of report.rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['name', 'threads', 'ms', 'gflops', 'peers']));
    expect(r.err).toMatch(/SIMD peak probe/);
  }, 60_000);

  it('checks that --json can be written before measuring anything (it threw after the whole run)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcnn-bench-'));
    for (const backend of ['wasm', 'webgpu']) {
      const r = await cli('bench', '--backend', backend, '--json', join(dir, 'missing', 'b.json'));
      expect(r.code, backend).toBe(2);
      expect(r.err).toContain(`--json ${join(dir, 'missing', 'b.json')}: cannot write there (no such directory`);
      expect(r.err).not.toMatch(/^bench:/m);
    }
  });

  it('checks every flag before it starts: --threads above the backend\'s 256, a negative --warmup', async () => {
    const t = await cli('bench', '--backend', 'wasm', '--threads', '1000');
    expect(t.code).toBe(2);
    expect(t.err).toContain('--threads must be an integer from 1 to 256, got "1000"');
    const w = await cli('bench', '--backend', 'wasm', '--warmup', '-1');
    expect(w.code).toBe(2);
    expect(w.err).not.toMatch(/^bench:/m);
  });

  it('leaves no temporary file beside the --json report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcnn-bench-'));
    const file = join(dir, 'b.json');
    const r = await cli('bench', '--backend', 'wasm', '--suite', 'tiny', '--threads', '1', '--runs', '1', '--warmup', '0', '--no-peers', '--json', file);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).rows).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(['b.json']);
  }, 60_000);
});
