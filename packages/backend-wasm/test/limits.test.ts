// Geometry the wasm kernels cannot index (they use 32-bit integers) is refused with a typed error
// naming the attribute, where it once wrapped around into wrong results or a raw trap; and a trap
// is an UnsupportedError naming the op whichever thread hit it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedError } from '@dcnn/core';
import { defineInt32GeometrySuite } from '@dcnn/conformance';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { checkStatus } from '../src/status.js';

defineInt32GeometrySuite({ describe, it, beforeAll, afterAll }, () => createWasmBackend(), {
  title: 'wasm: geometry past 32-bit indexing',
  inUse: (b) => (b as WasmBackend).liveBytes(),
});

describe('a trap inside a kernel', () => {
  it.each([1, 2])('is an UnsupportedError naming the op on %i thread(s), and frees the output', async (threads) => {
    const wasm = await createWasmBackend({ threads });
    const before = wasm.liveBytes();
    // A handle at 2 GiB, past the end of memory: every chunk's first load traps, the worker's
    // included (the caller's trap is the one reported; the worker's status is collected).
    const length = 1 << 16;
    const bogus = { handle: { ptr: 2 ** 31, length }, shape: [length] };
    let error: unknown;
    try {
      (wasm.kernels.relu as (...a: unknown[]) => unknown)({ x: bogus }, {}, [[length]]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(error).toMatchObject({ op: 'relu' });
    expect(wasm.liveBytes()).toBe(before);
    wasm.dispose();
  });

  it("a worker's trap (status 99) is an UnsupportedError naming the op too", () => {
    expect(() => checkStatus(99, 'relu', 'unary')).toThrow(expect.objectContaining({ name: 'UnsupportedError', op: 'relu', actual: expect.stringMatching(/trapped in a worker/) }));
  });
});
