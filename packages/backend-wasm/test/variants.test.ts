import { describe, expect, it } from 'vitest';
import { BackendInitError } from '@dcnn/core';
import { createWasmBackend, relaxedSimdSupported, simdSupported } from '../src/index.js';

describe('build variants', () => {
  it('chooses the relaxed-SIMD build exactly where WebAssembly.validate accepts relaxed SIMD', async () => {
    expect(simdSupported()).toBe(true);
    const auto = await createWasmBackend();
    expect(auto.variant).toBe(relaxedSimdSupported() ? 'dcnn-relaxed' : 'dcnn-simd');
    const plain = await createWasmBackend({ relaxedSimd: false });
    expect(plain.variant).toBe('dcnn-simd');
    auto.dispose();
    plain.dispose();
  });

  it('reports a relaxed build the engine rejects as a BackendInitError', async () => {
    if (relaxedSimdSupported()) {
      const forced = await createWasmBackend({ relaxedSimd: true });
      expect(forced.variant).toBe('dcnn-relaxed');
      forced.dispose();
    } else {
      await expect(createWasmBackend({ relaxedSimd: true })).rejects.toBeInstanceOf(BackendInitError);
    }
  });

  it('measures a positive SIMD peak', async () => {
    const b = await createWasmBackend();
    expect(b.measurePeak(50)).toBeGreaterThan(0);
    b.dispose();
  });
});
