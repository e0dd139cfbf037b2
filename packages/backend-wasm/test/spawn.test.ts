// Starting pool workers: the handshake refuses a worker script that exits first, says nothing in
// time, or answers with another build's protocol, so createWasmBackend fails with a
// BackendInitError instead of hanging or running kernels by the wrong ids.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { loadModule } from '../src/load.js';
import { PROTOCOL, controlBytes } from '../src/threads/protocol.js';
import { refusal, startWorker } from '../src/threads/spawn.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): URL => pathToFileURL(join(here, 'workers', name));

async function init() {
  const module = await loadModule('dcnn-simd-mt');
  const memory = new WebAssembly.Memory({ initial: 32, maximum: 64, shared: true });
  return { module, memory, control: new SharedArrayBuffer(controlBytes(2)), thread: 1, spinMs: 0 };
}

describe('the worker handshake', () => {
  it('accepts only this build protocol', () => {
    expect(refusal({ ready: PROTOCOL })).toBeUndefined();
    expect(refusal('ready')).toMatch(/same @dcnn\/backend-wasm build/);
    expect(refusal({ ready: 'dcnn-wasm-threads/0 convSample' })).toMatch(/dcnn-wasm-threads\/0/);
  });

  it('starts the package worker', async () => {
    const w = await startWorker(undefined, await init());
    w.terminate();
  });

  it('rejects a worker that exits before answering', async () => {
    await expect(startWorker(fixture('exits.mjs'), await init())).rejects.toThrow(/exited \(code 3\) before it was ready/);
  });

  it('rejects a worker that never answers, after the timeout', async () => {
    await expect(startWorker(fixture('silent.mjs'), await init(), 300)).rejects.toThrow(/no answer from the worker .*silent\.mjs.* within 300 ms/);
  });

  it('rejects a worker of another build, and createWasmBackend says which option is at fault', async () => {
    await expect(startWorker(fixture('old-protocol.mjs'), await init())).rejects.toThrow(/instead of this build's protocol/);
    await expect(createWasmBackend({ threads: 2, workerUrl: fixture('old-protocol.mjs') })).rejects.toEqual(
      expect.objectContaining({ name: 'BackendInitError', arg: 'workerUrl', actual: expect.stringMatching(/same @dcnn\/backend-wasm build/) }),
    );
  });
});
