/** Node-only: reads every `*.json` below a directory as case files. */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCaseFile, type OpCase } from '@dcnn/core';
import { parseCaseFiles, type LoadedCases, type MalformedCaseFile } from './run-cases.js';

interface Walk {
  files: string[];
  problems: { path: string; message: string }[];
  /** Real paths of the directories walked: a symlink back up the tree is followed once. */
  seen: Set<string>;
}

function walk(dir: string, w: Walk): void {
  let real: string;
  let names: string[];
  try {
    real = realpathSync(dir);
    if (w.seen.has(real)) return;
    w.seen.add(real);
    names = readdirSync(dir).sort();
  } catch (error) {
    w.problems.push({ path: dir, message: `unreadable directory: ${(error as Error).message}` });
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      // A dangling link or an unreadable entry: reported if it looks like a case file.
      if (name.endsWith('.json')) w.problems.push({ path, message: `unreadable: ${(error as Error).message}` });
      continue;
    }
    if (isDirectory) walk(path, w);
    else if (name.endsWith('.json')) w.files.push(path);
  }
}

/**
 * Parses every `*.json` file below `dir` (or the one file `dir` names) with core's `parseCaseFile`.
 * Malformed or unreadable files are listed with their path relative to `dir`, never thrown; a
 * directory without any `*.json` is listed too (a run that checks nothing must not pass).
 */
export function loadCaseDirectory(dir: string, parse: (text: string, file: string) => OpCase[] = parseCaseFile): LoadedCases {
  const w: Walk = { files: [], problems: [], seen: new Set() };
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    return { cases: [], malformed: [{ file: dir, message: `unreadable: ${(error as Error).message}` }] };
  }
  if (isDirectory) walk(dir, w);
  else w.files.push(dir);
  const name = (path: string) => relative(dir, path) || path;
  const texts: { file: string; text: string }[] = [];
  const unreadable: MalformedCaseFile[] = w.problems.map((p) => ({ file: name(p.path), message: p.message }));
  for (const path of w.files) {
    try {
      texts.push({ file: name(path), text: readFileSync(path, 'utf8') });
    } catch (error) {
      unreadable.push({ file: name(path), message: `unreadable: ${(error as Error).message}` });
    }
  }
  const loaded = parseCaseFiles(texts, parse);
  loaded.malformed.push(...unreadable);
  if (isDirectory && w.files.length === 0 && unreadable.length === 0) {
    loaded.malformed.push({ file: dir, message: 'no *.json case files in this directory or below it' });
  }
  return loaded;
}
