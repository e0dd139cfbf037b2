import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it("falls back to the plain build, with a notice, when 'auto' finds no relaxed build to load", async () => {
    // A wasmPaths folder holding only the plain builds (a deployment that copied those alone).
    const folder = await mkdtemp(join(tmpdir(), 'dcnn-plain-'));
    try {
      for (const name of ['dcnn-simd.wasm', 'dcnn-simd-mt.wasm']) {
        await copyFile(fileURLToPath(new URL(`../dist/${name}`, import.meta.url)), join(folder, name));
      }
      for (const threads of [1, 2]) {
        const b = await createWasmBackend({ threads, wasmPaths: folder });
        expect(b.variant).toBe(threads > 1 ? 'dcnn-simd-mt' : 'dcnn-simd');
        if (relaxedSimdSupported()) expect(b.notice).toMatch(/instead of dcnn-relaxed.*dcnn-relaxed(-mt)?\.wasm/);
        else expect(b.notice).toBeUndefined();
        b.dispose();
      }
      if (relaxedSimdSupported()) {
        const forced = createWasmBackend({ relaxedSimd: true, wasmPaths: folder });
        await expect(forced).rejects.toMatchObject({ name: 'BackendInitError', arg: 'wasmPaths' });
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('measures a positive SIMD peak', async () => {
    const b = await createWasmBackend();
    expect(b.measurePeak(50)).toBeGreaterThan(0);
    b.dispose();
  });
});
