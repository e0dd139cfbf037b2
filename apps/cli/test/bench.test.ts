import { readFileSync } from 'node:fs';
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
