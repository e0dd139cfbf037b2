import { BackendInitError } from '@dcnn/core';
import { describe, expect, it, vi } from 'vitest';
import { createRegistry } from '../src/backends.js';
import { cli, tempFile } from './helpers.js';

// A registered backend that cannot start here, as webgpu is on a machine without an adapter.
vi.mock('../src/backends.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/backends.js')>();
  const broken = {
    name: 'broken',
    priority: -1,
    description: 'never starts',
    create: () => Promise.reject(new BackendInitError({ op: 'broken', arg: 'device', expected: 'a device', actual: 'no device here' })),
  };
  return { ...real, createRegistry: () => real.createRegistry().register(broken) };
});

const known = createRegistry().list().map((f) => f.name).join(', ');
const reluCase = {
  format: 'dcnn-case/1',
  name: 'relu/hand',
  op: 'relu',
  inputs: { x: { shape: [1], values: [-1] } },
  outputs: { y: { shape: [1], values: [0] } },
};

describe('--backend with a name that is not a backend is a usage error (it was a BackendInitError, exit 1)', () => {
  const input = tempFile('relu.json', reluCase);
  const calls: [string, string[]][] = [
    ['op', ['op', '--input', input]],
    ['run', ['run', 'dynamic-convnet']],
  ];

  it.each(calls)('%s: exit 2, one line naming the flag, the accepted names and the value', async (command, argv) => {
    const r = await cli(...argv, '--backend', 'nope');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`dcnn ${command}: --backend must be one of ${known}, got "nope"`);
    expect(r.err).toContain(`usage: dcnn ${command}`);
  });

  it('conformance and docs: names the unknown item of a list', async () => {
    for (const command of [['conformance', '--filter', 'relu/'], ['docs', 'conformance', '--out', tempFile('page.md', '')]]) {
      const r = await cli(...command, '--backend', 'reference,nope');
      expect(r.code, command[0]).toBe(2);
      expect(r.err.split('\n')[0]).toBe(`dcnn ${command[0]}: --backend must be all, or a comma-separated list of ${known}, got "reference,nope" ("nope" is not one)`);
      expect(r.err).not.toContain('[reference]');
    }
  });
});

describe('--backend with a known backend that cannot start here stays a BackendInitError (exit 1)', () => {
  it.each([
    ['op', '--input', tempFile('relu.json', reluCase)],
    ['run', 'dynamic-convnet'],
    ['conformance', '--filter', 'relu/'],
  ])('%s', async (...argv) => {
    const r = await cli(...argv, '--backend', 'broken');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`dcnn ${argv[0]}: BackendInitError: `);
    expect(r.err).toContain('no device here');
  });
});
