// Runs in a page served without COOP/COEP headers (vitest.browser-plain.config.ts): not
// cross-origin isolated, so the page has no SharedArrayBuffer and no shared wasm memory. Asking
// for threads must fall back to one thread, say why, and still compute correctly.
import { describe, expect, it } from 'vitest';
import { compareOutputs, createReferenceBackend, ops, tensor, tolerances, type AnyBackend } from '@dcnn/core';
import { createWasmBackend, threadSupport } from '../src/index.js';

const conv = (b: AnyBackend) => {
  const data = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
  return ops.conv2d({ x: tensor(b, data(2 * 8 * 9 * 9, 0.7), [2, 8, 9, 9]), w: tensor(b, data(12 * 8 * 9, 1.3), [12, 8, 3, 3]) }, { pads: [1, 1, 1, 1], activation: 'relu6' });
};

describe('wasm in a page that is not cross-origin isolated', () => {
  it('runs one thread instead of the two asked for, with a notice saying why', async () => {
    expect(globalThis.crossOriginIsolated).toBe(false);
    expect(typeof SharedArrayBuffer).toBe('undefined');
    expect(threadSupport()).toEqual({ ok: false, reason: expect.stringMatching(/not cross-origin isolated.*COOP.*COEP/) });
    const wasm = await createWasmBackend({ threads: 2 });
    try {
      expect(wasm.threads).toBe(1);
      expect(wasm.variant.endsWith('-mt')).toBe(false);
      expect(wasm.notice).toMatch(/running 1 thread instead of 2: the page is not cross-origin isolated/);
      const ours = await conv(wasm).data();
      const reference = await conv(createReferenceBackend()).data();
      expect(compareOutputs(ours, reference, tolerances['float32-cpu']).reason).toBeUndefined();
      expect(ours.some((v) => v !== 0)).toBe(true);
    } finally {
      wasm.dispose();
    }
  });
});
