/** The process's Io: lines to stdout and stderr, and a reader that goes away handled quietly. */
import type { Io } from './command.js';

/** What a shell reports for a process ended by SIGPIPE (128 + 13). */
export const EXIT_BROKEN_PIPE = 141;

interface Stream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * `dcnn ... | head` closes stdout early: Node then raises EPIPE as an unhandled 'error' event (a
 * stack trace). The reader has gone, so there is nothing left to say: stop at once, with the
 * status a shell gives a process killed by SIGPIPE, never 0 (the work did not finish).
 */
export function processIo(stdout: Stream, stderr: Stream, exit: (code: number) => void): Io {
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(EXIT_BROKEN_PIPE);
    else throw error;
  };
  stdout.on('error', onError);
  stderr.on('error', onError);
  return {
    out: (line: string) => void stdout.write(`${line}\n`),
    err: (line: string) => void stderr.write(`${line}\n`),
  };
}
