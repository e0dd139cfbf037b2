/** Checking createWasmBackend's options: a wrong one is a BackendInitError naming it, never ignored. */
import { BackendInitError } from '@dcnn/core';

/** More workers than this is a mistake (a thread count typed as a byte count, say), not a setting. */
export const MAX_THREADS = 256;

const describe = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function reject(arg: string, expected: string, value: unknown): never {
  throw new BackendInitError({ op: 'wasm', arg, expected, actual: describe(value) });
}

export interface CheckedOptions {
  threads?: unknown;
  relaxedSimd?: unknown;
  winograd?: unknown;
  spinMs?: unknown;
  wasmPaths?: unknown;
  workerUrl?: unknown;
}

export function checkOptions(o: CheckedOptions): void {
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && (o.threads as number) >= 1 && (o.threads as number) <= MAX_THREADS)) {
    reject('threads', `an integer from 1 to ${MAX_THREADS}`, o.threads);
  }
  if (o.relaxedSimd !== undefined && o.relaxedSimd !== true && o.relaxedSimd !== false && o.relaxedSimd !== 'auto') {
    reject('relaxedSimd', "true, false or 'auto'", o.relaxedSimd);
  }
  if (o.winograd !== undefined && typeof o.winograd !== 'boolean') reject('winograd', 'true or false', o.winograd);
  if (o.spinMs !== undefined && !(typeof o.spinMs === 'number' && Number.isFinite(o.spinMs) && o.spinMs >= 0)) {
    reject('spinMs', 'a finite number of milliseconds ≥ 0', o.spinMs);
  }
  for (const arg of ['wasmPaths', 'workerUrl'] as const) {
    const value = o[arg];
    if (value !== undefined && !(value instanceof URL) && !(typeof value === 'string' && value.length > 0)) reject(arg, 'a URL, or a non-empty string (a URL or a path)', value);
  }
}
