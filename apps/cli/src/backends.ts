/** The backends this CLI knows, in one registry. A new backend package adds its factory here. */
import { BackendRegistry, referenceBackendFactory, referenceF32BackendFactory } from '@dcnn/core';
import { webgpuBackendFactory } from '@dcnn/backend-webgpu';
import { wasmBackendFactory } from '@dcnn/backend-wasm';
import { UsageError, stringFlag, type ParsedArgs } from './args.js';

export function createRegistry(): BackendRegistry {
  return new BackendRegistry().register(referenceBackendFactory).register(referenceF32BackendFactory).register(webgpuBackendFactory()).register(wasmBackendFactory);
}

/**
 * Throws a UsageError unless `name` is registered: an unknown name is a typo to report with the
 * usage, while a known backend that cannot start here stays a BackendInitError (exit 1).
 * `given` is the whole flag value when `name` is one item of a list, `forms` what else it takes.
 */
export function checkBackendName(registry: BackendRegistry, name: string, given = name, forms = 'one of'): void {
  if (registry.get(name)) return;
  const names = registry.list().map((f) => f.name).join(', ');
  const which = given === name ? '' : ` (${JSON.stringify(name)} is not one)`;
  throw new UsageError(`--backend must be ${forms} ${names}, got ${JSON.stringify(given)}${which}`);
}

/** The value of `--backend`, checked by `checkBackendName`; undefined when not given (the best available). */
export function backendFlag(registry: BackendRegistry, flags: ParsedArgs['flags']): string | undefined {
  const name = stringFlag(flags, 'backend');
  if (name !== undefined) checkBackendName(registry, name);
  return name;
}
