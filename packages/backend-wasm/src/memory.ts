/**
 * The backend's WebAssembly.Memory. A shared memory reserves its whole maximum up front, which a
 * browser with little address space (32-bit, some phones) refuses for 4 GiB; then smaller
 * maximums are tried before giving up with a BackendInitError.
 */
import { BackendInitError } from '@dcnn/core';

export const PAGE = 65536;
/** Maximums tried, in pages: 4 GiB, 1 GiB, 256 MiB. */
export const MAXIMUM_PAGES = [65536, 16384, 4096] as const;
const INITIAL_PAGES = 256;

type MemoryConstructor = new (descriptor: WebAssembly.MemoryDescriptor & { shared?: boolean }) => WebAssembly.Memory;

/** The memory and the largest heap (bytes) it can grow to. */
export function createMemory(shared: boolean, Memory: MemoryConstructor = WebAssembly.Memory): { memory: WebAssembly.Memory; maxBytes: number } {
  const failures: string[] = [];
  for (const maximum of MAXIMUM_PAGES) {
    try {
      return { memory: new Memory({ initial: INITIAL_PAGES, maximum, shared }), maxBytes: maximum * PAGE };
    } catch (error) {
      failures.push(`${(maximum * PAGE) / 2 ** 20} MiB: ${(error as Error).message}`);
    }
  }
  throw new BackendInitError({
    op: 'wasm',
    arg: 'memory',
    expected: `a ${shared ? 'shared ' : ''}WebAssembly.Memory of at most ${MAXIMUM_PAGES.map((p) => `${(p * PAGE) / 2 ** 20} MiB`).join(', ')}`,
    actual: failures.join('; '),
  });
}
