/**
 * Paths the user gives on the command line are relative to the folder they typed the command
 * in. `pnpm dcnn` runs the root script with the repository root as its working directory and
 * names the user's folder in INIT_CWD, so under that script that folder comes first; otherwise
 * (the binary run directly) it is the working directory.
 *
 * Only under the `dcnn` script: every process a package manager starts inherits INIT_CWD, so
 * `cd data && dcnn run m --input x` in another script, or a tool that spawns dcnn in a folder of
 * its own, would otherwise read and write paths from the folder that script was started in.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParsedArgs } from './args.js';

/** The folder relative paths given by the user start from. */
export function userFolder(): string {
  const init = process.env.INIT_CWD;
  if (init && process.env.npm_lifecycle_event === 'dcnn') {
    try {
      if (statSync(init).isDirectory()) return resolve(init);
    } catch {
      // A stale or wrong INIT_CWD: fall back to the working directory.
    }
  }
  return process.cwd();
}

/** `path` as the user meant it: absolute, resolved from `userFolder()` when relative. */
export function userPath(path: string): string {
  return resolve(userFolder(), path);
}

/** The value of path flag `--name`, resolved by `userPath`; undefined when not given. */
export function pathFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const raw = flags[name];
  return typeof raw === 'string' ? userPath(raw) : undefined;
}
