/**
 * Judging a case on the wasm backends (the shared judge of @dcnn/conformance, with the heap as
 * the resource that must come back to where it was), plus what only holds here: one and two
 * threads of the same build give identical bits.
 */
import { type FuzzCase, judgeFuzzCase } from '@dcnn/conformance';
import type { WasmBackend } from '../../src/index.js';

export interface Wasm {
  name: string;
  backend: WasmBackend;
}

/** Runs `c` on the reference and every wasm backend; returns the failures, in words. */
export async function check(c: FuzzCase, wasms: Wasm[], label: string): Promise<string[]> {
  const targets = wasms.map(({ name, backend }) => ({ name, backend, resources: { count: () => backend.liveBytes(), unit: 'heap bytes' } }));
  const { failures, outputs } = await judgeFuzzCase(c, targets, label);
  // Same build, one thread and two: identical bits (README: results do not depend on threads).
  const one = outputs.get('wasm-1t');
  const two = outputs.get('wasm-2t');
  if (one && two && !sameBits(two.values, one.values)) {
    failures.push(`${label}\n  wasm-2t differs in bits from wasm-1t (same build, ${wasms.find((w) => w.name === 'wasm-2t')!.backend.variant})`);
  }
  return failures;
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}
