/**
 * Finding and compiling the wasm kernels. The .wasm files sit in the package's dist/ folder and
 * are located relative to this module (`new URL(..., import.meta.url)`, which bundlers follow),
 * or in the folder an app names (`wasmPaths`); Node reads `file:` URLs with fs, everything else
 * is fetched. The relaxed-SIMD build is chosen only where `WebAssembly.validate` accepts relaxed
 * SIMD.
 */
import { BackendInitError } from '@dcnn/core';

export type Variant = 'dcnn-simd' | 'dcnn-relaxed' | 'dcnn-simd-mt' | 'dcnn-relaxed-mt';

// '../dist/x.wasm' resolves to dist/x.wasm from dist/index.js and from src/load.ts alike. Each
// is spelled out whole: bundlers follow only literal `new URL('…', import.meta.url)`.
function variantUrl(variant: Variant, folder?: URL): URL {
  if (folder) return new URL(`${variant}.wasm`, folder);
  switch (variant) {
    case 'dcnn-simd':
      return new URL('../dist/dcnn-simd.wasm', import.meta.url);
    case 'dcnn-relaxed':
      return new URL('../dist/dcnn-relaxed.wasm', import.meta.url);
    case 'dcnn-simd-mt':
      return new URL('../dist/dcnn-simd-mt.wasm', import.meta.url);
    case 'dcnn-relaxed-mt':
      return new URL('../dist/dcnn-relaxed-mt.wasm', import.meta.url);
  }
}

// A module with one f32x4.relaxed_madd: (func (result v128) v128.const 0 ×3, relaxed_madd).
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 133, 2, 11,
]);

// (func (result v128) v128.const 0) — plain SIMD.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

export function relaxedSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_PROBE);
}

/** Compiled modules by URL, so each file is compiled once per process. */
const cache = new Map<string, Promise<WebAssembly.Module>>();

async function fetchBytes(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === 'file:') {
    // Node-only: the comments keep bundlers from resolving it for a browser build (webpack fails on Node's modules).
    const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
    const { fileURLToPath } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:url');
    return fs.readFile(fileURLToPath(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.href}`);
  return response.arrayBuffer();
}

/**
 * Compiles (once per process and file) and returns the module of a build variant, from the
 * package's dist/ or from `folder` (the `wasmPaths` option, resolved).
 */
export function loadModule(variant: Variant, folder?: URL): Promise<WebAssembly.Module> {
  const url = variantUrl(variant, folder);
  let pending = cache.get(url.href);
  if (!pending) {
    pending = fetchBytes(url)
      .then((bytes) => WebAssembly.compile(bytes as BufferSource))
      .catch((error: Error) => {
        cache.delete(url.href);
        throw new BackendInitError({
          op: 'wasm',
          arg: folder ? 'wasmPaths' : 'kernels',
          expected: folder
            ? `${url.href} to load and compile (wasmPaths names the folder holding the package's dist/*.wasm files)`
            : `${url.href} to load and compile (run the package build to produce it; where a bundler left the .wasm files behind, copy them and pass wasmPaths)`,
          actual: error.message,
        });
      });
    cache.set(url.href, pending);
  }
  return pending;
}
