/** Dispatches `dcnn <command> ...` and renders help and errors. */
import { DcnnError } from '@dcnn/core';
import { parseArgs, UsageError } from './args.js';
import type { Command, Io } from './command.js';
import { commands } from './commands/index.js';

function commandHelp(c: Command): string {
  const flags = Object.entries(c.flags).map(([name, f]) => `  --${name}${f.value ? ` ${f.value}` : ''}`.padEnd(28) + f.description);
  return [`usage: dcnn ${c.usage}`, '', c.summary, '', ...(flags.length ? ['flags:', ...flags] : [])].join('\n');
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: dcnn <command> [flags]   (dcnn <command> --help for its flags)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`dcnn: unknown command '${name}'\n\n${mainHelp()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(parseArgs(rest, command.flags), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`dcnn ${name}: ${error.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    if (DcnnError.isDcnnError(error)) {
      io.err(`dcnn ${name}: ${error.name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
