/** What every CLI command provides. Commands are listed in `commands/index.ts`. */
import type { FlagSpec, ParsedArgs } from './args.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  name: string;
  summary: string;
  /** e.g. `op --input FILE.json [--backend NAME] [--json]` */
  usage: string;
  flags: Record<string, FlagSpec>;
  /** How many positional arguments the command takes (default 0); more are a usage error. */
  positionals?: number;
  /** Returns the process exit status. */
  run(args: ParsedArgs, io: Io): Promise<number>;
}
