/**
 * Files the commands write (`--json FILE`, `--report FILE`, `--out FILE`): checked before the
 * long work starts, and written through a temporary file renamed over the target, so a failed
 * or interrupted write never leaves a truncated file where a complete one is expected.
 */
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, UsageError } from './args.js';

/** Throws a UsageError naming `flag` when `file` cannot be written (a folder, no such folder, no permission). */
export function checkWritable(flag: string, file: string): void {
  const path = resolve(file);
  const folder = dirname(path);
  const fail = (why: string) => new UsageError(`${flag} ${file}: cannot write there (${why})`);
  let target: ReturnType<typeof statSync> | undefined;
  try {
    target = statSync(path);
  } catch {
    target = undefined;
  }
  if (target?.isDirectory()) throw fail('it is a directory; give a file name');
  let parent: ReturnType<typeof statSync>;
  try {
    parent = statSync(folder);
  } catch {
    throw fail(`no such directory ${folder}`);
  }
  if (!parent.isDirectory()) throw fail(`${folder} is not a directory`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw fail(`no permission to create files in ${folder}`);
  }
}

/** Writes `text` to `file` atomically (temporary file in the same folder, then rename). */
export function writeFileAtomic(flag: string, file: string, text: string): void {
  const path = resolve(file);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to tidy: the error below is the one to report.
    }
    throw new CliError(`${flag} ${file}: could not write the file: ${(error as Error).message}`);
  }
}
