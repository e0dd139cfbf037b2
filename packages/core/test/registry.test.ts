import { describe, expect, it } from 'vitest';
import {
  BackendInitError, BackendRegistry, createReferenceBackend, ops, referenceBackendFactory, referenceF32BackendFactory, tensor,
  type BackendFactory,
} from '../src/index.js';
import { spyBackend, type SpyBackend } from './support/spy-backend.js';

interface Made {
  factory: BackendFactory;
  started: SpyBackend[];
  attempts: () => number;
}

/** A factory that either starts a spy backend or fails with `failure`. */
function factory(name: string, priority: number, failure?: Error | string): Made {
  const started: SpyBackend[] = [];
  let attempts = 0;
  return {
    started,
    attempts: () => attempts,
    factory: {
      name,
      priority,
      description: `test backend ${name}`,
      create: async () => {
        attempts++;
        if (failure instanceof Error) throw failure;
        if (failure !== undefined) throw new BackendInitError({ op: name, arg: 'device', expected: 'a device', actual: failure });
        const backend = spyBackend(name);
        started.push(backend);
        return backend;
      },
    },
  };
}

describe('BackendRegistry', () => {
  it('lists by priority, highest first', () => {
    const registry = new BackendRegistry();
    for (const [name, priority] of [['b', 1], ['a', 10], ['c', 5]] as const) registry.register(factory(name, priority).factory);
    expect(registry.list().map((f) => f.name)).toEqual(['a', 'c', 'b']);
    expect(registry.get('c')?.priority).toBe(5);
    expect(registry.get('zzz')).toBeUndefined();
  });

  it('picks the highest-priority backend that starts, trying in order', async () => {
    const gpu = factory('gpu', 30, 'no adapter');
    const wasm = factory('wasm', 20);
    const ref = factory('ref', 0);
    const registry = new BackendRegistry().register(ref.factory).register(gpu.factory).register(wasm.factory);
    const backend = await registry.create();
    expect(backend.name).toBe('wasm');
    expect([gpu.attempts(), wasm.attempts(), ref.attempts()]).toEqual([1, 1, 0]);
  });

  it('reports every failure, with its reason, in one BackendInitError', async () => {
    const registry = new BackendRegistry()
      .register(factory('webgpu', 30, 'navigator.gpu is undefined').factory)
      .register(factory('webgl', 20, new Error('no WebGL2 context')).factory)
      .register(factory('wasm', 10, 'SIMD not supported').factory);
    const error = await registry.create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendInitError);
    const { message, op, arg } = error as BackendInitError;
    expect([op, arg]).toEqual(['registry', 'backend']);
    for (const part of ['webgpu: navigator.gpu is undefined', 'webgl: no WebGL2 context', 'wasm: SIMD not supported']) {
      expect(message).toContain(part);
    }
    // In priority order.
    expect(message.indexOf('webgpu')).toBeLessThan(message.indexOf('webgl'));
    expect(message.indexOf('webgl')).toBeLessThan(message.indexOf('wasm'));
  });

  it('an empty registry says so', async () => {
    await expect(new BackendRegistry().create()).rejects.toThrow(/no backends registered/);
  });

  it('create(name) starts that backend only; an unknown name lists the known ones', async () => {
    const a = factory('a', 1);
    const b = factory('b', 2);
    const registry = new BackendRegistry().register(a.factory).register(b.factory);
    expect((await registry.create('a')).name).toBe('a');
    expect(b.attempts()).toBe(0);
    const error = await registry.create('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendInitError);
    expect((error as Error).message).toMatch(/one of a, b/);
    expect((error as Error).message).toContain('"nope"');
  });

  it('create(name) passes the named backend\'s own failure through', async () => {
    const registry = new BackendRegistry().register(factory('gpu', 1, 'lost device').factory);
    await expect(registry.create('gpu')).rejects.toThrow(/lost device/);
  });

  it('registering a name again replaces the factory', async () => {
    const registry = new BackendRegistry().register(factory('x', 1, 'old').factory).register(factory('x', 1).factory);
    expect(registry.list()).toHaveLength(1);
    expect((await registry.create()).name).toBe('x');
  });

  it('probe() reports availability and reasons, disposing what it started', async () => {
    const ok = factory('ok', 2);
    const registry = new BackendRegistry().register(ok.factory).register(factory('bad', 5, 'no device').factory);
    const rows = await registry.probe();
    expect(rows.map((r) => [r.name, r.available, r.reason])).toEqual([
      ['bad', false, 'no device'],
      ['ok', true, undefined],
    ]);
    expect(ok.started[0].counts.disposes).toBe(1);
  });
});

describe('reference backends', () => {
  it('the factories start the float64 oracle and its float32 variant', async () => {
    const registry = new BackendRegistry().register(referenceF32BackendFactory).register(referenceBackendFactory);
    const chosen = await registry.create();
    expect([chosen.name, chosen.precision, chosen.specificationVersion]).toEqual(['reference', 'float64', 'dcnn-backend/1']);
    const f32 = await registry.create('reference-f32');
    expect([f32.name, f32.precision]).toEqual(['reference-f32', 'float32-cpu']);
  });

  it('the float32 variant rounds every op output to float32', async () => {
    const f64 = createReferenceBackend();
    const f32 = createReferenceBackend({ precision: 'float32' });
    const run = async (backend: typeof f64) => {
      const y = ops.softmax({ x: tensor(backend, [0.1, 0.2, 0.7], [3]) }, { temperature: 0.3 });
      return y.data64();
    };
    const [exact, rounded] = await Promise.all([run(f64), run(f32)]);
    expect(Array.from(rounded)).toEqual(Array.from(exact, (v) => Math.fround(v)));
    expect(Array.from(rounded)).not.toEqual(Array.from(exact));
    const parts = ops.split({ x: tensor(f32, [1 / 3, 2 / 3], [2]) }, { sizes: [1, 1] });
    expect(Array.from(await parts[1].data64())).toEqual([Math.fround(2 / 3)]);
  });
});

describe('BackendRegistry and software devices', () => {
  function softwareFactory(name: string, priority: number, disposed: string[]): BackendFactory {
    return {
      name,
      priority,
      description: `software ${name}`,
      create: async () => ({ ...createReferenceBackend(), name, software: true, dispose: () => disposed.push(name) }),
    };
  }

  it('prefers a lower-priority hardware backend over a software emulation, and disposes the emulation', async () => {
    const disposed: string[] = [];
    const registry = new BackendRegistry().register(softwareFactory('swgpu', 80, disposed)).register(factory('wasm', 50).factory);
    const backend = await registry.create();
    expect(backend.name).toBe('wasm');
    expect(disposed).toEqual(['swgpu']);
  });

  it('falls back to the highest-priority software backend when nothing else starts', async () => {
    const disposed: string[] = [];
    const registry = new BackendRegistry()
      .register(softwareFactory('swgpu', 80, disposed))
      .register(softwareFactory('swgl', 70, disposed))
      .register(factory('wasm', 50, 'no SIMD').factory);
    const backend = await registry.create();
    expect(backend.name).toBe('swgpu');
    expect(disposed).toEqual(['swgl']);
  });

  it('create(name) still starts a named software backend', async () => {
    const registry = new BackendRegistry().register(softwareFactory('swgpu', 80, [])).register(factory('wasm', 50).factory);
    expect((await registry.create('swgpu')).name).toBe('swgpu');
  });
});
