import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCaseDirectory } from '../src/node.js';

const relu = JSON.stringify({ format: 'dcnn-case/1', name: 'r', op: 'relu', inputs: { x: { shape: [1], values: [1] } }, outputs: { y: { shape: [1], values: [1] } } });

describe('loadCaseDirectory never throws on what it finds', () => {
  const root = mkdtempSync(join(tmpdir(), 'dcnn-cases-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a dangling link is reported by name, a link back up the tree is followed once (both threw)', () => {
    const dir = join(root, 'links');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'ok.json'), relu);
    symlinkSync(join(root, 'nowhere.json'), join(dir, 'dangling.json'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    const loaded = loadCaseDirectory(dir);
    expect(loaded.cases.map((c) => c.name)).toEqual(['r']);
    expect(loaded.malformed).toEqual([{ file: 'dangling.json', message: expect.stringMatching(/^unreadable: ENOENT/) }]);
  });

  it('a directory without any case file is reported (the run passed with nothing checked)', () => {
    const dir = join(root, 'empty');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'notes.txt'), 'not a case');
    expect(loadCaseDirectory(dir)).toEqual({ cases: [], malformed: [{ file: dir, message: 'no *.json case files in this directory or below it' }] });
  });
});
