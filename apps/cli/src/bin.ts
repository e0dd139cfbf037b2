#!/usr/bin/env node
import { main } from './cli.js';
import { processIo } from './io.js';

const io = processIo(process.stdout, process.stderr, (code) => process.exit(code));

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(`dcnn: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 70;
  },
);
