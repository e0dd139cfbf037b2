/** Node-only: reads every `*.json` below a directory as case files. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCaseFile } from '@dcnn/core';
import { parseCaseFiles, type LoadedCases } from './run-cases.js';

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...jsonFiles(path));
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

/**
 * Parses every `*.json` file below `dir` (or the one file `dir` names). Malformed files are
 * listed with their path relative to `dir`, never thrown.
 */
export function loadCaseDirectory(dir: string): LoadedCases {
  const files = statSync(dir).isDirectory() ? jsonFiles(dir) : [dir];
  return parseCaseFiles(
    files.map((path) => {
      const file = relative(dir, path) || path;
      try {
        return { file, text: readFileSync(path, 'utf8') };
      } catch (error) {
        return { file, text: `unreadable: ${(error as Error).message}` };
      }
    }),
    parseCaseFile,
  );
}
