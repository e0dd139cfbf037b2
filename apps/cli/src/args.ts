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

export class UsageError extends Error {
  override readonly name = 'UsageError';
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
      flags[name] = value;
    }
  }
  return { positionals, flags };
}

/** Reads an integer flag, with a clear error for anything else. */
export function intFlag(flags: ParsedArgs['flags'], name: string, fallback: number, min = 1): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const raw = flags[name];
  return typeof raw === 'string' ? raw : undefined;
}
