/**
 * A small argv parser: positionals, `--flag value`, `--flag=value` and boolean `--flag`.
 * Each command declares its flags so a typo is an error, not a silent default.
 */
export interface FlagSpec {
  /** A flag that takes no value. */
  boolean?: boolean;
  description: string;
  /** Placeholder shown in help, e.g. `FILE`. */
  value?: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

/** A mistake in how the command was called: printed with the command's usage, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A failure that is not a usage mistake and not one of core's typed errors (a report that cannot
 * be written, a file that is not what its flag needs): printed as one line, exit status 1.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const flag = spec[name];
    if (!flag) throw new UsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((f) => `--${f}`).join(', ') || 'none'})`);
    if (flag.boolean) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value (${flag.value ?? 'VALUE'})`);
      if (value === '') throw new UsageError(`--${name} needs a value (${flag.value ?? 'VALUE'}), got an empty string`);
      // The last of two would win silently: `--backend wasm ... --backend webgpu` is a mistake.
      if (typeof flags[name] === 'string') throw new UsageError(`--${name} is given twice (${JSON.stringify(flags[name])} and ${JSON.stringify(value)})`);
      flags[name] = value;
    }
  }
  return { positionals, flags };
}

/**
 * Reads an integer flag written in decimal digits (no sign, exponent, hex or fraction), from
 * `min` to `max`, with a clear error for anything else.
 */
export function intFlag(flags: ParsedArgs['flags'], name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be an integer ${range}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const raw = flags[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** Seeds are 32-bit (the generators take `seed >>> 0`): a larger one would silently alias a smaller. */
export const MAX_SEED = 0xffffffff;
