/**
 * Judging a case on the wasm backends (the shared judge of @dcnn/conformance, with the heap as
 * the resource that must come back to where it was), plus what only holds here: one and two
 * threads of the same build give identical bits, and so does any other thread count run.
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
  // Same build, one thread and more: identical bits (README: results do not depend on threads).
  const one = outputs.get('wasm-1t');
  for (const { name, backend } of wasms.filter((w) => /^wasm-\d+t$/.test(w.name) && w.name !== 'wasm-1t')) {
    const many = outputs.get(name);
    if (one && many && !sameBits(many.values, one.values)) {
      failures.push(`${label}\n  ${name} differs in bits from wasm-1t (same build, ${backend.variant})`);
    }
  }
  return failures;
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}
