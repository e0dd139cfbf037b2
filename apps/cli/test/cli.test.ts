import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe('dcnn dispatch', () => {
  it('lists commands with --help and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/backends/);
    expect(r.out).toMatch(/\bop\b/);
  });

  it('exits 2 with usage when no command is given', async () => {
    expect((await cli()).code).toBe(2);
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
  });

  it('rejects an unknown flag and shows the command usage', async () => {
    const r = await cli('backends', '--colour');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown flag --colour/);
    expect(r.err).toMatch(/usage: dcnn backends/);
  });

  it('prints per-command help', async () => {
    const r = await cli('op', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--input FILE\.json/);
  });
});

describe('dcnn backends', () => {
  it('reports the reference backend as available, as JSON', async () => {
    const r = await cli('backends', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { name: string; available: boolean }[];
    expect(rows.find((b) => b.name === 'reference')?.available).toBe(true);
    for (const row of rows) if (!row.available) expect(row).toHaveProperty('reason');
  });
});
