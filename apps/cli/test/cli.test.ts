import { describe, expect, it } from 'vitest';
import { EXIT_BROKEN_PIPE, processIo } from '../src/io.js';
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

describe('dcnn argument checking', () => {
  it('rejects a stray argument of a command that takes flags only (it was ignored: `conformance wasm` ran the default backend)', async () => {
    for (const argv of [['backends', 'extra'], ['op', 'relu.json', '--input', 'x.json'], ['conformance', 'wasm'], ['bench', 'webgpu']]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain(`unexpected argument ${JSON.stringify(argv[1])}`);
      expect(r.err).toContain(`usage: dcnn ${argv[0]}`);
    }
  });

  it('rejects a flag given twice instead of keeping the last', async () => {
    const r = await cli('summary', 'mobilenetv2', '--size', '96', '--size', '128', '--json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--size is given twice ("96" and "128")');
  });

  it('names an empty --flag= value as a missing value', async () => {
    const r = await cli('op', '--input=');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--input needs a value (FILE.json), got an empty string');
  });

  it('takes integers in decimal digits only (0x10 was read as 16)', async () => {
    for (const bad of ['0x10', '1e2', '16.0', '+16', ' 16']) {
      const r = await cli('summary', 'mobilenetv2', '--size', bad, '--json');
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain(`--size must be an integer >= 1, got ${JSON.stringify(bad)}`);
    }
  });

  it('prints the usage to stderr, not stdout, when no command is given', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^usage: dcnn <command>/);
  });

  it('shows a command\'s help with `dcnn help <command>` and rejects an unknown one', async () => {
    const r = await cli('help', 'run');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: dcnn run <model>/);
    const bad = await cli('help', 'frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown command 'frobnicate'");
  });

  it('keeps a space between a long flag and its description in help', async () => {
    const r = await cli('conformance', '--help');
    expect(r.out).toMatch(/--backend NAME\[,NAME\]\|all +backends to check/);
    expect(r.out).not.toMatch(/\|allbackends|\|all backends/);
  });
});

describe('processIo', () => {
  it('stops with status 141 and no stack trace when the reader of stdout goes away (EPIPE)', () => {
    const listeners: ((e: NodeJS.ErrnoException) => void)[] = [];
    const stream = { write: () => true, on: (_: 'error', l: (e: NodeJS.ErrnoException) => void) => listeners.push(l) };
    const exits: number[] = [];
    processIo(stream, stream, (code) => exits.push(code));
    expect(listeners).toHaveLength(2);
    listeners[0](Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([EXIT_BROKEN_PIPE]);
    expect(() => listeners[0](Object.assign(new Error('other'), { code: 'EIO' }))).toThrow('other');
  });
});
