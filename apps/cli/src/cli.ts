/** Dispatches `dcnn <command> ...` and renders help and errors. */
import { DcnnError } from '@dcnn/core';
import { CliError, parseArgs, UsageError } from './args.js';
import type { Command, Io } from './command.js';
import { commands } from './commands/index.js';

function commandHelp(c: Command): string {
  const lefts = Object.entries(c.flags).map(([name, f]) => [`  --${name}${f.value ? ` ${f.value}` : ''}`, f.description] as const);
  // One column for the descriptions, at least two spaces right of the longest flag.
  const width = Math.max(28, ...lefts.map(([left]) => left.length + 2));
  const flags = lefts.map(([left, description]) => `${left.padEnd(width)}${description}`);
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

/** One line for an error nobody anticipated; the stack only when asked for (DCNN_DEBUG=1). */
function internalError(error: unknown): string {
  const debug = Boolean(process.env.DCNN_DEBUG);
  if (error instanceof Error) {
    const text = debug ? (error.stack ?? error.message) : `${error.name}: ${error.message.split('\n')[0]}`;
    return `internal error: ${text}${debug ? '' : '  (DCNN_DEBUG=1 shows the stack)'}`;
  }
  return `internal error: ${String(error)}`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    // Called wrongly: the usage goes to stderr, so nothing looks like a result on stdout.
    io.err(mainHelp());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const about = topic === undefined ? undefined : commands.find((c) => c.name === topic);
    if (topic !== undefined && !about) {
      io.err(`dcnn help: unknown command '${topic}'\n\n${mainHelp()}`);
      return 2;
    }
    io.out(about ? commandHelp(about) : mainHelp());
    return 0;
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
  const hint = `(dcnn ${name} --help shows the usage)`;
  try {
    const args = parseArgs(rest, command.flags);
    const extra = args.positionals[command.positionals ?? 0];
    if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}${command.positionals ? '' : ` (${name} takes flags only)`}`);
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`dcnn ${name}: ${error.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    if (error instanceof CliError) {
      io.err(`dcnn ${name}: ${error.message}\n${hint}`);
      return 1;
    }
    if (DcnnError.isDcnnError(error)) {
      io.err(`dcnn ${name}: ${error.name}: ${error.message}\n${hint}`);
      return 1;
    }
    io.err(`dcnn ${name}: ${internalError(error)}`);
    return 70;
  }
}
